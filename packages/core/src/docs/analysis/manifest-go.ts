import type { Dependency, Manifest } from "./types.ts";

/** go.mod: the module path (as the manifest's name) and `require` lines, single or in blocks. */
export function parseGoMod(text: string): Manifest {
  const lines = text.split("\n").map((line) => line.replace(/\/\/.*$/, "").trim());
  const name = lines.map((line) => /^module\s+(\S+)/.exec(line)?.[1]).find(Boolean);
  const dependencies: Dependency[] = [];
  let inRequire = false;
  for (const line of lines) {
    if (inRequire && line.startsWith(")")) inRequire = false;
    else if (/^require\s*\($/.test(line)) inRequire = true;
    else {
      const entry = inRequire ? line : /^require\s+(.*)$/.exec(line)?.[1];
      const [module, version] = entry?.split(/\s+/) ?? [];
      if (module && version) dependencies.push({ name: module, version, dev: false });
    }
  }
  return { kind: "go", ...(name ? { name: unquote(name) } : {}), dependencies, scripts: {}, entryPoints: [] };
}

function unquote(value: string): string {
  return value.replace(/^"(.*)"$/, "$1");
}
