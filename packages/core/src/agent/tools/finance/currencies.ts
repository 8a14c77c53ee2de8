import { z } from "zod";
import { Dec, type Rounding, unprocessable } from "./decimal.ts";

const ZERO_DECIMAL = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF";
const THREE_DECIMAL = "BHD IQD JOD KWD LYD OMR TND";
const TWO_DECIMAL =
  "AED ARS AUD BDT BGN BRL CAD CHF CNY COP CZK DKK EGP EUR GBP HKD HUF IDR ILS INR KES MAD MXN MYR " +
  "NGN NOK NZD PEN PHP PKR PLN QAR RON SAR SEK SGD THB TRY TWD UAH USD ZAR";

/** ISO 4217 minor units (digits after the point) of the currencies the tools know. */
const MINOR_UNITS: ReadonlyMap<string, number> = new Map([
  ...ZERO_DECIMAL.split(" ").map((code) => [code, 0] as const),
  ...TWO_DECIMAL.split(" ").map((code) => [code, 2] as const),
  ...THREE_DECIMAL.split(" ").map((code) => [code, 3] as const),
]);

/** The currency codes with a known number of minor units, sorted. */
export const knownCurrencies: readonly string[] = [...MINOR_UNITS.keys()].sort();

export const roundingModes = ["half_even", "half_up"] as const;
export type RoundingMode = (typeof roundingModes)[number];

export function currencyInput(description: string) {
  return z
    .string()
    .regex(/^[A-Za-z]{3}$/, "a three-letter ISO 4217 code such as USD")
    .describe(`${description} Three-letter ISO 4217 code, e.g. USD, EUR, JPY, KWD.`);
}

export const roundingModeInput = z
  .enum(roundingModes)
  .optional()
  .describe(
    'How to round ties: "half_even" (bankers\' rounding, the default: 2.345 -> 2.34, 2.355 -> 2.36) or "half_up" (ties away from zero, like a spreadsheet ROUND: 2.345 -> 2.35, -2.345 -> -2.35).',
  );

/**
 * Digits after the point for an ISO 4217 currency code (case-insensitive).
 * @throws AppError("unprocessable") for a code not in the table.
 */
export function minorUnits(currency: string): number {
  const units = MINOR_UNITS.get(currency.toUpperCase());
  if (units === undefined) {
    throw unprocessable(`Unknown currency code "${currency}". Known codes: ${knownCurrencies.join(", ")}.`);
  }
  return units;
}

/** The decimal.js rounding constant for a rounding mode name. */
export function decimalRounding(mode: RoundingMode): Rounding {
  return mode === "half_up" ? Dec.ROUND_HALF_UP : Dec.ROUND_HALF_EVEN;
}

/** Rounds an amount to a number of decimal places with the given tie-breaking rule. */
export function roundTo(amount: Dec, places: number, mode: RoundingMode = "half_even"): Dec {
  return amount.toDecimalPlaces(places, decimalRounding(mode));
}
