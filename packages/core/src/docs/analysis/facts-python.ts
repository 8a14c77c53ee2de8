import { LineIndex } from "./lines.ts";
import type { Literal, Scanned } from "./scan.ts";
import { firstSentence } from "./summary.ts";
import type { EntryHint, ExportedSymbol, LineRange } from "./types.ts";

const IMPORT = /^[ \t]*import[ \t]+([^\n]+)/gm;
const FROM_IMPORT = /^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]*(\([^)]*\)|[^\n]+)/gm;

/**
 * Imported modules as written. `from x import y` gives `x`; a relative import of names from a
 * package alone (`from . import a, b`) gives `.a` and `.b`, since those are usually modules.
 */
export function pythonImports(scanned: Scanned): string[] {
  const code = scanned.code.replace(/\\\n/g, "  ");
  const found: [number, string][] = [];
  for (const m of code.matchAll(IMPORT)) {
    for (const part of (m[1] ?? "").split(",")) {
      const module = part
        .trim()
        .split(/\s+as\s+/)[0]
        ?.trim();
      if (module && /^[\w.]+$/.test(module)) found.push([m.index, module]);
    }
  }
  for (const m of code.matchAll(FROM_IMPORT)) {
    const module = m[1] ?? "";
    if (!/^\.+$/.test(module)) {
      if (module !== "") found.push([m.index, module]);
      continue;
    }
    for (const name of importedNames(m[2] ?? ""))
      found.push([m.index, name === "*" ? module : module + name]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, module]) => module);
}

function importedNames(list: string): string[] {
  return list
    .replace(/[()]/g, "")
    .split(",")
    .map(
      (part) =>
        part
          .trim()
          .split(/\s+as\s+/)[0]
          ?.trim() ?? "",
    )
    .filter((name) => /^(\w+|\*)$/.test(name));
}

const TOP_LEVEL = /^(?:async[ \t]+)?(def|class)[ \t]+([A-Za-z]\w*)/gm;

/** Public top-level functions and classes (names not starting with `_`), decorators included in the range. */
export function pythonExports(scanned: Scanned): ExportedSymbol[] {
  const codeLines = scanned.code.split("\n");
  const index = new LineIndex(scanned.code);
  return [...scanned.code.matchAll(TOP_LEVEL)].map((m) => {
    const line = index.lineOf(m.index);
    const kind = m[1] === "class" ? "class" : "function";
    return { name: m[2] ?? "", kind, lines: pythonBlock(codeLines, line) };
  });
}

/**
 * The lines of the definition at 1-based `line`: back over its decorators, then on to the last
 * non-blank line before the next line at or left of the definition's own indentation.
 */
export function pythonBlock(codeLines: string[], line: number): LineRange {
  const indent = indentation(codeLines[line - 1] ?? "");
  let start = line;
  while (
    start > 1 &&
    /^\s*@/.test(codeLines[start - 2] ?? "") &&
    indentation(codeLines[start - 2] ?? "") === indent
  ) {
    start--;
  }
  let end = line;
  for (let i = line; i < codeLines.length; i++) {
    const text = codeLines[i] ?? "";
    if (text.trim() === "") continue;
    if (indentation(text) <= indent && !/^\s*[)\]}]/.test(text)) break;
    end = i + 1;
  }
  return { start, end };
}

function indentation(line: string): number {
  return /^[ \t]*/.exec(line)?.[0].length ?? 0;
}

/** The module docstring's first sentence, when the first statement is a string. */
export function pythonDocstring(scanned: Scanned): string {
  const first = /\S/.exec(scanned.code);
  if (!first) return "";
  const literal = scanned.strings.find((s) => s.start === first.index);
  return literal ? firstSentence(literal.value) : "";
}

/** An `if __name__ == "__main__":` guard makes the module runnable as a script. */
export function pythonEntryHints(scanned: Scanned): EntryHint[] {
  const byStart = new Map<number, Literal>(scanned.strings.map((s) => [s.start, s]));
  for (const m of scanned.code.matchAll(/^if\s+__name__\s*==\s*(?=["'])/gm)) {
    if (byStart.get(m.index + m[0].length)?.value === "__main__") return [{ reason: "__main__ guard" }];
  }
  return [];
}
