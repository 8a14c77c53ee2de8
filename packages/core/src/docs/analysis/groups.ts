/**
 * The folder a file is grouped under for folder-level views (import edges between folders, test
 * folders). The rule: take the top-level folder, then keep descending while the folder taken is
 * a container of other units — a workspace container (`packages`, `apps`, `cmd`, `internal`, ...),
 * a source root (`src`, `lib`, ...) or a package with its own manifest — up to four levels. So
 * `packages/core/src/agent/turn.ts` groups under `packages/core/src/agent`, `functions/http/app.ts`
 * (functions has a package.json) under `functions/http`, `cmd/server/main.go` under `cmd/server`,
 * and `docs/guide.md` under `docs`. Root files group under `.`.
 */

const CONTAINERS = new Set([
  "packages",
  "apps",
  "libs",
  "modules",
  "crates",
  "services",
  "plugins",
  "workspaces",
  "cmd",
  "internal",
  "pkg",
]);
const SOURCE_ROOTS = new Set(["src", "lib", "source", "app"]);
const MAX_DEPTH = 4;

/** Groups paths by the rule above; `packageRoots` are the folders (not the root) holding a manifest. */
export class FolderGrouping {
  private readonly packageRoots: Set<string>;

  constructor(packageRoots: Iterable<string>) {
    this.packageRoots = new Set(packageRoots);
  }

  /** The group of a file path. */
  of(path: string): string {
    const dirs = path.split("/").slice(0, -1);
    if (dirs.length === 0) return ".";
    let take = 1;
    while (take < dirs.length && take < MAX_DEPTH && this.descends(dirs, take)) take++;
    return dirs.slice(0, take).join("/");
  }

  private descends(dirs: string[], take: number): boolean {
    const last = dirs[take - 1] ?? "";
    return (
      CONTAINERS.has(last) || SOURCE_ROOTS.has(last) || this.packageRoots.has(dirs.slice(0, take).join("/"))
    );
  }
}
