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
 * (0.08 for 8 %). Horner's scheme with the discount factor: one multiplication per flow and no
 * large powers, which keeps IRR's many evaluations cheap.
 */
export function presentValue(flows: readonly Dec[], rate: Dec): Dec {
  const growth = rate.plus(1);
  ensure(growth.gt(0), "The rate must be above -100 %");
  const discount = new Dec(1).div(growth);
  let value = new Dec(0);
  for (let t = flows.length - 1; t >= 0; t -= 1) {
    value = value.times(discount).plus(flows[t] ?? 0);
  }
  return value;
}
