import { z } from "zod";

/** An Atlassian Document Format node, as far as reading its text needs. */
export type AdfNode = { type: string; text?: string; attrs?: Record<string, unknown>; content?: unknown[] };

/** One node; its children are checked as the walk reaches them, so depth stays bounded. */
const AdfNodeSchema = z.object({
  type: z.string(),
  text: z.string().optional(),
  attrs: z.record(z.string(), z.unknown()).optional(),
  content: z.array(z.unknown()).optional(),
});

/** An ADF document (`{ type: "doc", version: 1, content }`). */
export type AdfDocument = { type: "doc"; version: 1; content: AdfNode[] };

const BLOCKS = new Set([
  "paragraph",
  "heading",
  "blockquote",
  "codeBlock",
  "listItem",
  "tableRow",
  "panel",
  "rule",
]);
const MAX_DEPTH = 40;

type Writer = { parts: string[]; size: number; budget: number };

/**
 * The text of an ADF value (a document, a node, or a plain string from an old API), with
 * paragraphs on their own lines and list items, quotes and code marked; at most `maxChars`
 * characters, with a note when cut. Nodes that do not parse as ADF are skipped.
 */
export function adfToText(value: unknown, maxChars: number): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return cut(value.trim(), maxChars);
  const writer: Writer = { parts: [], size: 0, budget: maxChars + 1 };
  write(value, writer, 0);
  const text = writer.parts
    .join("")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{2,}/g, "\n")
    .trim();
  return cut(text, maxChars);
}

function write(value: unknown, writer: Writer, depth: number): void {
  if (depth > MAX_DEPTH || writer.size > writer.budget) return;
  const parsed = AdfNodeSchema.safeParse(value);
  if (!parsed.success) return;
  const node = parsed.data;
  const push = (text: string) => {
    writer.parts.push(text);
    writer.size += text.length;
  };
  push(prefixOf(node));
  push(node.type === "text" ? (node.text ?? "") : inlineText(node));
  for (const child of node.content ?? []) write(child, writer, depth + 1);
  if (node.type === "codeBlock") push("\n```");
  if (node.type === "tableCell" || node.type === "tableHeader") push(" | ");
  if (BLOCKS.has(node.type) || node.type === "hardBreak") push("\n");
}

function prefixOf(node: AdfNode): string {
  switch (node.type) {
    case "listItem":
      return "- ";
    case "blockquote":
      return "> ";
    case "codeBlock":
      return "```\n";
    case "rule":
      return "---";
    case "heading":
      return `${"#".repeat(Math.min(6, Number(node.attrs?.level) || 1))} `;
    default:
      return "";
  }
}

/** The visible text of inline nodes that carry it in attributes (mentions, emoji, links, dates). */
function inlineText(node: AdfNode): string {
  const attrs = node.attrs ?? {};
  const str = (key: string) => (typeof attrs[key] === "string" ? (attrs[key] as string) : "");
  switch (node.type) {
    case "mention":
      return str("text") || "@someone";
    case "emoji":
      return str("text") || str("shortName");
    case "inlineCard":
    case "blockCard":
      return str("url");
    case "status":
      return `[${str("text")}]`;
    case "date":
      return Number.isFinite(Number(attrs.timestamp))
        ? new Date(Number(attrs.timestamp)).toISOString().slice(0, 10)
        : "";
    case "media":
    case "mediaInline":
      return "[attachment]";
    default:
      return "";
  }
}

function cut(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}… [cut at ${maxChars} of ${text.length}+ characters]`;
}

/**
 * An ADF document holding plain text: blank lines separate paragraphs, single newlines become
 * hard breaks. No markup is interpreted, so what the person approved is what Jira shows.
 */
export function textToAdf(text: string): AdfDocument {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    type: "doc",
    version: 1,
    content: paragraphs.map((paragraph) => ({
      type: "paragraph",
      content: paragraph
        .split("\n")
        .flatMap((line, i): AdfNode[] => [
          ...(i > 0 ? [{ type: "hardBreak" }] : []),
          ...(line ? [{ type: "text", text: line }] : []),
        ]),
    })),
  };
}
