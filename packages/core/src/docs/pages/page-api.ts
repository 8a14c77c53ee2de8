import type { ExportedSymbol, LineRange } from "../analysis/types.ts";
import { compare } from "./inputs.ts";
import { code, omitted, type PageWriter, sections, table, text } from "./markdown.ts";
import { ownerOf } from "./module-links.ts";
import { mostImportant, type PlanContext } from "./plan-context.ts";
import { PAGE_TITLES, type PagePlan } from "./types.ts";

export interface ApiData {
  kind: "api";
  routes: { path: string; method: string; route: string; lines: LineRange }[];
  omittedRoutes: number;
  modules: {
    path: string;
    why: string;
    exports: { name: string; kind: ExportedSymbol["kind"]; lines: LineRange }[];
  }[];
  omittedModules: number;
}

const MAX_ROUTES = 200;
const MAX_MODULES = 30;
const MAX_EXPORTS_PER_MODULE = 25;
const CALLABLE = new Set<ExportedSymbol["kind"]>(["function", "class", "const"]);

/**
 * The surface other code and clients use: HTTP routes, and the exported functions of entry points
 * and of files imported across top-level folders. No page when neither is detectable.
 */
export function planApi(context: PlanContext): PagePlan | null {
  const { facts } = context;
  const paths = [...facts.keys()].filter((p) => !facts.get(p)?.isTest).sort(compare);
  const routes = paths.flatMap((path) =>
    (facts.get(path)?.routes ?? []).map((r) => ({ path, method: r.method, route: r.path, lines: r.lines })),
  );
  const why = new Map<string, string>();
  for (const e of context.analysis.entryPoints)
    if (facts.has(e.path)) why.set(e.path, `entry point (${e.reason})`);
  for (const { from, to } of context.analysis.graph.edges) {
    if (!why.has(to) && ownerOf(context, from) !== ownerOf(context, to) && !facts.get(from)?.isTest) {
      why.set(to, "imported from other modules");
    }
  }
  const candidates = mostImportant(
    context,
    [...why.keys()].filter((p) => callables(context, p).length > 0),
    Number.MAX_SAFE_INTEGER,
  );
  const modules = candidates.slice(0, MAX_MODULES).map((path) => ({
    path,
    why: why.get(path) ?? "",
    exports: callables(context, path).slice(0, MAX_EXPORTS_PER_MODULE),
  }));
  if (routes.length === 0 && modules.length === 0) return null;
  const data: ApiData = {
    kind: "api",
    routes: routes.slice(0, MAX_ROUTES),
    omittedRoutes: Math.max(0, routes.length - MAX_ROUTES),
    modules,
    omittedModules: Math.max(0, candidates.length - MAX_MODULES),
  };
  const routeFiles = [...new Set(data.routes.map((r) => r.path))];
  const summarize = [
    ...mostImportant(context, routeFiles, 4),
    ...modules.slice(0, 4).map((m) => m.path),
  ].filter((p, i, all) => all.indexOf(p) === i);
  const sources = [...summarize, ...routeFiles, ...modules.map((m) => m.path)];
  return { path: "api.md", kind: "api", title: PAGE_TITLES.api, data, sources, summarize };
}

function callables(context: PlanContext, path: string) {
  return (context.facts.get(path)?.exports ?? [])
    .filter((e) => CALLABLE.has(e.kind))
    .map((e) => ({ name: e.name, kind: e.kind, lines: e.lines }));
}

export function renderApi(data: ApiData, w: PageWriter): string {
  return sections(
    data.routes.length > 0 &&
      `## HTTP routes\n\n${table(
        ["Method", "Path", "Defined in"],
        data.routes.map((r) => [code(r.method), code(r.route), w.at(r.path, r.lines)]),
      )}`,
    omitted(data.omittedRoutes, "routes"),
    data.modules.length > 0 &&
      `## Exported functions\n\nFiles other code starts from or imports across modules, with what they export.\n\n${data.modules
        .map(
          (m) =>
            `### ${w.file(m.path)}\n\n${text(m.why)}.\n\n${table(
              ["Name", "Kind", "Defined in"],
              m.exports.map((e) => [code(e.name), e.kind, w.at(m.path, e.lines)]),
            )}`,
        )
        .join("\n\n")}`,
    omitted(data.omittedModules, "files with exports"),
  );
}
