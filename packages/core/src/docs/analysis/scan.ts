/**
 * Lightweight lexical scanning: a file's text with comments and string contents blanked out
 * (line breaks kept, so offsets and line numbers still match), plus the literals and comments
 * found. Patterns then run on the blanked code and never match inside a comment or a string.
 */

/** A string literal: `start` is its opening quote, `end` is just past its closing quote. */
export interface Literal {
  start: number;
  end: number;
  value: string;
}

export interface CommentSpan {
  start: number;
  end: number;
  text: string;
}

export interface Scanned {
  /** The text with comment and string contents replaced by spaces; quotes and line breaks stay. */
  code: string;
  strings: Literal[];
  comments: CommentSpan[];
}

/** Collects literals and comments while scanning, then builds the blanked code. */
export class ScanBuilder {
  readonly strings: Literal[] = [];
  readonly comments: CommentSpan[] = [];
  private readonly blanks: [number, number][] = [];
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  comment(start: number, end: number): void {
    this.comments.push({ start, end, text: this.text.slice(start, end) });
    this.blanks.push([start, end]);
  }

  /** A literal whose content is `[contentStart, contentEnd)` and whose quotes span `[start, end)`. */
  literal(start: number, contentStart: number, contentEnd: number, end: number): void {
    this.strings.push({ start, end, value: unescaped(this.text.slice(contentStart, contentEnd)) });
    this.blanks.push([contentStart, contentEnd]);
  }

  blank(start: number, end: number): void {
    this.blanks.push([start, end]);
  }

  build(): Scanned {
    const parts: string[] = [];
    let at = 0;
    for (const [start, end] of this.blanks.sort((a, b) => a[0] - b[0])) {
      if (start < at) continue;
      parts.push(this.text.slice(at, start), this.text.slice(start, end).replace(/[^\n]/g, " "));
      at = end;
    }
    parts.push(this.text.slice(at));
    return { code: parts.join(""), strings: this.strings, comments: this.comments };
  }
}

function unescaped(raw: string): string {
  return raw.includes("\\") ? raw.replace(/\\(.)/g, "$1") : raw;
}

/** Index just past a quoted string that ends at `quote`, an unescaped line break, or the end. */
export function endOfQuoted(text: string, from: number, quote: string): [contentEnd: number, end: number] {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") i += 2;
    else if (c === quote) return [i, i + 1];
    else if (c === "\n") return [i, i];
    else i++;
  }
  return [text.length, text.length];
}

function endOf(text: string, from: number, terminator: string): number {
  const at = text.indexOf(terminator, from);
  return at === -1 ? text.length : at + terminator.length;
}

/** Go: `//` and block comments, interpreted strings, runes and raw (backtick) strings. */
export function scanGo(text: string): Scanned {
  const out = new ScanBuilder(text);
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "/" && next === "/") {
      const end = endOf(text, i, "\n");
      out.comment(i, text[end - 1] === "\n" ? end - 1 : end);
      i = end;
    } else if (c === "/" && next === "*") {
      const end = endOf(text, i + 2, "*/");
      out.comment(i, end);
      i = end;
    } else if (c === '"' || c === "'") {
      const [contentEnd, end] = endOfQuoted(text, i + 1, c);
      out.literal(i, i + 1, contentEnd, end);
      i = Math.max(end, i + 1);
    } else if (c === "`") {
      const end = endOf(text, i + 1, "`");
      out.literal(i, i + 1, Math.max(i + 1, end - 1), end);
      i = end;
    } else i++;
  }
  return out.build();
}

const PYTHON_PREFIX = /^[rRbBuUfF]{1,2}$/;

/** Python: `#` comments and all string forms (prefixes, single and triple quotes). */
export function scanPython(text: string): Scanned {
  const out = new ScanBuilder(text);
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "#") {
      const end = text.indexOf("\n", i);
      const stop = end === -1 ? text.length : end;
      out.comment(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      i = pythonString(text, i, c, out);
    } else i++;
  }
  return out.build();
}

function pythonString(text: string, quoteAt: number, quote: string, out: ScanBuilder): number {
  let start = quoteAt;
  while (start > 0 && /[a-zA-Z]/.test(text[start - 1] ?? "")) start--;
  if (!PYTHON_PREFIX.test(text.slice(start, quoteAt))) start = quoteAt;
  const triple = quote.repeat(3);
  if (text.startsWith(triple, quoteAt)) {
    let i = quoteAt + 3;
    while (i < text.length && !text.startsWith(triple, i)) i += text[i] === "\\" ? 2 : 1;
    const contentEnd = Math.min(i, text.length);
    const end = Math.min(contentEnd + 3, text.length);
    out.literal(start, quoteAt + 3, contentEnd, end);
    // Closing quotes blanked too: on a line of their own at column 0 they would end an indented block.
    out.blank(contentEnd, end);
    return end;
  }
  const [contentEnd, end] = endOfQuoted(text, quoteAt + 1, quote);
  out.literal(start, quoteAt + 1, contentEnd, end);
  return Math.max(end, quoteAt + 1);
}
