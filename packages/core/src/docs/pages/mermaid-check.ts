import type { Mermaid } from "mermaid";
import { mermaidBlocks } from "./mermaid.ts";

/**
 * Checks diagrams with Mermaid's own parser, the one the site's renderer runs, in Node without a
 * browser. `@mermaid-js/parser` cannot do this job: it only has grammars for the newer diagram
 * types (info, packet, pie, architecture, gitGraph, ...), not flowcharts. `mermaid.parse()` does
 * parse flowcharts in Node, except that its flowchart database passes every label through
 * DOMPurify, which without a DOM is an empty shell (no `sanitize`, no `addHook`). Only in that case
 * the shell gets an inert stand-in that escapes all markup: labels are parsed and thrown away here,
 * and nothing can ever come out of the stand-in less escaped than it went in.
 */

export type MermaidCheck = { ok: true; diagramType: string } | { ok: false; error: string };

let loading: Promise<Mermaid> | undefined;

/** Parses `source` with Mermaid's parser: `ok` with the diagram type, or the parser's message. */
export async function validateMermaid(source: string): Promise<MermaidCheck> {
  const mermaid = await loadMermaid();
  try {
    const result = await mermaid.parse(source);
    return { ok: true, diagramType: result.diagramType };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Mermaid's flowchart database for `source` (nodes, edges, subgraphs as parsed), for tests. */
export async function parseFlowchart(source: string): Promise<{
  vertices: Map<string, { id: string }>;
  edges: { start: string; end: string }[];
  subgraphs: { id: string; nodes: string[] }[];
}> {
  const mermaid = await loadMermaid();
  await mermaid.parse(source);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  const db = diagram.db as unknown as {
    getVertices(): Map<string, { id: string }>;
    getEdges(): { start: string; end: string }[];
    getSubGraphs(): { id: string; nodes: string[] }[];
  };
  return { vertices: db.getVertices(), edges: db.getEdges(), subgraphs: db.getSubGraphs() };
}

function loadMermaid(): Promise<Mermaid> {
  loading ??= (async () => {
    const { default: purify } = await import("dompurify");
    if (!purify.isSupported) installInertSanitizer(purify);
    const { default: mermaid } = await import("mermaid");
    return mermaid;
  })();
  return loading;
}

function installInertSanitizer(purify: object): void {
  const escapeMarkup = (dirty: unknown) =>
    String(dirty).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  Object.assign(purify, { sanitize: escapeMarkup, addHook: () => {}, removeHook: () => undefined });
}

/** Every ```mermaid block of a Markdown page that Mermaid's parser rejects, with its message. */
export async function invalidDiagrams(markdown: string): Promise<{ source: string; error: string }[]> {
  const failures: { source: string; error: string }[] = [];
  for (const source of mermaidBlocks(markdown)) {
    const check = await validateMermaid(source);
    if (!check.ok) failures.push({ source, error: check.error });
  }
  return failures;
}
