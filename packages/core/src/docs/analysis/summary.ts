import type { CommentSpan } from "./scan.ts";

const MAX_HINT = 240;
const DIRECTIVE =
  /^(@ts-|eslint|biome-ignore|prettier-ignore|istanbul|c8 |jshint|global |#region|region\b|go:|nolint|noqa|type:|pylint|-\*-|@jsx|<reference)/i;
const LICENSE = /copyright|spdx-license|licensed under|\(c\) \d{4}/i;

/** The first sentence of a text, whitespace collapsed and capped in length. */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const sentence = /^(.{12,}?[.!?])(?=\s|$)/.exec(flat)?.[1] ?? flat;
  return sentence.length > MAX_HINT ? `${sentence.slice(0, MAX_HINT - 1).trimEnd()}…` : sentence;
}

/** A comment's prose: markers, leading `*`, tool directives, tag lines and `{@link}` braces removed. */
export function commentProse(raw: string): string {
  const body = raw
    .replace(/^\/\*+!?/, "")
    .replace(/\*+\/$/, "")
    .split("\n")
    .map((line) => line.replace(/^\s*(\/\/+|#+|\*+(?!\*))\s?/, "").trimEnd());
  const untilTags = body.findIndex((line) => /^\s*@\w+/.test(line));
  const prose = (untilTags === -1 ? body : body.slice(0, untilTags))
    .filter((line) => !DIRECTIVE.test(line.trim()))
    .join("\n");
  return prose.replace(
    /\{@(?:link|linkcode|linkplain)\s+([^}\s|]+)(?:[\s|]+([^}]*))?\}/g,
    (_, target, label) => (label || target).trim(),
  );
}

/** Whether a comment is a tool directive or a licence header rather than a description. */
export function isBoilerplateComment(prose: string): boolean {
  const trimmed = prose.trim();
  return trimmed === "" || DIRECTIVE.test(trimmed) || LICENSE.test(trimmed.slice(0, 300));
}

/** Consecutive line comments (nothing but whitespace between them) merged into one span. */
export function mergeLineComments(text: string, comments: CommentSpan[]): CommentSpan[] {
  const merged: CommentSpan[] = [];
  for (const comment of comments) {
    const last = merged[merged.length - 1];
    const between = last ? text.slice(last.end, comment.start) : "x";
    const bothLines = last && !last.text.startsWith("/*") && !comment.text.startsWith("/*");
    if (last && bothLines && /^[ \t]*\n[ \t]*$/.test(between)) {
      merged[merged.length - 1] = {
        start: last.start,
        end: comment.end,
        text: `${last.text}\n${comment.text}`,
      };
    } else merged.push(comment);
  }
  return merged;
}

/** The first descriptive comment in `comments`, as one sentence; empty when none. */
export function commentHint(comments: CommentSpan[]): string {
  for (const comment of comments) {
    const prose = commentProse(comment.text);
    if (!isBoilerplateComment(prose)) return firstSentence(prose);
  }
  return "";
}

/** Markdown: the first paragraph under the first heading (or before any), else the heading itself. */
export function markdownHint(text: string): string {
  let heading = "";
  const paragraph: string[] = [];
  let fenced = false;
  for (const line of text.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced || /^\s*(```|~~~)/.test(line)) continue;
    const trimmed = line.trim();
    const headingMatch = /^#{1,6}\s+(.*)$/.exec(trimmed);
    if (headingMatch) {
      if (paragraph.length > 0) break;
      heading ||= headingMatch[1]?.replace(/#+$/, "").trim() ?? "";
    } else if (trimmed === "" || /^(<|!\[|\[!\[|---|===|\|)/.test(trimmed)) {
      if (paragraph.length > 0) break;
    } else paragraph.push(trimmed.replace(/^>\s*/, ""));
  }
  const prose = paragraph.join(" ").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
  return firstSentence(prose || heading);
}
