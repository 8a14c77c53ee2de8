/**
 * A small builder for Mermaid flowcharts that are valid by construction: node and subgraph ids are
 * derived from keys (paths, names) but only ever contain `[A-Za-z0-9_]` behind a prefix, so no key
 * can become a keyword (`end`, `subgraph`, `style`) or an edge marker (`o`, `x`); every label is
 * quoted and every character that Mermaid or Markdown could read as syntax is written as a Mermaid
 * entity code (`#34;`), which the renderer turns back into the character.
 */

export type FlowDirection = "LR" | "TD" | "RL" | "BT";

export interface FlowNode {
  /** Any string that names the node (a path, a package name); the id is derived from it. */
  key: string;
  label: string;
  /** Key of the subgraph the node sits in. */
  group?: string;
}

export interface FlowEdge {
  from: string;
  to: string;
  /** Shown on the arrow, e.g. how many imports the edge stands for. */
  label?: string;
}

export interface FlowGroup {
  key: string;
  label: string;
}

export interface FlowchartSpec {
  direction?: FlowDirection;
  nodes: FlowNode[];
  edges: FlowEdge[];
  groups?: FlowGroup[];
}

const MAX_LABEL_CHARS = 80;
const MAX_ID_STEM = 48;
/** Printable ASCII that is never syntax inside a quoted label; everything else ASCII is encoded. */
const PLAIN_ASCII = /[A-Za-z0-9 ._\-/,:]/;
/** The characters of Mermaid's own entity placeholders (`ﬂ°…¶ß`), which its decoder would act on. */
const PLACEHOLDER_CHARS = /[\uFB02\u00B0\u00B6\u00DF]/;

/**
 * A label as Mermaid text for inside double quotes: control characters and line breaks become
 * spaces, ASCII punctuation outside a small safe set becomes an entity code (`<` → `#60;`), and
 * text past 80 characters is cut with an ellipsis. Non-ASCII characters pass through.
 */
export function mermaidLabel(text: string): string {
  const flat = text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ").trim();
  const chars = [...flat];
  const short = chars.length > MAX_LABEL_CHARS ? [...chars.slice(0, MAX_LABEL_CHARS - 1), "…"] : chars;
  const encoded = short.map((ch) => (isPlain(ch) ? ch : `#${ch.codePointAt(0)};`));
  return encoded.join("") || " ";
}

function isPlain(ch: string): boolean {
  return ch > "\u007f" ? !PLACEHOLDER_CHARS.test(ch) : PLAIN_ASCII.test(ch);
}

/** Derives unique, syntax-safe ids (`<prefix>_<stem>[_<n>]`) for keys, in the order given. */
export function mermaidIds(keys: Iterable<string>, prefix = "n"): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const key of keys) {
    if (ids.has(key)) continue;
    const stem = key
      .replace(/[^A-Za-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, MAX_ID_STEM);
    const base = `${prefix}_${stem || "x"}`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    ids.set(key, id);
  }
  return ids;
}

/**
 * Mermaid flowchart source for `spec` (a node key given twice is drawn once). Throws when an edge or node names a node or group that
 * `spec` does not declare: that is a bug in the caller, not something to draw around.
 */
export function buildFlowchart(spec: FlowchartSpec): string {
  const seen = new Set<string>();
  const nodes = spec.nodes.filter((n) => !seen.has(n.key) && seen.add(n.key));
  const nodeIds = mermaidIds(
    nodes.map((n) => n.key),
    "n",
  );
  const groups = spec.groups ?? [];
  const groupIds = mermaidIds(
    groups.map((g) => g.key),
    "g",
  );
  const lines = [`flowchart ${spec.direction ?? "LR"}`];
  const declare = (node: FlowNode, indent: string) =>
    lines.push(`${indent}${nodeIds.get(node.key)}["${mermaidLabel(node.label)}"]`);
  for (const node of nodes) {
    if (node.group !== undefined && !groupIds.has(node.group)) {
      throw new Error(`flowchart node ${node.key} is in an undeclared group ${node.group}`);
    }
    if (node.group === undefined) declare(node, "  ");
  }
  for (const group of groups) {
    const members = nodes.filter((n) => n.group === group.key);
    if (members.length === 0) continue;
    lines.push(`  subgraph ${groupIds.get(group.key)}["${mermaidLabel(group.label)}"]`);
    for (const node of members) declare(node, "    ");
    lines.push("  end");
  }
  for (const edge of spec.edges) {
    const from = nodeIds.get(edge.from);
    const to = nodeIds.get(edge.to);
    if (!from || !to) throw new Error(`flowchart edge ${edge.from} -> ${edge.to} names an undeclared node`);
    const label = edge.label === undefined ? "" : `|"${mermaidLabel(edge.label)}"|`;
    lines.push(`  ${from} -->${label} ${to}`);
  }
  return lines.join("\n");
}

/** `source` as a fenced Markdown block the site and GitHub render as a diagram. */
export function mermaidBlock(source: string): string {
  return `\`\`\`mermaid\n${source}\n\`\`\``;
}

/** The sources of every ```mermaid fenced block in a Markdown page, in order. */
export function mermaidBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  for (const match of markdown.matchAll(/^```mermaid[ \t]*\n([\s\S]*?)\n```[ \t]*$/gm)) {
    blocks.push(match[1] ?? "");
  }
  return blocks;
}
