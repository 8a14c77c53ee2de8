import { describe, expect, it } from "vitest";
import { cagrTool, compoundGrowthTool } from "./compound-growth.ts";
import { callTool, callToolJson } from "./test-support.ts";

describe("compound_growth", () => {
  it("matches the textbook yearly case: 1000 at 5 % for 10 years = 1628.89", async () => {
    const result = await callTool(compoundGrowthTool, {
      principal: "1000",
      annualRatePercent: "5",
      years: 10,
    });
    expect(JSON.parse(result.content)).toMatchObject({
      futureValue: "1628.89",
      totalInterest: "628.89",
      periods: 10,
      effectiveAnnualRatePercent: "5.000000",
    });
    expect(result.summary).toBe("1000 at 5% compounded 1x/year over 10 periods = 1628.89");
  });

  it("compounds monthly and quarterly", async () => {
    const monthly = await callToolJson(compoundGrowthTool, {
      principal: "10000",
      annualRatePercent: "6",
      years: "10",
      compoundingPerYear: 12,
    });
    expect(monthly).toMatchObject({
      futureValue: "18193.97",
      periods: 120,
      effectiveAnnualRatePercent: "6.167781",
    });
    const quarterly = await callToolJson(compoundGrowthTool, {
      principal: "5000",
      annualRatePercent: "5%",
      years: "10",
      compoundingPerYear: 4,
    });
    expect(quarterly).toMatchObject({ futureValue: "8218.10" });
  });

  it("adds level contributions at the end or the start of each period", async () => {
    const base = {
      principal: "0",
      annualRatePercent: "5",
      years: "10",
      compoundingPerYear: 12,
      contributionPerPeriod: "100",
    };
    const end = await callToolJson(compoundGrowthTool, base);
    expect(end).toMatchObject({
      futureValue: "15528.23",
      totalContributions: "12000.00",
      totalInterest: "3528.23",
    });
    const start = await callToolJson(compoundGrowthTool, { ...base, contributionTiming: "start" });
    expect(start).toMatchObject({ futureValue: "15592.93" });
  });

  it("handles a zero rate without dividing by zero", async () => {
    const output = await callToolJson(compoundGrowthTool, {
      principal: "500",
      annualRatePercent: "0",
      years: "2",
      compoundingPerYear: 12,
      contributionPerPeriod: "10",
    });
    expect(output).toMatchObject({ futureValue: "740.00", totalInterest: "0.00" });
  });

  it("rejects a fractional number of periods and absurd terms", async () => {
    const base = { principal: "1000", annualRatePercent: "5", compoundingPerYear: 4 };
    await expect(callTool(compoundGrowthTool, { ...base, years: "2.1" })).rejects.toMatchObject({
      code: "unprocessable",
      message: expect.stringContaining("not a whole number of periods"),
    });
    await expect(callTool(compoundGrowthTool, { ...base, years: "1000" })).rejects.toMatchObject({
      message: expect.stringContaining("at most 100"),
    });
    expect(() => compoundGrowthTool.input.parse({ ...base, years: "2", compoundingPerYear: 3 })).toThrow();
  });
});

describe("cagr", () => {
  it("doubling over 5 years is 14.87 % a year", async () => {
    const result = await callTool(cagrTool, {
      startValue: "100",
      endValue: "200",
      years: "5",
      decimalPlaces: 4,
    });
    expect(JSON.parse(result.content)).toMatchObject({ cagrPercent: "14.8698" });
    expect(result.summary).toBe("CAGR from 100 to 200 over 5 years = 14.8698%");
  });

  it("reports decline and refuses a zero start", async () => {
    expect(await callToolJson(cagrTool, { startValue: "200", endValue: "50", years: "2" })).toMatchObject({
      cagrPercent: "-50.00",
    });
    await expect(callTool(cagrTool, { startValue: "0", endValue: "50", years: "2" })).rejects.toMatchObject({
      code: "unprocessable",
    });
  });
});
