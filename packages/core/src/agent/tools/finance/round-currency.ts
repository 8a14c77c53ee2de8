import { z } from "zod";
import { defineTool } from "../../tool.ts";
import { currencyInput, minorUnits, roundingModeInput, roundTo } from "./currencies.ts";
import { decimalInput, json, toDecimal } from "./decimal.ts";

const input = z.strictObject({
  amount: decimalInput("The amount to round."),
  currency: currencyInput("The currency whose minor units decide the decimal places (JPY 0, USD 2, KWD 3)."),
  roundingMode: roundingModeInput,
});

export const roundCurrencyTool = defineTool({
  name: "round_currency",
  description:
    "Round an amount to a currency's ISO 4217 minor units (JPY 0 places, USD/EUR/GBP 2, BHD/KWD 3) with bankers' rounding (half-even, the default) or half-up. " +
    "Returns the rounded amount and the rounding adjustment. Unknown currency codes are refused.",
  kind: "read",
  input,
  async run(args) {
    const amount = toDecimal(args.amount);
    const currency = args.currency.toUpperCase();
    const places = minorUnits(currency);
    const mode = args.roundingMode ?? "half_even";
    const rounded = roundTo(amount, places, mode);
    const text = rounded.toFixed(places);
    return {
      content: json({
        amount: amount.toString(),
        currency,
        minorUnits: places,
        roundingMode: mode,
        rounded: text,
        adjustment: rounded.minus(amount).toString(),
      }),
      summary: `${amount} ${currency} rounded ${mode.replace("_", "-")} = ${text}`,
    };
  },
});
