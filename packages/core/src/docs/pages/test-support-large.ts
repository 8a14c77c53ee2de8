import type { Analysis, FileFacts } from "../analysis/types.ts";
import { blobSha, COMMIT } from "./test-support.ts";

/**
 * A generated repository of `count` TypeScript files in packages/<p>/src/<area>/, each importing a
 * few others (mostly in its own area: 222 = 6 × 37 files apart), for measuring and the size caps.
 */
export function generatedRepo(count: number): { analysis: Analysis; facts: Map<string, FileFacts> } {
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const paths = Array.from({ length: count }, (_, i) => `packages/p${i % 6}/src/area${i % 37}/file${i}.ts`);
  const edges: { from: string; to: string }[] = [];
  const facts = new Map<string, FileFacts>();
  paths.forEach((path, i) => {
    const targets = new Set<string>();
    for (let k = 0; k < 1 + random(4); k++) {
      const j = random(3) === 0 ? random(count) : Math.max(0, i - 222 * (1 + random(3)));
      if (j !== i) targets.add(paths[j] as string);
    }
    for (const to of targets) edges.push({ from: path, to });
    const lines = 20 + random(400);
    facts.set(path, {
      path,
      blobSha: blobSha(path),
      language: "TypeScript",
      lines,
      imports: [...targets],
      exports: [{ name: `thing${i}`, kind: "function", lines: { start: 1, end: Math.min(lines, 10) } }],
      routes: i % 97 === 0 ? [{ method: "GET", path: `/things/${i}`, lines: { start: 2, end: 3 } }] : [],
      isTest: i % 10 === 0,
      summaryHint: "",
    });
  });
  const folderOf = (p: string) => p.split("/").slice(0, 2).join("/");
  const folderWeights = new Map<string, number>();
  for (const e of edges) {
    const key = `${folderOf(e.from)} ${folderOf(e.to)}`;
    folderWeights.set(key, (folderWeights.get(key) ?? 0) + 1);
  }
  const lines = [...facts.values()].reduce((sum, f) => sum + f.lines, 0);
  const analysis: Analysis = {
    label: "acme/big",
    commitSha: COMMIT,
    files: count,
    lines,
    languages: [{ language: "TypeScript", files: count, lines, share: 1 }],
    manifests: [],
    entryPoints: [{ path: paths[1] as string, reason: "package.json main" }],
    folders: [{ path: "packages", files: count, lines, languages: ["TypeScript"], role: "source" }],
    graph: {
      edges,
      folderEdges: [...folderWeights].map(([key, weight]) => {
        const [from = "", to = ""] = key.split(" ");
        return { from, to, weight };
      }),
    },
    tests: { files: count / 10, folders: [], frameworks: ["vitest"], placement: "beside" },
    glossary: Array.from({ length: 300 }, (_, i) => ({ term: `Term${i}`, paths: [paths[i * 3] as string] })),
    history: null,
    skipped: [],
  };
  return { analysis, facts };
}
