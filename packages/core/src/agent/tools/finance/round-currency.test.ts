import { describe, expect, it } from "vitest";
import { knownCurrencies, minorUnits } from "./currencies.ts";
import { roundCurrencyTool } from "./round-currency.ts";
import { callTool, callToolJson } from "./test-support.ts";

async function rounded(amount: string, currency: string, roundingMode?: string): Promise<unknown> {
  return (await callToolJson(roundCurrencyTool, { amount, currency, roundingMode })).rounded;
}

describe("round_currency", () => {
  it("rounds half-even (bankers') by default", async () => {
    expect(await rounded("2.345", "USD")).toBe("2.34");
    expect(await rounded("2.355", "USD")).toBe("2.36");
    expect(await rounded("-2.345", "EUR")).toBe("-2.34");
    expect(await rounded("2.3451", "USD")).toBe("2.35");
    expect(await rounded("7", "GBP")).toBe("7.00");
  });

  it("rounds ties away from zero in half_up mode", async () => {
    expect(await rounded("2.345", "USD", "half_up")).toBe("2.35");
    expect(await rounded("-2.345", "USD", "half_up")).toBe("-2.35");
    expect(await rounded("2.344", "USD", "half_up")).toBe("2.34");
  });

  it("uses each currency's minor units", async () => {
    expect(await rounded("1234.5", "JPY")).toBe("1234");
    expect(await rounded("1235.5", "jpy")).toBe("1236");
    expect(await rounded("1.23456", "KWD")).toBe("1.235");
    expect(await rounded("0.0005", "BHD")).toBe("0.000");
    expect(minorUnits("usd")).toBe(2);
    expect(knownCurrencies).toContain("CHF");
  });

  it("reports the adjustment and a summary", async () => {
    const result = await callTool(roundCurrencyTool, { amount: "10.005", currency: "USD" });
    expect(JSON.parse(result.content)).toEqual({
      amount: "10.005",
      currency: "USD",
      minorUnits: 2,
      roundingMode: "half_even",
      rounded: "10.00",
      adjustment: "-0.005",
    });
    expect(result.summary).toBe("10.005 USD rounded half-even = 10.00");
  });

  it("refuses unknown currencies and non-decimal amounts", async () => {
    await expect(callTool(roundCurrencyTool, { amount: "1", currency: "ABC" })).rejects.toMatchObject({
      code: "unprocessable",
      message: expect.stringContaining('Unknown currency code "ABC"'),
    });
    const parse = (amount: unknown) => roundCurrencyTool.input.safeParse({ amount, currency: "USD" }).success;
    expect(parse("1e400")).toBe(false);
    expect(parse("abc")).toBe(false);
    expect(parse("NaN")).toBe(false);
    expect(parse(Number.NaN)).toBe(false);
    expect(parse(Number.POSITIVE_INFINITY)).toBe(false);
    expect(parse(1e21)).toBe(false);
    expect(parse(2 ** 60)).toBe(false);
    expect(parse("1,234.56")).toBe(false);
    expect(parse("$12")).toBe(false);
    expect(parse(`1${"0".repeat(40)}`)).toBe(false);
    expect(parse("1234.56")).toBe(true);
    expect(parse(1234.56)).toBe(true);
    expect(roundCurrencyTool.input.safeParse({ amount: "1", currency: "US" }).success).toBe(false);
  });
});
