import { compare } from "./inputs.ts";
import type { ModuleInfo } from "./modules.ts";
import type { PlanContext } from "./plan-context.ts";

type Neighbour = { name: string; page: string | null; imports: number };

/**
 * The modules (or, outside any module, top-level folders) that a module imports from and that
 * import from it, with how many file-to-file imports each way; most imports first.
 */
export function neighbours(
  context: PlanContext,
  module: ModuleInfo,
): { dependsOn: Neighbour[]; usedBy: Neighbour[] } {
  const inModule = new Set(module.files);
  const out = new Map<string, number>();
  const into = new Map<string, number>();
  for (const { from, to } of context.analysis.graph.edges) {
    if (inModule.has(from) && !inModule.has(to)) bump(out, ownerOf(context, to));
    if (inModule.has(to) && !inModule.has(from) && !context.facts.get(from)?.isTest)
      bump(into, ownerOf(context, from));
  }
  const list = (counts: Map<string, number>) =>
    [...counts]
      .map(([name, imports]) => ({
        name,
        page: context.modules.find((m) => m.folder === name)?.page ?? null,
        imports,
      }))
      .sort((a, b) => b.imports - a.imports || compare(a.name, b.name))
      .slice(0, 15);
  return { dependsOn: list(out), usedBy: list(into) };
}

/** Languages of `paths` by lines, most first. */
export function languagesOf(context: PlanContext, paths: string[]): string[] {
  const lines = new Map<string, number>();
  for (const path of paths) {
    const f = context.facts.get(path);
    if (f?.language) lines.set(f.language, (lines.get(f.language) ?? 0) + f.lines);
  }
  return [...lines].sort((a, b) => b[1] - a[1] || compare(a[0], b[0])).map(([language]) => language);
}

/** The module holding a file, or, outside every module, the file's own folder. */
export function ownerOf(context: PlanContext, path: string): string {
  const module = context.moduleOf(path);
  if (module) return module.folder;
  const cut = path.lastIndexOf("/");
  return cut < 0 ? "(root files)" : path.slice(0, cut);
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
