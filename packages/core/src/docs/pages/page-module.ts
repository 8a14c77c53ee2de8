import type { ExportedSymbol, LineRange } from "../analysis/types.ts";
import { basename, cutGraph, dirname, type GraphCut } from "./diagrams.ts";
import { compare } from "./inputs.ts";
import { bullets, code, count, omitted, type PageWriter, plural, sections, table, text } from "./markdown.ts";
import { buildFlowchart, mermaidBlock } from "./mermaid.ts";
import { languagesOf, neighbours } from "./module-links.ts";
import type { ModuleInfo } from "./modules.ts";
import { mostImportant, type PlanContext, roughly } from "./plan-context.ts";
import type { PagePlan } from "./types.ts";

export interface ModuleData {
  kind: "module";
  folder: string;
  files: number;
  lines: number;
  languages: string[];
  fileTable: { path: string; lines: number; exports: string[]; test: boolean }[];
  omittedFiles: number;
  exports: { path: string; name: string; kind: ExportedSymbol["kind"]; lines: LineRange }[];
  omittedExports: number;
  routes: { path: string; method: string; route: string; lines: LineRange }[];
  dependsOn: { name: string; page: string | null; imports: number }[];
  usedBy: { name: string; page: string | null; imports: number }[];
  internal: GraphCut;
  testedBy: string[];
  omittedTests: number;
}

const MAX_FILES = 40;
const MAX_EXPORTS = 60;
const MAX_ROUTES = 40;
const MAX_TESTS = 15;
const SUMMARIES = 6;

/** One page per major folder: its files, what it exports, what it needs and who uses it. */
export function planModule(context: PlanContext, module: ModuleInfo): PagePlan {
  const { facts } = context;
  const inModule = new Set(module.files);
  const ranked = mostImportant(context, module.files, module.files.length);
  const code = ranked.filter((p) => !facts.get(p)?.isTest);
  const exports = code.flatMap((path) =>
    (facts.get(path)?.exports ?? [])
      .filter((e) => e.kind !== "type" && e.kind !== "interface")
      .map((e) => ({ path, name: e.name, kind: e.kind, lines: e.lines })),
  );
  const routes = code.flatMap((path) =>
    (facts.get(path)?.routes ?? []).map((r) => ({ path, method: r.method, route: r.path, lines: r.lines })),
  );
  const testers = new Set<string>();
  for (const path of module.files) {
    if (facts.get(path)?.isTest) testers.add(path);
    for (const from of context.importers.get(path) ?? []) if (facts.get(from)?.isTest) testers.add(from);
  }
  const internalEdges = module.files.flatMap((from) =>
    (context.imports.get(from) ?? []).filter((to) => inModule.has(to)).map((to) => ({ from, to, weight: 1 })),
  );
  const tests = [...testers].sort(compare);
  const data: ModuleData = {
    kind: "module",
    folder: module.folder,
    files: module.files.length,
    lines: roughly(module.files.reduce((sum, p) => sum + (facts.get(p)?.lines ?? 0), 0)),
    languages: languagesOf(context, module.files).slice(0, 3),
    fileTable: ranked.slice(0, MAX_FILES).map((path) => {
      const f = facts.get(path);
      return {
        path,
        lines: f?.lines ?? 0,
        exports: (f?.exports ?? []).slice(0, 6).map((e) => e.name),
        test: !!f?.isTest,
      };
    }),
    omittedFiles: Math.max(0, ranked.length - MAX_FILES),
    exports: exports.slice(0, MAX_EXPORTS),
    omittedExports: Math.max(0, exports.length - MAX_EXPORTS),
    routes: routes.slice(0, MAX_ROUTES),
    ...neighbours(context, module),
    internal: cutGraph(internalEdges, { maxNodes: 20, maxEdges: 40 }),
    testedBy: tests.slice(0, MAX_TESTS),
    omittedTests: Math.max(0, tests.length - MAX_TESTS),
  };
  const summarize = code.slice(0, SUMMARIES);
  const sources = [...summarize, ...data.fileTable.map((f) => f.path), ...data.testedBy];
  sources.push(...data.exports.map((e) => e.path), ...data.routes.map((r) => r.path));
  return { path: module.page, kind: "module", title: module.folder, data, sources, summarize };
}

export function renderModule(data: ModuleData, w: PageWriter): string {
  const link = (n: { name: string; page: string | null; imports: number }) =>
    `${n.page ? w.page(n.page, n.name) : code(n.name)} (${plural(n.imports, "import")})`;
  return sections(
    `${code(`${data.folder}/`)} holds ${count(data.files)} files, about ${count(data.lines)} lines${data.languages.length ? `, mostly ${text(data.languages.join(", "))}` : ""}.`,
    `## Files\n\n${table(
      ["File", "Lines", "Exports"],
      data.fileTable.map((f) => [
        `${w.file(f.path)}${f.test ? " (test)" : ""}`,
        count(f.lines),
        f.exports.map((e) => code(e)).join(", "),
      ]),
    )}`,
    omitted(data.omittedFiles, "files"),
    data.exports.length > 0 &&
      `## Exported API\n\n${bullets(data.exports.map((e) => `${code(e.name)} (${e.kind}) in ${w.at(e.path, e.lines)}`))}`,
    omitted(data.omittedExports, "exports"),
    data.routes.length > 0 &&
      `## HTTP routes\n\n${table(
        ["Method", "Path", "Defined in"],
        data.routes.map((r) => [code(r.method), code(r.route), w.at(r.path, r.lines)]),
      )}`,
    data.dependsOn.length > 0 && `## Depends on\n\n${bullets(data.dependsOn.map(link))}`,
    data.usedBy.length > 0 && `## Used by\n\n${bullets(data.usedBy.map(link))}`,
    data.internal.edges.length > 0 &&
      `## Inside the module\n\nAn arrow means "imports".\n\n${mermaidBlock(internalChart(data.internal))}${data.internal.omittedNodes + data.internal.omittedEdges > 0 ? `\n\nLeft out for readability: ${count(data.internal.omittedNodes)} files and ${count(data.internal.omittedEdges)} imports.` : ""}`,
    data.testedBy.length > 0 && `## Tests\n\n${bullets(data.testedBy.map((p) => w.file(p)))}`,
    omitted(data.omittedTests, "test files"),
  );
}

function internalChart(graph: GraphCut): string {
  const folders = [...new Set(graph.nodes.map(dirname))].sort(compare);
  return buildFlowchart({
    direction: "LR",
    nodes: graph.nodes.map((p) => ({
      key: p,
      label: basename(p),
      ...(folders.length > 1 ? { group: dirname(p) } : {}),
    })),
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to })),
    groups: folders.length > 1 ? folders.map((f) => ({ key: f, label: `${f}/` })) : [],
  });
}
