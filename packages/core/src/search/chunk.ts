import { type Span, splitSpan } from "./chunk-split.ts";

/** A piece of a file as the index holds it: 1-based inclusive lines and exactly their text. */
export interface TextChunk {
  chunkNo: number;
  startLine: number;
  endLine: number;
  text: string;
}

const MARKDOWN = /\.(md|mdx|markdown)$/i;
const HEADING = /^#{1,6}\s/;
const FENCE = /^\s*(```|~~~)/;
/** A heading section with fewer non-blank lines than this (a title right above a subtitle) joins the next. */
const MIN_SECTION_CONTENT = 3;

/**
 * Cuts a text file into chunks of about 60–120 lines. Code is cut where a top-level declaration
 * (with the comment above it) starts, else at a blank line; Markdown at its headings, with long
 * sections cut further at blank lines. Blank lines at the edges of a chunk are left out, so a
 * chunk's line range holds exactly its text.
 */
export function chunkFile(path: string, text: string): TextChunk[] {
  const lines = splitLines(text);
  const spans = MARKDOWN.test(path)
    ? markdownSpans(lines)
    : splitSpan(lines, { start: 0, end: lines.length });
  const chunks: TextChunk[] = [];
  for (const span of spans) {
    const trimmed = trimBlankEdges(lines, span);
    if (trimmed.end <= trimmed.start) continue;
    chunks.push({
      chunkNo: chunks.length,
      startLine: trimmed.start + 1,
      endLine: trimmed.end,
      text: lines.slice(trimmed.start, trimmed.end).join("\n"),
    });
  }
  return chunks;
}

/** The lines of a text; a final newline ends the last line rather than starting an empty one. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

const isBlank = (line: string | undefined) => line === undefined || line.trim() === "";

function trimBlankEdges(lines: readonly string[], span: Span): Span {
  let { start, end } = span;
  while (start < end && isBlank(lines[start])) start += 1;
  while (end > start && isBlank(lines[end - 1])) end -= 1;
  return { start, end };
}

/** One span per heading section (outside code fences), each cut further when too long. */
function markdownSpans(lines: readonly string[]): Span[] {
  const starts = [0];
  let inFence = false;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (FENCE.test(line)) inFence = !inFence;
    else if (!inFence && i > 0 && HEADING.test(line)) starts.push(i);
  }
  const sections = starts.map((start, i) => ({ start, end: starts[i + 1] ?? lines.length }));
  return mergeThinSections(lines, sections).flatMap((section) => splitSpan(lines, section));
}

function mergeThinSections(lines: readonly string[], sections: Span[]): Span[] {
  const merged: Span[] = [];
  let pendingStart: number | undefined;
  for (const [i, section] of sections.entries()) {
    const start = pendingStart ?? section.start;
    const content = lines.slice(section.start, section.end).filter((line) => !isBlank(line)).length;
    if (content < MIN_SECTION_CONTENT && i < sections.length - 1) {
      pendingStart = start;
      continue;
    }
    merged.push({ start, end: section.end });
    pendingStart = undefined;
  }
  return merged;
}
