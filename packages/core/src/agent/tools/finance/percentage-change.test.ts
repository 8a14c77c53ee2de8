import { describe, expect, it } from "vitest";
import { percentageChangeTool } from "./percentage-change.ts";
import { callTool, callToolJson } from "./test-support.ts";

describe("percentage_change", () => {
  it("reports an increase exactly", async () => {
    const result = await callTool(percentageChangeTool, { from: "80", to: "100" });
    expect(JSON.parse(result.content)).toEqual({
      from: "80",
      to: "100",
      change: "20",
      percent: "25.00",
      direction: "increase",
    });
    expect(result.summary).toBe("From 80 to 100: +25.00% (increase of 20)");
  });

  it("reports a decrease, rounding the percentage half-even to the requested places", async () => {
    const output = await callToolJson(percentageChangeTool, { from: "3", to: "2", decimalPlaces: 4 });
    expect(output).toMatchObject({ change: "-1", percent: "-33.3333", direction: "decrease" });
  });

  it("keeps decimals exact where floats would not", async () => {
    const output = await callToolJson(percentageChangeTool, { from: 0.1, to: 0.3 });
    expect(output).toMatchObject({ change: "0.2", percent: "200.00" });
  });

  it("measures from the absolute value of a negative start and says so", async () => {
    const output = await callToolJson(percentageChangeTool, { from: "-50", to: "-25" });
    expect(output).toMatchObject({ change: "25", percent: "50.00", direction: "increase" });
    expect(output.note).toContain("absolute value");
  });

  it("says unchanged when nothing moved", async () => {
    const result = await callTool(percentageChangeTool, { from: "12.50", to: "12.5" });
    expect(JSON.parse(result.content)).toMatchObject({
      change: "0",
      percent: "0.00",
      direction: "unchanged",
    });
    expect(result.summary).toBe("From 12.5 to 12.5: unchanged");
  });

  it("refuses a change from zero", async () => {
    await expect(callTool(percentageChangeTool, { from: "0", to: "5" })).rejects.toMatchObject({
      code: "unprocessable",
      message: expect.stringContaining("from 0 is undefined"),
    });
  });
});
