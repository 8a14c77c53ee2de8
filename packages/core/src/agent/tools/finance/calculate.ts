import { z } from "zod";
import { defineTool } from "../../tool.ts";
import { json, oneLine } from "./decimal.ts";
import { evaluateExpression, MAX_EXPRESSION_LENGTH } from "./expression/evaluate.ts";

const input = z.strictObject({
  expression: z
    .string()
    .min(1)
    .max(MAX_EXPRESSION_LENGTH)
    .describe(
      'The arithmetic expression, e.g. "(1250.40 - 980.15) / 980.15 * 100" or "round(1200 * 1.075^3, 2)". Plain decimals only (no exponent notation, thousands separators or currency symbols).',
    ),
});

export const calculateTool = defineTool({
  name: "calculate",
  description:
    "Evaluate an arithmetic expression with exact decimal arithmetic (never binary floating point, so 0.1 + 0.2 is exactly 0.3). " +
    "Supports + - * / ^ (whole-number exponents up to 1000; ** also works), unary minus, parentheses, " +
    "and postfix % meaning divide by 100 (so 200 * 15% = 30 and 200 * (1 + 15%) = 230; 200 + 15% is 200.15). " +
    "Functions: round(x, places) rounds half away from zero like a spreadsheet ROUND; abs(x); min(a, b, ...); max(a, b, ...); sqrt(x). " +
    "Results that cannot be written exactly (1/3, sqrt(2)) are rounded to 40 significant digits and flagged exact=false.",
  kind: "read",
  input,
  async run({ expression }) {
    const { value, exact } = evaluateExpression(expression);
    const result = value.toString();
    return {
      content: json({
        expression,
        result,
        exact,
        ...(exact ? {} : { note: "Rounded to 40 significant digits." }),
      }),
      summary: oneLine(`${oneLine(expression, 80)} = ${result}`),
    };
  },
});
