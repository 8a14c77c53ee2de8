import { dirname, joinPath, resolvePath } from "./paths.ts";
import type { FileFacts } from "./types.ts";

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".d.ts", ".json"];
const TS_FOR_JS: Record<string, string[]> = {
  ".js": [".ts", ".tsx"],
  ".jsx": [".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"],
};

interface WorkspacePackage {
  name: string;
  dir: string;
  exports: Record<string, string>;
  entryPoints: string[];
}

/**
 * Resolves TypeScript/JavaScript specifiers to repository files: relative paths (with or without
 * an extension, `.js` written for a `.ts` file as TypeScript allows, `/index.*`), and workspace
 * package names (from every package.json) through their `exports` subpaths, else `src/` or the
 * package folder. External packages and path aliases resolve to nothing.
 */
export class JsResolver {
  private readonly paths: Set<string>;
  private readonly packages: WorkspacePackage[];

  constructor(paths: Set<string>, facts: FileFacts[]) {
    this.paths = paths;
    this.packages = facts.flatMap((f) =>
      f.manifest?.kind === "npm" && f.manifest.name
        ? [
            {
              name: f.manifest.name,
              dir: dirname(f.path),
              exports: f.manifest.exports ?? {},
              entryPoints: f.manifest.entryPoints,
            },
          ]
        : [],
    );
  }

  resolve(from: string, specifier: string): string | null {
    const spec = specifier.replace(/[?#].*$/, "");
    if (spec.startsWith(".")) {
      const base = resolvePath(dirname(from), spec);
      return base === null ? null : this.file(base);
    }
    if (spec.startsWith("/")) return this.file(spec.slice(1));
    const pkg = this.packages.find((p) => spec === p.name || spec.startsWith(`${p.name}/`));
    return pkg ? this.inPackage(pkg, spec === pkg.name ? "." : `.${spec.slice(pkg.name.length)}`) : null;
  }

  private inPackage(pkg: WorkspacePackage, subpath: string): string | null {
    const exported = exportTarget(pkg.exports, subpath);
    if (exported !== undefined) return this.file(exported);
    if (subpath === ".") {
      const entries = [...pkg.entryPoints, joinPath(pkg.dir, "src/index"), joinPath(pkg.dir, "index")];
      return firstFound(entries, (entry) => this.file(entry));
    }
    const rest = subpath.slice(2);
    return firstFound([joinPath(pkg.dir, `src/${rest}`), joinPath(pkg.dir, rest)], (base) => this.file(base));
  }

  /** The file a path names, trying extensions, TypeScript sources for `.js` names, and `index` files. */
  private file(base: string): string | null {
    if (this.paths.has(base)) return base;
    const extension = /\.[cm]?jsx?$/.exec(base)?.[0];
    const candidates = [
      ...(extension ? (TS_FOR_JS[extension] ?? []).map((ts) => base.slice(0, -extension.length) + ts) : []),
      ...EXTENSIONS.map((e) => base + e),
      ...EXTENSIONS.map((e) => `${base}/index${e}`),
    ];
    return candidates.find((c) => this.paths.has(c)) ?? null;
  }
}

/** The `exports` target for a subpath: an exact key, else a `*` pattern with the matched part substituted. */
function exportTarget(exports: Record<string, string>, subpath: string): string | undefined {
  if (exports[subpath] !== undefined) return exports[subpath];
  for (const [key, target] of Object.entries(exports)) {
    const star = key.indexOf("*");
    if (star === -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1) {
      return target.replace("*", subpath.slice(prefix.length, subpath.length - suffix.length));
    }
  }
  return undefined;
}

function firstFound(candidates: string[], find: (candidate: string) => string | null): string | null {
  for (const candidate of candidates) {
    const found = find(candidate);
    if (found) return found;
  }
  return null;
}
