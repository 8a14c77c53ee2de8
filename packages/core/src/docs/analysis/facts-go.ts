import { declarationEnd } from "./declarations.ts";
import { LineIndex, matchingBracket } from "./lines.ts";
import type { Literal, Scanned } from "./scan.ts";
import { commentHint, mergeLineComments } from "./summary.ts";
import type { EntryHint, ExportedSymbol } from "./types.ts";

/** Import paths from single `import "x"` lines and `import ( … )` blocks. */
export function goImports(scanned: Scanned): string[] {
  const { code, strings } = scanned;
  const byStart = new Map<number, Literal>(strings.map((s) => [s.start, s]));
  const found: [number, string][] = [];
  for (const m of code.matchAll(/^import[ \t]+(?:[\w.]+[ \t]+)?(?=["`])/gm)) {
    const literal = byStart.get(m.index + m[0].length);
    if (literal) found.push([literal.start, literal.value]);
  }
  for (const m of code.matchAll(/^import[ \t]*\(/gm)) {
    const open = m.index + m[0].length - 1;
    const close = matchingBracket(code, open);
    const end = close === -1 ? code.length : close;
    for (const s of strings) if (s.start > open && s.start < end) found.push([s.start, s.value]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, path]) => path);
}

const FUNC = /^func[ \t]+(?:\(\s*(?:\w+\s+)?\*?\s*(\w+)(?:\[[^\]]*\])?\s*\)\s*)?([A-Z]\w*)/gm;
const TYPE = /^type[ \t]+([A-Z]\w*)/gm;
const TYPE_BLOCK = /^type[ \t]*\(/gm;

/** Exported (capitalised) top-level functions, methods (as `Type.Method`) and types. */
export function goExports(scanned: Scanned): ExportedSymbol[] {
  const { code } = scanned;
  const lines = new LineIndex(code);
  const symbol = (
    name: string,
    kind: ExportedSymbol["kind"],
    start: number,
    block: boolean,
  ): ExportedSymbol => ({
    name,
    kind,
    lines: { start: lines.lineOf(start), end: lines.lineOf(declarationEnd(code, start, block)) },
  });
  const found: ExportedSymbol[] = [];
  for (const m of code.matchAll(FUNC)) {
    found.push(symbol(m[1] ? `${m[1]}.${m[2]}` : (m[2] ?? ""), "function", m.index, true));
  }
  for (const m of code.matchAll(TYPE)) found.push(typeSymbol(code, m[1] ?? "", m.index, symbol));
  for (const m of code.matchAll(TYPE_BLOCK)) {
    const open = m.index + m[0].length - 1;
    const body = code.slice(open + 1, Math.max(open + 1, matchingBracket(code, open)));
    const indent = /\n([ \t]+)\S/.exec(body)?.[1];
    for (const entry of body.matchAll(/^([ \t]+)([A-Z]\w*)[ \t]/gm)) {
      if (entry[1] === indent) found.push(typeSymbol(code, entry[2] ?? "", open + 1 + entry.index, symbol));
    }
  }
  return found.sort((a, b) => a.lines.start - b.lines.start);
}

function typeSymbol(
  code: string,
  name: string,
  start: number,
  symbol: (name: string, kind: ExportedSymbol["kind"], start: number, block: boolean) => ExportedSymbol,
): ExportedSymbol {
  const head = code.slice(start, code.indexOf("\n", start) === -1 ? code.length : code.indexOf("\n", start));
  const block = /\b(struct|interface)\s*\{/.test(head);
  return symbol(name, /\binterface\s*\{/.test(head) ? "interface" : "type", start, block);
}

/** `func main()` in `package main` is a program's entry. */
export function goEntryHints(scanned: Scanned): EntryHint[] {
  const isMain =
    /^package[ \t]+main\b/m.test(scanned.code) && /^func[ \t]+main\s*\(\s*\)/m.test(scanned.code);
  return isMain ? [{ reason: "main function" }] : [];
}

/** The package comment: the comment directly above the `package` clause. */
export function goPackageComment(text: string, scanned: Scanned): string {
  const clause = /^package[ \t]+\w+/m.exec(scanned.code);
  if (!clause) return "";
  const above = mergeLineComments(text, scanned.comments).filter(
    (c) => c.end <= clause.index && /^[ \t]*\n?$/.test(text.slice(c.end, clause.index)),
  );
  return commentHint(above);
}
