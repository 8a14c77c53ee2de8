import type { ManifestKind } from "../analysis/types.ts";
import { compare } from "./inputs.ts";
import { code, omitted, type PageWriter, sections, table, text } from "./markdown.ts";
import type { PlanContext } from "./plan-context.ts";
import { PAGE_TITLES, type PagePlan } from "./types.ts";

type Listed = { name: string; version: string }[];

export interface DependenciesData {
  kind: "dependencies";
  manifests: {
    path: string;
    kind: ManifestKind;
    name: string | null;
    runtime: Listed;
    dev: Listed;
    omitted: number;
  }[];
  omittedManifests: number;
}

const MAX_MANIFESTS = 20;
const MAX_PER_MANIFEST = 150;

/** Third-party packages per manifest, runtime apart from development. No page without manifests. */
export function planDependencies(context: PlanContext): PagePlan | null {
  const manifests = context.analysis.manifests.filter((m) => context.facts.has(m.path));
  if (manifests.length === 0) return null;
  const data: DependenciesData = {
    kind: "dependencies",
    manifests: manifests.slice(0, MAX_MANIFESTS).map(({ path, manifest }) => {
      const sorted = [...manifest.dependencies].sort((a, b) => compare(a.name, b.name));
      const shown = sorted.slice(0, MAX_PER_MANIFEST);
      const pick = (dev: boolean) =>
        shown.filter((d) => d.dev === dev).map((d) => ({ name: d.name, version: d.version }));
      return {
        path,
        kind: manifest.kind,
        name: manifest.name ?? null,
        runtime: pick(false),
        dev: pick(true),
        omitted: sorted.length - shown.length,
      };
    }),
    omittedManifests: Math.max(0, manifests.length - MAX_MANIFESTS),
  };
  const paths = data.manifests.map((m) => m.path);
  return {
    path: "dependencies.md",
    kind: "dependencies",
    title: PAGE_TITLES.dependencies,
    data,
    sources: paths,
    summarize: paths.slice(0, 4),
  };
}

export function renderDependencies(data: DependenciesData, w: PageWriter): string {
  return sections(
    ...data.manifests.map((m) => {
      const heading = `## ${m.name ? `${text(m.name)} (${w.file(m.path)})` : w.file(m.path)}`;
      const list = (deps: Listed) =>
        table(
          ["Package", "Version"],
          deps.map((d) => [code(d.name), d.version ? code(d.version) : "any"]),
        );
      return sections(
        heading,
        m.runtime.length > 0 ? `### Runtime\n\n${list(m.runtime)}` : "No runtime dependencies.",
        m.dev.length > 0 && `### Development\n\n${list(m.dev)}`,
        omitted(m.omitted, "dependencies"),
      );
    }),
    omitted(data.omittedManifests, "manifests"),
  );
}
