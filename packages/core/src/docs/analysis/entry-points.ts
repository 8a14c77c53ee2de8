import { isProgrammingLanguage } from "./languages.ts";
import { basename, dirname, joinPath } from "./paths.ts";
import type { EntryPoint, FileFacts } from "./types.ts";

const RUN_SCRIPTS = ["start", "dev", "serve"];

/**
 * Where programs start: files a manifest names, files npm `start`/`dev`/`serve` scripts and
 * Dockerfile CMD/ENTRYPOINT commands run, files whose text says so (Go `func main`, Python
 * `__main__` guards, ...), and files in `bin/` or `cmd/<name>/`. One entry per path, its reasons
 * joined; sorted by path.
 */
export function entryPoints(facts: FileFacts[]): EntryPoint[] {
  const paths = new Set(facts.map((f) => f.path));
  const reasons = new Map<string, string[]>();
  const add = (path: string, reason: string) => {
    const list = reasons.get(path) ?? [];
    if (!list.includes(reason)) reasons.set(path, [...list, reason]);
  };
  for (const file of facts) {
    const dir = dirname(file.path);
    const manifestName = basename(file.path);
    for (const entry of file.manifest?.entryPoints ?? []) {
      const found = existing(paths, entry, dir);
      if (found) add(found, `${manifestName} entry`);
    }
    if (file.manifest?.kind === "npm") {
      for (const script of RUN_SCRIPTS) {
        const command = file.manifest.scripts[script];
        if (command) add(fileInCommand(paths, command, [dir]) ?? file.path, `script: ${script}`);
      }
    }
    for (const hint of file.entryHints ?? []) {
      const target = hint.command ? fileInCommand(paths, hint.command, ["", dir]) : undefined;
      add(target ?? file.path, hint.command && !target ? `${hint.reason}: ${hint.command}` : hint.reason);
    }
    const folderReason = binOrCmd(file);
    if (folderReason) add(file.path, folderReason);
  }
  return [...reasons]
    .map(([path, list]) => ({ path, reason: list.join("; ") }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

function binOrCmd(file: FileFacts): string | undefined {
  const parts = file.path.split("/");
  const runnable = file.language === null || isProgrammingLanguage(file.language);
  if (!runnable || file.isTest) return undefined;
  if (parts.at(-2) === "bin") return "bin folder";
  if (parts.at(-3) === "cmd" && /^main\.\w+$/.test(parts.at(-1) ?? "")) return "cmd folder";
  return undefined;
}

/** The first word of a command that names a repository file, relative to one of `dirs`. */
function fileInCommand(paths: Set<string>, command: string, dirs: string[]): string | undefined {
  for (const word of command.split(/\s+/)) {
    const token = word.replace(/^["']|["']$/g, "");
    if (!/[./]/.test(token) || token.startsWith("-") || /^\w+=/.test(token)) continue;
    for (const dir of dirs) {
      const found = existing(paths, joinPath(dir, token), dir);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The path if it exists, else its TypeScript source (`.js` → `.ts`), else the same under
 * `<dir>/src/`, else a build output's source (`dist/index.js` → `src/index.ts`).
 */
function existing(paths: Set<string>, path: string, dir: string): string | undefined {
  const toTs = (p: string) => p.replace(/\.([cm]?)js$/, ".$1ts");
  const inDir = dir === "" ? path : path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : undefined;
  const candidates = [path, toTs(path)];
  if (inDir !== undefined) {
    const fromBuild = inDir.replace(/^(dist|build|lib|out)\//, "src/");
    candidates.push(joinPath(dir, `src/${inDir}`), joinPath(dir, fromBuild), toTs(joinPath(dir, fromBuild)));
  }
  return candidates.find((c) => paths.has(c));
}
