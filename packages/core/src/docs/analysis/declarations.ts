/**
 * Where a declaration ends, in blanked C-like code (TypeScript, JavaScript, Go): at a `;` or at a
 * line break outside brackets once the statement is complete, or for a block declaration
 * (function, class, interface, struct) at the brace that closes its body.
 */

const CONTINUES_LINE = "=,([{+-*/%&|^!~?:<>.";
const CONTINUES_NEXT_LINE = ".?:|&+-*/%=,)]}>";
const CONTINUES_AFTER_BLOCK = "{|&[.,=>";

/** Offset of the last character of the declaration starting at `from`. */
export function declarationEnd(code: string, from: number, block: boolean): number {
  let depth = 0;
  for (let i = from; i < code.length; i++) {
    const c = code[i] ?? "";
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (block && c === "}" && depth <= 0 && !isOneOf(CONTINUES_AFTER_BLOCK, nextSignificant(code, i + 1))) {
        return i;
      }
    } else if (c === ";" && depth <= 0) return i;
    else if (c === "\n" && depth <= 0 && !block && statementComplete(code, from, i)) return i - 1;
  }
  return code.length - 1;
}

function statementComplete(code: string, from: number, newline: number): boolean {
  const last = previousSignificant(code, newline - 1, from);
  if (last === "" || isOneOf(CONTINUES_LINE, last)) return false;
  return !isOneOf(CONTINUES_NEXT_LINE, nextSignificant(code, newline + 1));
}

function isOneOf(characters: string, c: string): boolean {
  return c !== "" && characters.includes(c);
}

function nextSignificant(code: string, from: number): string {
  for (let i = from; i < code.length; i++) {
    const c = code[i] ?? "";
    if (!/\s/.test(c)) return c;
  }
  return "";
}

function previousSignificant(code: string, from: number, floor: number): string {
  for (let i = from; i >= floor; i--) {
    const c = code[i] ?? "";
    if (!/\s/.test(c)) return c;
  }
  return "";
}
