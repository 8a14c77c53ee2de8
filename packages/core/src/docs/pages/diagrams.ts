import { compare } from "./inputs.ts";

/**
 * Cutting a graph down to a diagram a person can read: the best-connected nodes, the heaviest edges
 * between them, and a count of what was left out (which the page states).
 */

export interface WeightedEdge {
  from: string;
  to: string;
  weight: number;
}

export interface GraphCut {
  nodes: string[];
  edges: WeightedEdge[];
  omittedNodes: number;
  omittedEdges: number;
}

/**
 * Keeps the `maxNodes` nodes with the most (weighted) edges, then `extraNodes` (e.g. folders
 * with no edges) while room is left, then the `maxEdges` heaviest edges among the kept nodes.
 * Self-edges are dropped. Deterministic: ties go by name.
 */
export function cutGraph(
  edges: WeightedEdge[],
  limits: { maxNodes: number; maxEdges: number },
  extraNodes: string[] = [],
): GraphCut {
  const proper = edges.filter((e) => e.from !== e.to);
  const degree = new Map<string, number>();
  for (const e of proper) {
    degree.set(e.from, (degree.get(e.from) ?? 0) + e.weight);
    degree.set(e.to, (degree.get(e.to) ?? 0) + e.weight);
  }
  const ranked = [...degree].sort((a, b) => b[1] - a[1] || compare(a[0], b[0])).map(([node]) => node);
  const kept = new Set(ranked.slice(0, limits.maxNodes));
  for (const node of extraNodes) {
    if (kept.size >= limits.maxNodes) break;
    kept.add(node);
  }
  const allNodes = new Set([...degree.keys(), ...extraNodes]);
  const between = proper
    .filter((e) => kept.has(e.from) && kept.has(e.to))
    .sort((a, b) => b.weight - a.weight || compare(a.from, b.from) || compare(a.to, b.to));
  const shown = between.slice(0, limits.maxEdges);
  return {
    nodes: [...kept].sort(compare),
    edges: shown.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to)),
    omittedNodes: allNodes.size - kept.size,
    omittedEdges: proper.length - shown.length,
  };
}

/** The folder part of a path (`.` for a file at the root). */
export function dirname(path: string): string {
  const cut = path.lastIndexOf("/");
  return cut < 0 ? "." : path.slice(0, cut);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
