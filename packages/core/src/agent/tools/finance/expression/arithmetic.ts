import { Dec } from "../decimal.ts";

/** A computed value and whether it is exact or was rounded to Dec's 40 significant digits. */
export interface Computed {
  value: Dec;
  exact: boolean;
}

/** A problem with an operation; the parser adds the position. */
export class ArithmeticProblem extends Error {
  override name = "ArithmeticProblem";
}

/** Wide enough that a product of two 40-digit operands, or a sum of close ones, is exact. */
const Wide = Dec.clone({ precision: 400 });
const WIDE_DIGITS_BUDGET = 380;
export const MAX_EXPONENT = 1000;

function checked(value: Dec, exact: boolean, operandsNonZero: boolean): Computed {
  if (!value.isFinite()) throw new ArithmeticProblem("Result is too large (beyond 1e100000)");
  if (value.isZero() && operandsNonZero) throw new ArithmeticProblem("Result is too small (below 1e-100000)");
  return { value, exact };
}

/** How many digit positions a sum of a and b can span, from the highest carry to the lowest digit. */
function sumDigitSpan(a: Dec, b: Dec): number {
  if (a.isZero() || b.isZero()) return 0;
  const lowest = Math.min(a.e - a.sd() + 1, b.e - b.sd() + 1);
  return Math.max(a.e, b.e) + 2 - lowest;
}

function sum(a: Dec, b: Dec): Computed {
  const value = a.plus(b);
  // Operands of at most 40 digits this far apart cannot cancel, so their sum has over 40 digits.
  if (sumDigitSpan(a, b) > WIDE_DIGITS_BUDGET) return checked(value, false, false);
  return checked(value, new Wide(a).plus(b).eq(value), false);
}

export function add(a: Dec, b: Dec): Computed {
  return sum(a, b);
}

export function subtract(a: Dec, b: Dec): Computed {
  return sum(a, b.neg());
}

export function multiply(a: Dec, b: Dec): Computed {
  const value = a.times(b);
  return checked(value, new Wide(a).times(b).eq(value), !a.isZero() && !b.isZero());
}

export function divide(a: Dec, b: Dec): Computed {
  if (b.isZero()) throw new ArithmeticProblem("Division by zero");
  const value = a.div(b);
  return checked(value, new Wide(value).times(b).eq(a), !a.isZero());
}

/** Digits of the integer coefficient of |base|^n, estimated with a float: only used to pick a path. */
function estimatedPowerDigits(base: Dec, n: number): number {
  const mantissa = Number(base.abs().toExponential(14).split("e")[0]);
  return n * (Math.log10(mantissa) + base.sd() - 1) + 1;
}

function powerNonNegative(base: Dec, n: number): Computed {
  if (estimatedPowerDigits(base, n) <= WIDE_DIGITS_BUDGET) {
    const wide = new Wide(base).pow(n);
    return checked(
      new Dec(wide).toSignificantDigits(Dec.precision),
      wide.sd() <= Dec.precision,
      !base.isZero(),
    );
  }
  // More than 380 digits: certainly more than 40, so the result is rounded.
  return checked(base.pow(n), false, !base.isZero());
}

/** base ^ exponent for a whole exponent of at most MAX_EXPONENT in size. */
export function power(base: Dec, exponent: Dec): Computed {
  if (!exponent.isInteger()) throw new ArithmeticProblem("Exponents must be whole numbers");
  if (exponent.abs().gt(MAX_EXPONENT)) {
    throw new ArithmeticProblem(`Exponents may be at most ${MAX_EXPONENT} in size`);
  }
  const n = exponent.toNumber();
  if (n >= 0) return powerNonNegative(base, n);
  if (base.isZero()) throw new ArithmeticProblem("Division by zero (zero to a negative power)");
  const denominator = powerNonNegative(base, -n);
  const quotient = divide(new Dec(1), denominator.value);
  return { value: quotient.value, exact: quotient.exact && denominator.exact };
}

export function squareRoot(x: Dec): Computed {
  if (x.lt(0)) throw new ArithmeticProblem("Square root of a negative number");
  const value = x.sqrt();
  return checked(value, new Wide(value).times(value).eq(x), false);
}
