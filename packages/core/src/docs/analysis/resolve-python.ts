import { dirname, joinPath } from "./paths.ts";
import type { FileFacts } from "./types.ts";

/**
 * Resolves Python modules to repository files (`a/b.py` or `a/b/__init__.py`). Relative imports
 * climb one folder per extra dot; absolute ones are looked up under the root, each Python
 * project's folder and its `src/`, then the importing file's own folder (scripts run from there).
 * When the full dotted name is no file, shorter prefixes are tried (`from pkg import name`).
 */
export class PythonResolver {
  private readonly paths: Set<string>;
  private readonly roots: string[];

  constructor(paths: Set<string>, facts: FileFacts[]) {
    this.paths = paths;
    const projects = facts.filter((f) => f.manifest?.kind === "python").map((f) => dirname(f.path));
    this.roots = [...new Set(["", "src", ...projects.flatMap((dir) => [dir, joinPath(dir, "src")])])];
  }

  resolve(from: string, module: string): string | null {
    const dots = /^\.*/.exec(module)?.[0].length ?? 0;
    const segments = module.slice(dots).split(".").filter(Boolean);
    if (dots > 0) {
      let base = dirname(from);
      for (let up = 1; up < dots; up++) base = dirname(base);
      return this.longestPrefix(base, segments, 0);
    }
    for (const root of [...this.roots, dirname(from)]) {
      const found = this.longestPrefix(root, segments, 1);
      if (found) return found;
    }
    return null;
  }

  private longestPrefix(base: string, segments: string[], minimum: number): string | null {
    for (let take = segments.length; take >= minimum; take--) {
      const path = joinPath(base, segments.slice(0, take).join("/"));
      const found = this.moduleFile(path, take === 0);
      if (found) return found;
    }
    return null;
  }

  private moduleFile(path: string, packageOnly: boolean): string | null {
    const candidates = packageOnly
      ? [joinPath(path, "__init__.py")]
      : [`${path}.py`, joinPath(path, "__init__.py")];
    return candidates.find((c) => this.paths.has(c)) ?? null;
  }
}
