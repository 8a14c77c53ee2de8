import type { AppError } from "../../../../errors.ts";
import { unprocessable } from "../decimal.ts";

export type TokenKind = "number" | "name" | "operator" | "end";

export interface Token {
  kind: TokenKind;
  /** The token's text; "^" also stands for a written "**". */
  text: string;
  /** Zero-based offset into the expression. */
  offset: number;
}

const MAX_LITERAL_DIGITS = 30;
const NUMBER = /\d+(?:\.\d+)?|\.\d+/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const SINGLE_OPERATORS = new Set(["+", "-", "*", "/", "^", "%", "(", ")", ","]);

/**
 * An error that points at a position of the expression, with the expression and a caret so the
 * reader (often a model) can see exactly where it went wrong.
 */
export function errorAt(expression: string, offset: number, message: string): AppError {
  const start = Math.max(0, offset - 40);
  const excerpt = expression.slice(start, offset + 40);
  const prefix = start > 0 ? "..." : "";
  const caret = `${" ".repeat(prefix.length + offset - start)}^`;
  return unprocessable(`${message} (at position ${offset + 1})\n${prefix}${excerpt}\n${caret}`);
}

function readNumber(expression: string, offset: number): Token {
  NUMBER.lastIndex = offset;
  const text = NUMBER.exec(expression)?.[0] ?? "";
  const next = expression[offset + text.length];
  if (text === "" || next === "e" || next === "E" || next === ".") {
    throw errorAt(
      expression,
      offset + text.length,
      "Numbers are plain decimals like 1234.56 or .5 (one point with digits after it, no exponent notation)",
    );
  }
  if (text.replace(".", "").length > MAX_LITERAL_DIGITS) {
    throw errorAt(expression, offset, `A number may have at most ${MAX_LITERAL_DIGITS} digits`);
  }
  return { kind: "number", text, offset };
}

function readName(expression: string, offset: number): Token {
  NAME.lastIndex = offset;
  const text = NAME.exec(expression)?.[0] ?? "";
  return { kind: "name", text: text.toLowerCase(), offset };
}

function describeCharacter(char: string): string {
  if (/[$€£¥]/.test(char)) return "Currency symbols are not allowed; write the bare amount";
  return `Unexpected character "${char}"`;
}

/** Splits an expression into tokens, ending with an "end" token. */
export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  while (offset < expression.length) {
    const char = expression[offset] ?? "";
    if (/\s/.test(char)) {
      offset += 1;
    } else if (/\d/.test(char) || (char === "." && /\d/.test(expression[offset + 1] ?? ""))) {
      const token = readNumber(expression, offset);
      tokens.push(token);
      offset += token.text.length;
    } else if (/[A-Za-z_]/.test(char)) {
      const token = readName(expression, offset);
      tokens.push(token);
      offset += token.text.length;
    } else if (expression.startsWith("**", offset)) {
      tokens.push({ kind: "operator", text: "^", offset });
      offset += 2;
    } else if (SINGLE_OPERATORS.has(char)) {
      tokens.push({ kind: "operator", text: char, offset });
      offset += 1;
    } else {
      throw errorAt(expression, offset, describeCharacter(char));
    }
  }
  tokens.push({ kind: "end", text: "end of expression", offset: expression.length });
  return tokens;
}
