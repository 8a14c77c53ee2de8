import type { Decimal } from "decimal.js";
import decimalModule from "decimal.js";
import { z } from "zod";
import { AppError } from "../../../errors.ts";

// decimal.js types itself as CommonJS, so under nodenext TypeScript sees the default import as the
// module object; Node loads the package's ESM build, whose default export is the Decimal class.
const DecimalClass = decimalModule as unknown as typeof Decimal;

/**
 * The Decimal constructor every finance tool uses. A private clone, so the library's global
 * configuration stays untouched for any other code in the process. 40 significant digits keep every
 * accepted input (at most 31 digits) exact and leave headroom for intermediate products.
 */
export const Dec = DecimalClass.clone({
  precision: 40,
  rounding: DecimalClass.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 60,
  maxE: 100_000,
  minE: -100_000,
});

export type Dec = Decimal;
export type Rounding = Decimal.Rounding;

const DECIMAL_PATTERN = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$/;
const MAX_DECIMAL_LENGTH = 32;

const decimalString = z
  .string()
  .max(MAX_DECIMAL_LENGTH, `at most ${MAX_DECIMAL_LENGTH} characters`)
  .regex(
    DECIMAL_PATTERN,
    'a plain decimal like "1234.56" or "-0.5": digits with an optional sign and point, no exponent, no thousands separators, no currency symbol',
  );

const decimalNumber = z
  .number()
  .refine((n) => Number.isFinite(n), "must be a finite number")
  .refine(
    (n) => !Number.isInteger(n) || Number.isSafeInteger(n),
    "integers beyond 2^53 lose digits as JSON numbers: pass the value as a decimal string",
  )
  .refine(
    (n) => DECIMAL_PATTERN.test(String(n)),
    "too large or too small to pass as a JSON number: pass the value as a decimal string",
  );

/**
 * A decimal argument from the model: preferably a string such as "1234.56"; a JSON number is also
 * accepted, but it has already been parsed to a binary float by JSON.parse, so only numbers whose
 * shortest text form is a plain decimal are taken (that text is what becomes the Decimal).
 */
export function decimalInput(description: string) {
  return z
    .union([decimalString, decimalNumber])
    .describe(`${description} A decimal string like "1234.56" is preferred; a JSON number also works.`);
}

const percentString = z
  .string()
  .max(MAX_DECIMAL_LENGTH + 1, `at most ${MAX_DECIMAL_LENGTH} characters`)
  .regex(
    /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)%?$/,
    'a plain decimal percentage like "6.5" (a trailing % is allowed)',
  );

/** A percentage argument: "6.5" (or "6.5%") means 6.5 %. Convert it with `toDecimal`. */
export function percentInput(description: string) {
  return z
    .union([percentString, decimalNumber])
    .describe(`${description} In percent: "6.5" means 6.5 %, not 650 %. A decimal string is preferred.`);
}

/** An optional number of decimal places for rounded outputs. */
export function decimalPlacesInput(defaultPlaces: number, what: string) {
  return z
    .number()
    .int()
    .min(0)
    .max(20)
    .optional()
    .describe(`Decimal places for ${what} (0-20, default ${defaultPlaces}). Rounding is half-even.`);
}

/**
 * Converts a validated decimal (or percentage) argument to a Decimal without any float arithmetic;
 * a percentage keeps its number: "6.5%" becomes 6.5.
 */
export function toDecimal(value: string | number): Dec {
  const text = typeof value === "number" ? String(value) : value.replace(/%$/, "");
  if (!DECIMAL_PATTERN.test(text)) throw unprocessable(`"${text}" is not a plain decimal number`);
  return new Dec(text);
}

/** The error a person (or the model) can fix by changing the arguments. */
export function unprocessable(message: string): AppError {
  return new AppError("unprocessable", message);
}

/** Throws the unprocessable error with `message` unless `condition` holds. */
export function ensure(condition: boolean, message: string): asserts condition {
  if (!condition) throw unprocessable(message);
}

/** A fixed-point decimal string, never in exponent notation. */
export function fixed(value: Dec, places: number): string {
  return value.toDecimalPlaces(places, Dec.ROUND_HALF_EVEN).toFixed(places);
}

/** Renders a ToolResult's JSON content. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

/** Collapses whitespace and shortens text for a one-line tool summary. */
export function oneLine(text: string, maxLength = 100): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}
