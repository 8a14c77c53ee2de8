import { declarationEnd } from "./declarations.ts";
import { LineIndex } from "./lines.ts";
import type { Literal, Scanned } from "./scan.ts";
import { commentHint, mergeLineComments } from "./summary.ts";
import type { ExportedSymbol } from "./types.ts";

/** Patterns ending at a specifier's opening quote. */
const IMPORT_PATTERNS = [
  /^[ \t]*import\s+(?:type\s+)?(?:[^;()=]*?\s*from\s*)?(?=["'])/gm,
  /^[ \t]*export\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*(?=["'])/gm,
  /(?<![\w$.])require\s*\(\s*(?=["'`])/g,
  /(?<![\w$.])import\s*\(\s*(?=["'`])/g,
];

/** Import specifiers as written: static and type imports, re-exports, `require` and `import()`. */
export function jsImports(scanned: Scanned): string[] {
  const byStart = new Map<number, Literal>(scanned.strings.map((s) => [s.start, s]));
  const found: [number, string][] = [];
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of scanned.code.matchAll(pattern)) {
      const quoteAt = match.index + match[0].length;
      const literal = byStart.get(quoteAt);
      if (literal?.value) found.push([quoteAt, literal.value]);
    }
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, specifier]) => specifier);
}

const DECLARATION =
  /^export\s+(?:(default)\s+)?(?:declare\s+)?(?:async\s+)?(?:abstract\s+)?(function\*?|class|const|let|var|type|interface|enum|namespace|module)\b\s*\*?\s*([\w$]*)/gm;
const DEFAULT_EXPRESSION = /^export\s+default\s+(?!(?:async\s+)?function\b|(?:abstract\s+)?class\b)/gm;
const EXPORT_LIST = /^export\s+(?:type\s+)?\{([^}]*)\}(?!\s*from)/gm;
const COMMONJS_NAMED = /^(?:module\.)?exports\.([\w$]+)\s*=/gm;
const BLOCK_KINDS = new Set(["function", "function*", "class", "interface", "enum", "namespace", "module"]);

/** Exported declarations with their line ranges; re-exports (`export … from`) are imports instead. */
export function jsExports(scanned: Scanned): ExportedSymbol[] {
  const { code } = scanned;
  const lines = new LineIndex(code);
  const symbol = (name: string, keyword: string, start: number): ExportedSymbol => {
    const end = declarationEnd(code, start, BLOCK_KINDS.has(keyword));
    return { name, kind: kindOf(keyword), lines: { start: lines.lineOf(start), end: lines.lineOf(end) } };
  };
  const found: ExportedSymbol[] = [];
  for (const m of code.matchAll(DECLARATION)) {
    const [, isDefault, keyword = "", rawName = ""] = m;
    const anonymous = rawName === "" || rawName === "extends" || rawName === "implements";
    if (anonymous && !isDefault) continue;
    found.push(symbol(anonymous ? "default" : rawName, keyword, m.index));
  }
  for (const m of code.matchAll(DEFAULT_EXPRESSION)) found.push(symbol("default", "", m.index));
  for (const m of code.matchAll(EXPORT_LIST)) {
    for (const entry of (m[1] ?? "").split(",")) {
      const [local, exported = local] = entry
        .replace(/^\s*type\s+/, "")
        .trim()
        .split(/\s+as\s+/);
      if (!local || !exported) continue;
      const declared = localDeclaration(code, local);
      found.push(symbol(exported, declared?.keyword ?? "", declared?.at ?? m.index));
    }
  }
  for (const m of code.matchAll(COMMONJS_NAMED)) found.push(symbol(m[1] ?? "", "", m.index));
  return found.sort((a, b) => a.lines.start - b.lines.start);
}

function localDeclaration(code: string, name: string): { keyword: string; at: number } | undefined {
  const escaped = name.replace(/\$/g, "\\$");
  const pattern = new RegExp(
    `^(?:declare\\s+)?(?:async\\s+)?(?:abstract\\s+)?(function\\*?|class|const|let|var|type|interface|enum)\\s+${escaped}(?![\\w$])`,
    "m",
  );
  const m = pattern.exec(code);
  return m ? { keyword: m[1] ?? "", at: m.index } : undefined;
}

function kindOf(keyword: string): ExportedSymbol["kind"] {
  if (keyword.startsWith("function")) return "function";
  if (keyword === "class") return "class";
  if (keyword === "const" || keyword === "let" || keyword === "var") return "const";
  if (keyword === "type") return "type";
  if (keyword === "interface") return "interface";
  return "other";
}

/** The file's leading doc comment (only imports may come before it), as one sentence. */
export function jsSummaryHint(text: string, scanned: Scanned): string {
  const firstCode = /^(?:\s|import\b[^;]*;|["'] *["'];?)*/.exec(scanned.code)?.[0].length ?? 0;
  const leading = scanned.comments.filter((c) => c.start < firstCode && !c.text.startsWith("#!"));
  return commentHint(mergeLineComments(text, leading));
}
