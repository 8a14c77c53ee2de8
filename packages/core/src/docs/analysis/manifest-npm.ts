import { dirname, joinPath } from "./paths.ts";
import type { Dependency, Manifest } from "./types.ts";

type Json = Record<string, unknown>;

/** package.json: name, description, dependencies, scripts, entry points and `exports` subpaths. */
export function parsePackageJson(path: string, text: string): Manifest | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(json)) return undefined;
  const dir = dirname(path);
  const exports = exportsMap(json.exports, dir);
  const entryPoints = new Set<string>();
  for (const field of ["main", "module"]) {
    if (typeof json[field] === "string") entryPoints.add(joinPath(dir, json[field]));
  }
  for (const target of binTargets(json.bin)) entryPoints.add(joinPath(dir, target));
  for (const [subpath, target] of Object.entries(exports))
    if (!subpath.includes("*")) entryPoints.add(target);
  return {
    kind: "npm",
    ...(typeof json.name === "string" ? { name: json.name } : {}),
    ...(typeof json.description === "string" ? { description: json.description } : {}),
    dependencies: [
      ...dependencies(json.dependencies, false),
      ...dependencies(json.optionalDependencies, false),
      ...dependencies(json.devDependencies, true),
    ],
    scripts: stringRecord(json.scripts),
    entryPoints: [...entryPoints],
    ...(Object.keys(exports).length > 0 ? { exports } : {}),
  };
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringRecord(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
}

function dependencies(value: unknown, dev: boolean): Dependency[] {
  return Object.entries(stringRecord(value)).map(([name, version]) => ({ name, version, dev }));
}

function binTargets(bin: unknown): string[] {
  if (typeof bin === "string") return [bin];
  return Object.values(stringRecord(bin));
}

/** `exports` as subpath → repo path, taking the first runtime condition of each entry (not `types`). */
function exportsMap(value: unknown, dir: string): Record<string, string> {
  const single = runtimeTarget(value);
  if (single !== undefined) return { ".": joinPath(dir, single) };
  if (!isObject(value)) return {};
  const map: Record<string, string> = {};
  for (const [subpath, entry] of Object.entries(value)) {
    const target = runtimeTarget(entry);
    if (subpath.startsWith(".") && target !== undefined) map[subpath] = joinPath(dir, target);
  }
  return map;
}

function runtimeTarget(entry: unknown): string | undefined {
  if (typeof entry === "string") return entry;
  if (Array.isArray(entry)) return entry.map(runtimeTarget).find((t) => t !== undefined);
  if (!isObject(entry) || Object.keys(entry).some((key) => key.startsWith("."))) return undefined;
  for (const [condition, target] of Object.entries(entry)) {
    if (condition === "types" || condition === "typings") continue;
    const resolved = runtimeTarget(target);
    if (resolved !== undefined) return resolved;
  }
  return undefined;
}
