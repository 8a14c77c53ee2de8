import { z } from "zod";
import { defineTool } from "../../tool.ts";
import { decimalInput, decimalPlacesInput, ensure, fixed, json, toDecimal } from "./decimal.ts";

const input = z.strictObject({
  from: decimalInput("The starting (old) value, e.g. last quarter's revenue."),
  to: decimalInput("The ending (new) value."),
  decimalPlaces: decimalPlacesInput(2, "the percentage"),
});

export const percentageChangeTool = defineTool({
  name: "percentage_change",
  description:
    "Exact change between two values: the difference (to - from), the percentage change relative to the starting value, and the direction (increase, decrease or unchanged). " +
    "For a negative starting value the percentage is relative to its absolute value, so a move from -50 to -25 is +50 %.",
  kind: "read",
  input,
  async run(args) {
    const from = toDecimal(args.from);
    const to = toDecimal(args.to);
    const places = args.decimalPlaces ?? 2;
    ensure(!from.isZero(), "A percentage change from 0 is undefined; report the absolute change instead.");
    const change = to.minus(from);
    const percent = change.div(from.abs()).times(100);
    const direction = change.isZero() ? "unchanged" : change.isPositive() ? "increase" : "decrease";
    const percentText = fixed(percent, places);
    const signed = percent.isPositive() && !percent.isZero() ? `+${percentText}` : percentText;
    return {
      content: json({
        from: from.toString(),
        to: to.toString(),
        change: change.toString(),
        percent: percentText,
        direction,
        ...(from.isNegative() ? { note: "Percent is relative to the absolute value of 'from'." } : {}),
      }),
      summary:
        direction === "unchanged"
          ? `From ${from} to ${to}: unchanged`
          : `From ${from} to ${to}: ${signed}% (${direction} of ${change.abs()})`,
    };
  },
});
