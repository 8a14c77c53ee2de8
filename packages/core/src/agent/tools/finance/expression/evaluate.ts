import type { AppError } from "../../../../errors.ts";
import { Dec, unprocessable } from "../decimal.ts";
import { ArithmeticProblem, add, type Computed, divide, multiply, power, subtract } from "./arithmetic.ts";
import { expressionFunctions, functionNames } from "./functions.ts";
import { errorAt, type Token, tokenize } from "./tokens.ts";

export const MAX_EXPRESSION_LENGTH = 500;
const MAX_NESTING = 64;
const HUNDRED = new Dec(100);

/** The value of an expression and whether any step had to round to 40 significant digits. */
export interface Evaluation {
  value: Dec;
  exact: boolean;
}

const binary: Record<string, (a: Dec, b: Dec) => Computed> = {
  "+": add,
  "-": subtract,
  "*": multiply,
  "/": divide,
};

function describe(token: Token): string {
  return token.kind === "end" ? "the end of the expression" : `"${token.text}"`;
}

/** Recursive descent over: sum := product (("+"|"-") product)*; product := unary (("*"|"/") unary)*;
 * unary := ("+"|"-") unary | power; power := postfix ("^" unary)?; postfix := primary "%"*;
 * primary := number | "(" sum ")" | name "(" sum ("," sum)* ")". */
class Parser {
  exact = true;
  private index = 0;
  private depth = 0;
  private readonly expression: string;
  private readonly tokens: Token[];

  constructor(expression: string) {
    this.expression = expression;
    this.tokens = tokenize(expression);
  }

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: "end", text: "", offset: this.expression.length };
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== "end") this.index += 1;
    return token;
  }

  private isOperator(...texts: string[]): boolean {
    const token = this.peek();
    return token.kind === "operator" && texts.includes(token.text);
  }

  private fail(token: Token, message: string): AppError {
    return errorAt(this.expression, token.offset, message);
  }

  private expect(text: string): void {
    const token = this.next();
    if (token.kind !== "operator" || token.text !== text) {
      throw this.fail(token, `Expected "${text}" but found ${describe(token)}`);
    }
  }

  private compute(at: Token, step: () => Computed): Dec {
    try {
      const result = step();
      this.exact &&= result.exact;
      return result.value;
    } catch (error) {
      if (error instanceof ArithmeticProblem) throw this.fail(at, error.message);
      throw error;
    }
  }

  private nested<T>(at: Token, parse: () => T): T {
    this.depth += 1;
    if (this.depth > MAX_NESTING)
      throw this.fail(at, `The expression nests deeper than ${MAX_NESTING} levels`);
    const result = parse();
    this.depth -= 1;
    return result;
  }

  parseSum(): Dec {
    let left = this.parseProduct();
    while (this.isOperator("+", "-")) {
      const operator = this.next();
      const right = this.parseProduct();
      const leftValue = left;
      left = this.compute(operator, () => (binary[operator.text] ?? add)(leftValue, right));
    }
    return left;
  }

  private parseProduct(): Dec {
    let left = this.parseUnary();
    while (this.isOperator("*", "/")) {
      const operator = this.next();
      const right = this.parseUnary();
      const leftValue = left;
      left = this.compute(operator, () => (binary[operator.text] ?? multiply)(leftValue, right));
    }
    return left;
  }

  private parseUnary(): Dec {
    if (!this.isOperator("+", "-")) return this.parsePower();
    const sign = this.next();
    const operand = this.nested(sign, () => this.parseUnary());
    return sign.text === "-" ? operand.neg() : operand;
  }

  private parsePower(): Dec {
    const base = this.parsePostfix();
    if (!this.isOperator("^")) return base;
    const operator = this.next();
    const exponent = this.nested(operator, () => this.parseUnary());
    return this.compute(operator, () => power(base, exponent));
  }

  private parsePostfix(): Dec {
    let value = this.parsePrimary();
    while (this.isOperator("%")) {
      const percent = this.next();
      const base = value;
      value = this.compute(percent, () => divide(base, HUNDRED));
    }
    return value;
  }

  private parsePrimary(): Dec {
    const token = this.next();
    if (token.kind === "number") return new Dec(token.text);
    if (token.kind === "name") return this.parseCall(token);
    if (token.kind === "operator" && token.text === "(") {
      const value = this.nested(token, () => this.parseSum());
      this.expect(")");
      return value;
    }
    throw this.fail(token, `Expected a number, "(" or a function but found ${describe(token)}`);
  }

  private parseCall(name: Token): Dec {
    const spec = expressionFunctions.get(name.text);
    if (!spec) throw this.fail(name, `Unknown name "${name.text}"; the functions are ${functionNames}`);
    this.expect("(");
    const args = this.nested(name, () => this.parseArguments());
    this.expect(")");
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      throw this.fail(name, `${name.text}() takes ${spec.minArgs}-${spec.maxArgs} arguments: ${spec.usage}`);
    }
    return this.compute(name, () => spec.apply(args));
  }

  private parseArguments(): Dec[] {
    const args = [this.parseSum()];
    while (this.isOperator(",")) {
      this.next();
      args.push(this.parseSum());
    }
    return args;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind === "end") return;
    if (token.text === ",") {
      throw this.fail(token, "Commas only separate function arguments (no thousands separators)");
    }
    if (token.text === ")") throw this.fail(token, 'Unmatched ")"');
    throw this.fail(token, `Expected an operator (+ - * / ^ %) but found ${describe(token)}`);
  }
}

/**
 * Evaluates an arithmetic expression exactly with Decimal arithmetic (no floats, no eval).
 * @throws AppError("unprocessable") naming the position of a syntax or arithmetic problem.
 */
export function evaluateExpression(expression: string): Evaluation {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw unprocessable(`The expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  }
  if (expression.trim() === "") throw unprocessable("The expression is empty");
  const parser = new Parser(expression);
  const value = parser.parseSum();
  parser.expectEnd();
  return { value, exact: parser.exact };
}
