import { z } from "zod";
import { defineTool } from "../../tool.ts";
import { allocate } from "./allocation.ts";
import { currencyInput, minorUnits } from "./currencies.ts";
import { Dec, decimalInput, ensure, json, oneLine, toDecimal } from "./decimal.ts";

const MAX_SHARES = 1000;

const input = z.strictObject({
  amount: decimalInput("The total to split, already in the currency's minor units (e.g. 100.00 for USD)."),
  currency: currencyInput("The currency, which decides the smallest unit a share can hold."),
  parts: z
    .number()
    .int()
    .optional()
    .describe(`Split into this many equal shares (2 to ${MAX_SHARES}). Give either parts or ratios.`),
  ratios: z
    .array(decimalInput("One share's weight (0 or more), e.g. headcount, floor area or a percentage."))
    .max(MAX_SHARES)
    .optional()
    .describe(
      "Split in proportion to these weights, in order; they need not add up to 1 or 100. Give either parts or ratios.",
    ),
});

function weightsFor(args: z.infer<typeof input>): Dec[] {
  ensure(
    (args.parts === undefined) !== (args.ratios === undefined),
    "Give exactly one of parts (equal shares) or ratios (weighted shares)",
  );
  if (args.ratios !== undefined) {
    ensure(args.ratios.length >= 1, "ratios must list at least one weight");
    return args.ratios.map(toDecimal);
  }
  const parts = args.parts ?? 0;
  ensure(
    parts >= 2 && parts <= MAX_SHARES,
    `parts must be from 2 to ${MAX_SHARES}; ${parts} is outside that range`,
  );
  return Array.from({ length: parts }, () => new Dec(1));
}

export const allocateTool = defineTool({
  name: "allocate",
  description:
    "Split an amount into equal parts or by ratios so the shares add up to the total exactly, each a whole number of the currency's minor units " +
    "(largest-remainder method: 100.00 USD in 3 parts is 33.34, 33.33, 33.33). Useful for cost allocation. Shares are returned in the order of the ratios.",
  kind: "read",
  input,
  async run(args) {
    const currency = args.currency.toUpperCase();
    const places = minorUnits(currency);
    const total = toDecimal(args.amount);
    const shares = allocate(total, weightsFor(args), places).map((share) => share.toFixed(places));
    const totalText = total.toFixed(places);
    return {
      content: json({ total: totalText, currency, shares }),
      summary: oneLine(`Split ${totalText} ${currency} into ${shares.length} shares: ${shares.join(", ")}`),
    };
  },
});
