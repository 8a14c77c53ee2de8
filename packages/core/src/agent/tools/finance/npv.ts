import { z } from "zod";
import { defineTool } from "../../tool.ts";
import { cashFlowsInput, presentValue, toCashFlows } from "./cash-flows.ts";
import { decimalPlacesInput, ensure, fixed, json, percentInput, toDecimal } from "./decimal.ts";

const input = z.strictObject({
  ratePercent: percentInput("The discount rate per period (per year for yearly flows), above -100."),
  cashFlows: cashFlowsInput,
  decimalPlaces: decimalPlacesInput(2, "the NPV"),
});

export const npvTool = defineTool({
  name: "npv",
  description:
    "Net present value of periodic cash flows at a discount rate: the sum of CF_t / (1 + rate)^t with the first flow at t = 0 and not discounted. " +
    "Note that a spreadsheet's NPV() discounts its first value too; to match it, prepend a 0 flow.",
  kind: "read",
  input,
  async run(args) {
    const rate = toDecimal(args.ratePercent);
    ensure(rate.gt(-100), "ratePercent must be above -100");
    const flows = toCashFlows(args.cashFlows);
    const npv = fixed(presentValue(flows, rate.div(100)), args.decimalPlaces ?? 2);
    return {
      content: json({ npv, ratePercent: rate.toString(), cashFlowCount: flows.length }),
      summary: `NPV at ${rate}% of ${flows.length} cash flows = ${npv}`,
    };
  },
});
