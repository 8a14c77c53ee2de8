import { z } from "zod";
import { defineTool } from "../../tool.ts";
import { cashFlowsInput, toCashFlows } from "./cash-flows.ts";
import { type Dec, ensure, fixed, json, percentInput, toDecimal } from "./decimal.ts";
import { solveIrr } from "./irr-solver.ts";

const input = z.strictObject({
  cashFlows: cashFlowsInput,
  guessPercent: percentInput(
    "Optional: when the cash flows have several IRRs, the one nearest this rate is reported first (default 10).",
  ).optional(),
  decimalPlaces: z
    .number()
    .int()
    .min(0)
    .max(8)
    .optional()
    .describe("Decimal places for the IRR percentage (0-8, default 4)."),
});

function percentText(rate: Dec, places: number): string {
  return fixed(rate.times(100), places);
}

export const irrTool = defineTool({
  name: "irr",
  description:
    "Internal rate of return of periodic cash flows (first at t = 0): the rate per period at which NPV is zero. " +
    "Solved by bracketing NPV between -99 % and 10000 % and refining to 1e-10 in decimal arithmetic. " +
    "Needs at least one negative and one positive flow. Flows that change sign more than once can have several IRRs; all found are listed.",
  kind: "read",
  input,
  async run(args) {
    const flows = toCashFlows(args.cashFlows);
    const guess = toDecimal(args.guessPercent ?? "10").div(100);
    ensure(guess.gt(-1), "guessPercent must be above -100");
    const places = args.decimalPlaces ?? 4;
    const { rates, signChanges } = solveIrr(flows, guess);
    const [irr, ...others] = rates;
    ensure(irr !== undefined, "No IRR found");
    const irrPercent = percentText(irr, places);
    return {
      content: json({
        irrPercent,
        irr: fixed(irr, 10),
        cashFlowCount: flows.length,
        ...(others.length > 0 ? { otherIrrsPercent: others.map((rate) => percentText(rate, places)) } : {}),
        ...(signChanges > 1
          ? {
              note: `The cash flows change sign ${signChanges} times, so more than one IRR can exist; prefer NPV.`,
            }
          : {}),
      }),
      summary: `IRR of ${flows.length} cash flows = ${irrPercent}%${others.length > 0 ? ` (${rates.length} IRRs found)` : ""}`,
    };
  },
});
