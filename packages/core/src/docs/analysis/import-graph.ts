import type { FolderGrouping } from "./groups.ts";
import { GoResolver } from "./resolve-go.ts";
import { JsResolver } from "./resolve-js.ts";
import { PythonResolver } from "./resolve-python.ts";
import type { FileFacts, ImportGraph } from "./types.ts";

const JS_LANGUAGES = new Set(["TypeScript", "TSX", "JavaScript"]);

/** The file import graph (TypeScript/JavaScript, Python, Go) and its folder-level collapse. */
export function importGraph(facts: FileFacts[], grouping: FolderGrouping): ImportGraph {
  const paths = new Set(facts.map((f) => f.path));
  const js = new JsResolver(paths, facts);
  const python = new PythonResolver(paths, facts);
  const go = new GoResolver(facts);
  const seen = new Set<string>();
  const edges: ImportGraph["edges"] = [];
  for (const file of facts) {
    for (const specifier of file.imports) {
      for (const to of targets(file, specifier, { js, python, go })) {
        const key = `${file.path}\n${to}`;
        if (to === file.path || seen.has(key)) continue;
        seen.add(key);
        edges.push({ from: file.path, to });
      }
    }
  }
  return { edges, folderEdges: folderEdges(edges, grouping) };
}

function targets(
  file: FileFacts,
  specifier: string,
  resolvers: { js: JsResolver; python: PythonResolver; go: GoResolver },
): string[] {
  if (file.language !== null && JS_LANGUAGES.has(file.language)) {
    const found = resolvers.js.resolve(file.path, specifier);
    return found ? [found] : [];
  }
  if (file.language === "Python") {
    const found = resolvers.python.resolve(file.path, specifier);
    return found ? [found] : [];
  }
  if (file.language === "Go") return resolvers.go.resolve(specifier);
  return [];
}

/** Edges between different groups, weighted by how many file edges each stands for, heaviest first. */
function folderEdges(edges: ImportGraph["edges"], grouping: FolderGrouping): ImportGraph["folderEdges"] {
  const weights = new Map<string, number>();
  for (const edge of edges) {
    const from = grouping.of(edge.from);
    const to = grouping.of(edge.to);
    if (from !== to) weights.set(`${from}\n${to}`, (weights.get(`${from}\n${to}`) ?? 0) + 1);
  }
  return [...weights]
    .map(([key, weight]) => {
      const [from = "", to = ""] = key.split("\n");
      return { from, to, weight };
    })
    .sort((a, b) => b.weight - a.weight || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}
