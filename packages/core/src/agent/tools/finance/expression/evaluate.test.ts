import { describe, expect, it } from "vitest";
import { AppError } from "../../../../errors.ts";
import { evaluateExpression } from "./evaluate.ts";

function value(expression: string): string {
  return evaluateExpression(expression).value.toString();
}

function failure(expression: string): AppError {
  try {
    evaluateExpression(expression);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`"${expression}" evaluated without an error`);
}

describe("evaluateExpression", () => {
  it("adds decimals exactly, unlike binary floating point", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(evaluateExpression("0.1 + 0.2")).toMatchObject({ exact: true });
    expect(value("0.1 + 0.2")).toBe("0.3");
    expect(value("1.10 * 3")).toBe("3.3");
  });

  it("follows precedence, associativity and unary minus like a textbook", () => {
    expect(value("2 + 3 * 4")).toBe("14");
    expect(value("(2 + 3) * 4")).toBe("20");
    expect(value("10 - 4 - 3")).toBe("3");
    expect(value("2 ^ 3 ^ 2")).toBe("512");
    expect(value("-2 ^ 2")).toBe("-4");
    expect(value("(-2) ^ 2")).toBe("4");
    expect(value("2 ^ -2")).toBe("0.25");
    expect(value("2 ** 10")).toBe("1024");
    expect(value("--3")).toBe("3");
    expect(value("100 / 8 / 5")).toBe("2.5");
  });

  it("treats % as divide by 100", () => {
    expect(value("15%")).toBe("0.15");
    expect(value("200 * 15%")).toBe("30");
    expect(value("200 * (1 + 15%)")).toBe("230");
  });

  it("calls functions", () => {
    expect(value("round(2.345, 2)")).toBe("2.35");
    expect(value("round(-2.345, 2)")).toBe("-2.35");
    expect(value("round(2.5)")).toBe("3");
    expect(value("abs(-12.5) + min(3, 1.5, 2) + max(-1, -2)")).toBe("13");
    expect(value("sqrt(1.44)")).toBe("1.2");
    expect(value("ROUND(1200 * 1.075^3, 2)")).toBe("1490.76");
  });

  it("flags results that had to be rounded to 40 significant digits", () => {
    const third = evaluateExpression("1 / 3");
    expect(third.exact).toBe(false);
    expect(third.value.toString()).toBe(`0.${"3".repeat(40)}`);
    expect(evaluateExpression("2 / 3 * 3").exact).toBe(false);
    expect(evaluateExpression("sqrt(2)").exact).toBe(false);
    expect(evaluateExpression("1 / 8").exact).toBe(true);
    expect(evaluateExpression("2 ^ 100").exact).toBe(true);
    expect(evaluateExpression("2 ^ 200").exact).toBe(false);
    expect(evaluateExpression("10 ^ 1000").exact).toBe(true);
    expect(evaluateExpression("1.5 ^ 1000").exact).toBe(false);
    expect(evaluateExpression("10 ^ 1000 + 1").exact).toBe(false);
    expect(evaluateExpression("10 ^ 1000 - 10 ^ 1000 + 1").exact).toBe(true);
    expect(evaluateExpression("10 ^ 30 + 0.5").exact).toBe(true);
    expect(evaluateExpression("10 ^ 40 + 0.5").exact).toBe(false);
    expect(value("2 ^ 100")).toBe("1267650600228229401496703205376");
  });

  it("points at the position of a syntax error", () => {
    const error = failure("1 + * 2");
    expect(error.code).toBe("unprocessable");
    expect(error.message).toContain('found "*" (at position 5)');
    expect(error.message).toContain("\n1 + * 2\n    ^");
    expect(failure("(1 + 2").message).toContain(
      'Expected ")" but found the end of the expression (at position 7)',
    );
    expect(failure("1 + 2)").message).toContain('Unmatched ")" (at position 6)');
    expect(failure("2 3").message).toContain("Expected an operator");
    expect(failure("1,234.56 * 2").message).toContain("no thousands separators");
    expect(failure("$100").message).toContain("Currency symbols");
    expect(failure("1e5").message).toContain("no exponent notation");
    expect(failure("1.2.3").message).toContain("(at position 4)");
    expect(failure("pi * 2").message).toContain('Unknown name "pi"');
    expect(failure("round(1, 2, 3)").message).toContain("round() takes 1-2 arguments");
  });

  it("refuses code: no eval, only arithmetic", () => {
    expect(failure("process(1)").message).toContain('Unknown name "process"');
    expect(failure("process.exit(1)").message).toContain('Unexpected character "." (at position 8)');
    expect(failure("constructor(1) + __proto__(1)").message).toContain('Unknown name "constructor"');
    expect(failure("`1`").message).toContain("Unexpected character");
  });

  it("reports arithmetic problems where they happen", () => {
    expect(failure("10 / (5 - 5)").message).toContain("Division by zero (at position 4)");
    expect(failure("0 ^ -1").message).toContain("Division by zero");
    expect(failure("2 ^ 0.5").message).toContain("whole numbers");
    expect(failure("2 ^ 1001").message).toContain("at most 1000");
    expect(failure("sqrt(-4)").message).toContain("negative");
    expect(failure("round(1.5, 0.5)").message).toContain("round()");
    expect(failure("(10 ^ 1000) ^ 1000 ^ 1000").message).toContain("at most 1000");
    expect(failure("((10 ^ 1000) ^ 1000) ^ 1000").message).toContain("too large");
  });

  it("caps length and nesting", () => {
    expect(failure(`1${"+1".repeat(300)}`).message).toContain("longer than 500");
    expect(failure(`${"(".repeat(70)}1${")".repeat(70)}`).message).toContain("deeper than 64");
    expect(failure("   ").message).toContain("empty");
    expect(value(`${"(".repeat(20)}1${")".repeat(20)}`)).toBe("1");
  });
});
