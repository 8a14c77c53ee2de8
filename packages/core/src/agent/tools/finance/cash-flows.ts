import { z } from "zod";
import { Dec, decimalInput, ensure, toDecimal } from "./decimal.ts";

export const MAX_CASH_FLOWS = 1000;

/** Cash flows one period apart, the first at t = 0. */
export const cashFlowsInput = z
  .array(decimalInput("One period's net cash flow (negative for money out)."))
  .min(1)
  .max(MAX_CASH_FLOWS)
  .describe(
    `Net cash flows one period apart, in order, the first at t = 0 (not discounted; usually the negative initial investment). At most ${MAX_CASH_FLOWS}.`,
  );

/** Parses cash-flow arguments into Decimals. */
export function toCashFlows(values: readonly (string | number)[]): Dec[] {
  return values.map(toDecimal);
}

/**
 * Net present value of cash flows (first at t = 0) at a periodic rate given as a fraction
 * (0.08 for 8 %). Horner's scheme: one division per flow and no large powers.
 */
export function presentValue(flows: readonly Dec[], rate: Dec): Dec {
  const factor = rate.plus(1);
  ensure(factor.gt(0), "The rate must be above -100 %");
  let value = new Dec(0);
  for (let t = flows.length - 1; t >= 0; t -= 1) {
    value = value.div(factor).plus(flows[t] ?? 0);
  }
  return value;
}
