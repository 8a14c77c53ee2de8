import { dirname, joinPath } from "./paths.ts";
import type { FileFacts } from "./types.ts";

/**
 * Resolves Go import paths under a go.mod's module path to that package's folder, and from there
 * to every non-test `.go` file in it: a Go import names a package, so the file graph gets an edge
 * to each file of the package (the folder-level graph counts them all).
 */
export class GoResolver {
  private readonly modules: { path: string; dir: string }[];
  private readonly packageFiles = new Map<string, string[]>();

  constructor(facts: FileFacts[]) {
    this.modules = facts
      .flatMap((f) =>
        f.manifest?.kind === "go" && f.manifest.name ? [{ path: f.manifest.name, dir: dirname(f.path) }] : [],
      )
      .sort((a, b) => b.path.length - a.path.length);
    for (const f of facts) {
      if (f.language !== "Go" || f.isTest) continue;
      const dir = dirname(f.path);
      const list = this.packageFiles.get(dir);
      if (list) list.push(f.path);
      else this.packageFiles.set(dir, [f.path]);
    }
  }

  resolve(importPath: string): string[] {
    const module = this.modules.find((m) => importPath === m.path || importPath.startsWith(`${m.path}/`));
    if (!module) return [];
    const dir = joinPath(module.dir, importPath.slice(module.path.length + 1));
    return this.packageFiles.get(dir) ?? [];
  }
}
