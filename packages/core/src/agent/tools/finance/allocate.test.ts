import { describe, expect, it } from "vitest";
import { allocateTool } from "./allocate.ts";
import { allocate } from "./allocation.ts";
import { Dec } from "./decimal.ts";
import { callTool, callToolJson } from "./test-support.ts";

async function shares(args: Record<string, unknown>): Promise<unknown> {
  return (await callToolJson(allocateTool, { currency: "USD", ...args })).shares;
}

describe("allocate", () => {
  it("splits 100.00 in 3 as 33.34 / 33.33 / 33.33", async () => {
    const result = await callTool(allocateTool, { amount: "100.00", currency: "USD", parts: 3 });
    expect(JSON.parse(result.content)).toEqual({
      total: "100.00",
      currency: "USD",
      shares: ["33.34", "33.33", "33.33"],
    });
    expect(result.summary).toBe("Split 100.00 USD into 3 shares: 33.34, 33.33, 33.33");
  });

  it("gives leftover units to the largest remainders", async () => {
    // Exact parts 16.666..., 33.333..., 50.000...: remainders favour the first two.
    expect(await shares({ amount: "100", ratios: ["1", "2", "3"] })).toEqual(["16.67", "33.33", "50.00"]);
    expect(await shares({ amount: "0.05", parts: 3 })).toEqual(["0.02", "0.02", "0.01"]);
    expect(await shares({ amount: "1000", ratios: ["33.3", "33.3", "33.4"] })).toEqual([
      "333.00",
      "333.00",
      "334.00",
    ]);
    expect(await shares({ amount: "10", ratios: ["0", "1", "1"] })).toEqual(["0.00", "5.00", "5.00"]);
    expect(await shares({ amount: "100", currency: "JPY", parts: 3 })).toEqual(["34", "33", "33"]);
  });

  it("always sums to the total exactly, negatives included", () => {
    const weights = ["0.1", "0.2", "0.3", "0.7", "1.3", "11"].map((weight) => new Dec(weight));
    for (const total of ["1234.57", "-99.99", "0.01", "987654321098765432109876.54"]) {
      const parts = allocate(new Dec(total), weights, 2);
      const sum = parts.reduce((acc, part) => acc.plus(part), new Dec(0));
      expect(sum.toFixed(2)).toBe(new Dec(total).toFixed(2));
      expect(parts.every((part) => part.decimalPlaces() <= 2)).toBe(true);
    }
    expect(allocate(new Dec("-100"), [new Dec(1), new Dec(1), new Dec(1)], 2).map(String)).toEqual([
      "-33.34",
      "-33.33",
      "-33.33",
    ]);
  });

  it("refuses ambiguous or unusable requests", async () => {
    const refuse = (args: Record<string, unknown>, text: string) =>
      expect(callTool(allocateTool, { amount: "100", currency: "USD", ...args })).rejects.toMatchObject({
        code: "unprocessable",
        message: expect.stringContaining(text),
      });
    await refuse({}, "exactly one of parts");
    await refuse({ parts: 2, ratios: ["1"] }, "exactly one of parts");
    await refuse({ parts: 1 }, "from 2 to 1000");
    await refuse({ parts: 100000 }, "from 2 to 1000");
    await refuse({ ratios: ["0", "0"] }, "more than 0");
    await refuse({ ratios: ["-1", "2"] }, "0 or more");
    await refuse({ amount: "100.001", parts: 2 }, "round it first");
  });
});
