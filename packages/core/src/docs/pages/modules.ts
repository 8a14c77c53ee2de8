import { compare } from "./inputs.ts";

/**
 * Which folders get a page of their own. A module is a folder of code: a top-level folder, or,
 * for a folder that is only a container (`src`, `packages`, a folder too big to read as one, or a
 * folder whose files nearly all sit in one subfolder), its subfolders instead, down a few levels.
 */

export interface ModuleInfo {
  /** Folder path, no trailing slash. */
  folder: string;
  /** Page path inside the doc set: `modules/<slug>.md`. */
  page: string;
  /** Every file under the folder, sorted by path. */
  files: string[];
  /** Files with a programming language (what "major" is counted in). */
  codeFiles: number;
}

/** A folder with fewer code files than this gets no page of its own. */
export const MIN_MODULE_CODE_FILES = 3;
/** A folder with more code files than this is split into its subfolders when it has any. */
export const MAX_MODULE_CODE_FILES = 60;
/** At most this many module pages; the largest modules win. */
export const MAX_MODULES = 24;
const MAX_DEPTH = 4;
const CONTAINER_NAMES = new Set([
  "src",
  "lib",
  "packages",
  "apps",
  "app",
  "pkg",
  "internal",
  "cmd",
  "modules",
  "services",
  "crates",
  "libs",
  "source",
]);

interface Folder {
  path: string;
  files: string[];
  codeFiles: number;
  children: Map<string, Folder>;
}

/** The major modules of a repository, largest first (ties by path), at most {@link MAX_MODULES}. */
export function chooseModules(paths: string[], isCode: (path: string) => boolean): ModuleInfo[] {
  const root = folderTree(paths, isCode);
  const chosen: Folder[] = [];
  for (const top of root.children.values()) collect(top, 1, chosen);
  const major = chosen
    .filter((f) => f.codeFiles >= MIN_MODULE_CODE_FILES)
    .sort((a, b) => b.codeFiles - a.codeFiles || compare(a.path, b.path))
    .slice(0, MAX_MODULES);
  const slugs = new Set<string>();
  return major.map((f) => ({
    folder: f.path,
    page: `modules/${uniqueSlug(f.path, slugs)}.md`,
    files: [...f.files].sort(compare),
    codeFiles: f.codeFiles,
  }));
}

/** The module folder holding `path` (the longest match), if any. */
export function moduleLookup(modules: ModuleInfo[]): (path: string) => ModuleInfo | undefined {
  const byFolder = new Map(modules.map((m) => [m.folder, m]));
  return (path) => {
    for (let cut = path.lastIndexOf("/"); cut > 0; cut = path.lastIndexOf("/", cut - 1)) {
      const found = byFolder.get(path.slice(0, cut));
      if (found) return found;
    }
    return undefined;
  };
}

function collect(folder: Folder, depth: number, out: Folder[]): void {
  if (depth < MAX_DEPTH && folder.children.size > 0 && isContainer(folder)) {
    for (const child of folder.children.values()) collect(child, depth + 1, out);
    return;
  }
  out.push(folder);
}

/** A folder whose code sits mostly in subfolders, and that is named as a container, too big, or one deep chain. */
function isContainer(folder: Folder): boolean {
  const childCode = [...folder.children.values()].map((c) => c.codeFiles);
  const inChildren = childCode.reduce((a, b) => a + b, 0);
  if (folder.codeFiles === 0 || inChildren < 0.5 * folder.codeFiles) return false;
  const name = folder.path.slice(folder.path.lastIndexOf("/") + 1).toLowerCase();
  if (CONTAINER_NAMES.has(name) || folder.codeFiles > MAX_MODULE_CODE_FILES) return true;
  return Math.max(...childCode) >= 0.8 * folder.codeFiles;
}

function folderTree(paths: string[], isCode: (path: string) => boolean): Folder {
  const root: Folder = { path: "", files: [], codeFiles: 0, children: new Map() };
  for (const path of paths) {
    const parts = path.split("/");
    const code = isCode(path) ? 1 : 0;
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      let child = folder.children.get(part);
      if (!child) {
        child = {
          path: folder.path ? `${folder.path}/${part}` : part,
          files: [],
          codeFiles: 0,
          children: new Map(),
        };
        folder.children.set(part, child);
      }
      child.files.push(path);
      child.codeFiles += code;
      folder = child;
    }
  }
  return root;
}

function uniqueSlug(folder: string, taken: Set<string>): string {
  const base =
    folder
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "module";
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}
