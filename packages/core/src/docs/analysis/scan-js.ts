import { endOfQuoted, ScanBuilder, type Scanned } from "./scan.ts";

/**
 * TypeScript/JavaScript scanning: comments, quoted strings, template literals (their `${}`
 * expressions stay code) and regular expression literals (told from division by the token before
 * them). Quoted strings stop at a line break, so stray quotes in JSX text spoil one line at most.
 */
export function scanJs(text: string): Scanned {
  return new JsScanner(text).run();
}

const REGEX_AFTER_PUNCTUATION = new Set("(,=:[!&|?{};+-*%<>~^".split(""));
const REGEX_AFTER_WORD = new Set([
  "return",
  "typeof",
  "instanceof",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "case",
  "do",
  "else",
  "yield",
  "await",
]);

class JsScanner {
  private readonly out: ScanBuilder;
  private i = 0;
  /** The last significant token: a punctuation character or a word. */
  private previous = "";
  /** Brace depth inside each open template `${` expression, innermost last. */
  private readonly templates: number[] = [];
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
    this.out = new ScanBuilder(text);
  }

  run(): Scanned {
    const { text } = this;
    if (text.startsWith("#!")) this.lineComment();
    while (this.i < text.length) this.step();
    return this.out.build();
  }

  private step(): void {
    const c = this.text[this.i] ?? "";
    const next = this.text[this.i + 1];
    if (c === "/" && next === "/") this.lineComment();
    else if (c === "/" && next === "*") this.blockComment();
    else if (c === '"' || c === "'") this.quoted(c);
    else if (c === "`") this.template(this.i, this.i + 1);
    else if (c === "/" && this.regexAllowed()) this.regex();
    else if (isWordChar(c.charCodeAt(0))) this.word();
    else if (c === "{") this.openBrace();
    else if (c === "}") this.closeBrace();
    else {
      if (c.charCodeAt(0) > 32) this.previous = c;
      this.i++;
    }
  }

  private lineComment(): void {
    const end = this.text.indexOf("\n", this.i);
    const stop = end === -1 ? this.text.length : end;
    this.out.comment(this.i, stop);
    this.i = stop;
  }

  private blockComment(): void {
    const end = this.text.indexOf("*/", this.i + 2);
    const stop = end === -1 ? this.text.length : end + 2;
    this.out.comment(this.i, stop);
    this.i = stop;
  }

  private quoted(quote: string): void {
    const [contentEnd, end] = endOfQuoted(this.text, this.i + 1, quote);
    this.out.literal(this.i, this.i + 1, contentEnd, end);
    this.i = Math.max(end, this.i + 1);
    this.previous = "string";
  }

  /** Scans template text from `from` (just past a backtick or a closing `}`) to its end or next `${`. */
  private template(literalStart: number, from: number): void {
    const { text } = this;
    let i = from;
    while (i < text.length && text[i] !== "`" && !(text[i] === "$" && text[i + 1] === "{")) {
      i += text[i] === "\\" ? 2 : 1;
    }
    i = Math.min(i, text.length);
    if (text[i] === "`" && text[literalStart] === "`") {
      this.out.literal(literalStart, from, i, i + 1);
    } else this.out.blank(from, i);
    if (text[i] === "$") {
      this.templates.push(0);
      this.i = i + 2;
      this.previous = "{";
    } else {
      this.i = i + 1;
      this.previous = "string";
    }
  }

  private openBrace(): void {
    const depth = this.templates.length;
    if (depth > 0) this.templates[depth - 1] = (this.templates[depth - 1] ?? 0) + 1;
    this.previous = "{";
    this.i++;
  }

  private closeBrace(): void {
    const depth = this.templates.length;
    const inner = this.templates[depth - 1];
    if (inner === 0) {
      this.templates.pop();
      this.template(this.i, this.i + 1);
      return;
    }
    if (inner !== undefined) this.templates[depth - 1] = inner - 1;
    this.previous = "}";
    this.i++;
  }

  private regexAllowed(): boolean {
    const p = this.previous;
    return p === "" || p === "}" || REGEX_AFTER_PUNCTUATION.has(p) || REGEX_AFTER_WORD.has(p);
  }

  private regex(): void {
    const { text } = this;
    let i = this.i + 1;
    let inClass = false;
    while (i < text.length) {
      const c = text[i];
      if (c === "\n") break;
      if (c === "\\") i++;
      else if (c === "[") inClass = true;
      else if (c === "]") inClass = false;
      else if (c === "/" && !inClass) break;
      i++;
    }
    if (text[i] !== "/") {
      this.previous = "/";
      this.i++;
      return;
    }
    this.out.blank(this.i + 1, i);
    this.i = i + 1;
    while (/[a-z]/i.test(text[this.i] ?? "")) this.i++;
    this.previous = "regex";
  }

  private word(): void {
    const start = this.i;
    while (isWordChar(this.text.charCodeAt(this.i))) this.i++;
    this.previous = this.text.slice(start, this.i);
  }
}

/** `[A-Za-z0-9_$]`, by character code (this runs for every character of every file). */
function isWordChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 36
  );
}
