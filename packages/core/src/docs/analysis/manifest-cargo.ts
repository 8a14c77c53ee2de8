import { parse as parseToml } from "smol-toml";
import { dirname, joinPath } from "./paths.ts";
import type { Dependency, Manifest } from "./types.ts";

type Table = Record<string, unknown>;

/** Cargo.toml: `[package]`, dependency tables (dev-dependencies are dev) and `[[bin]]`/`[lib]` paths. */
export function parseCargoToml(path: string, text: string): Manifest | undefined {
  let toml: Table;
  try {
    toml = parseToml(text) as Table;
  } catch {
    return undefined;
  }
  const pkg = table(toml.package);
  const dir = dirname(path);
  const targets = [...(Array.isArray(toml.bin) ? toml.bin : []), toml.lib].map((t) => table(t).path);
  return {
    kind: "cargo",
    ...(typeof pkg.name === "string" ? { name: pkg.name } : {}),
    ...(typeof pkg.description === "string" ? { description: pkg.description } : {}),
    dependencies: [
      ...dependencies(toml.dependencies, false),
      ...dependencies(toml["build-dependencies"], false),
      ...dependencies(toml["dev-dependencies"], true),
    ],
    scripts: {},
    entryPoints: targets.filter((p): p is string => typeof p === "string").map((p) => joinPath(dir, p)),
  };
}

function dependencies(value: unknown, dev: boolean): Dependency[] {
  return Object.entries(table(value)).map(([name, spec]) => {
    const version = typeof spec === "string" ? spec : table(spec).version;
    return { name, version: typeof version === "string" ? version : "", dev };
  });
}

function table(value: unknown): Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Table) : {};
}
