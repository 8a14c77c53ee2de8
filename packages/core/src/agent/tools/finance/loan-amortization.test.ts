import { describe, expect, it } from "vitest";
import { amortize } from "./amortization-schedule.ts";
import { Dec } from "./decimal.ts";
import { loanAmortizationTool } from "./loan-amortization.ts";
import { callTool, callToolJson } from "./test-support.ts";

interface Row {
  period: number;
  payment: string;
  interest: string;
  principal: string;
  balance: string;
}

const mortgage = { principal: "200000", annualRatePercent: "6.5", termMonths: 360 };

describe("loan_amortization", () => {
  it("prices a $200,000 30-year loan at 6.5 % at 1264.14 a month, ending at exactly 0.00", async () => {
    const result = await callTool(loanAmortizationTool, mortgage);
    const output = JSON.parse(result.content);
    expect(output).toMatchObject({
      currency: "USD",
      payment: "1264.14",
      payments: 360,
      finalPayment: "1259.56",
      totalInterest: "255085.82",
      totalPrincipal: "200000.00",
      totalPaid: "455085.82",
    });
    const rows = output.rows as Row[];
    expect(rows).toHaveLength(24);
    expect(rows[0]).toEqual({
      period: 1,
      payment: "1264.14",
      interest: "1083.33",
      principal: "180.81",
      balance: "199819.19",
    });
    expect(rows.at(-1)).toMatchObject({ period: 360, balance: "0.00" });
    expect(rows[12]?.period).toBe(349);
    expect(output.note).toBe("Rows 13-348 are omitted; the totals cover all 360 payments.");
    expect(result.summary).toBe(
      "200000 USD at 6.5% over 360 months: payment 1264.14, total interest 255085.82",
    );
  });

  it("has principal parts that add up to the loan exactly and rows that reconcile", () => {
    const schedule = amortize({
      principal: new Dec("200000"),
      annualRatePercent: new Dec("6.5"),
      termMonths: 360,
      extraPayment: new Dec(0),
      places: 2,
    });
    const principalSum = schedule.rows.reduce((sum, row) => sum.plus(row.principal), new Dec(0));
    expect(principalSum.toFixed(2)).toBe("200000.00");
    let balance = new Dec("200000");
    for (const row of schedule.rows) {
      expect(row.payment.eq(row.interest.plus(row.principal))).toBe(true);
      balance = balance.minus(row.principal);
      expect(row.balance.eq(balance)).toBe(true);
      expect(row.interest.decimalPlaces()).toBeLessThanOrEqual(2);
    }
    expect(balance.isZero()).toBe(true);
  });

  it("shortens the loan with an extra payment and reports what it saves", async () => {
    const output = await callToolJson(loanAmortizationTool, { ...mortgage, extraPayment: "200" });
    expect(output).toMatchObject({
      payment: "1264.14",
      extraPayment: "200.00",
      payments: 250,
      finalPayment: "440.30",
      totalInterest: "165011.16",
      monthsSaved: 110,
      interestSaved: "90074.66",
    });
    expect((output.rows as Row[]).at(-1)).toMatchObject({ period: 250, balance: "0.00" });
  });

  it("splits an interest-free loan with the remainder in the last payment", async () => {
    const output = await callToolJson(loanAmortizationTool, {
      principal: "1000",
      annualRatePercent: "0",
      termMonths: 3,
    });
    expect(output).toMatchObject({ payment: "333.33", finalPayment: "333.34", totalInterest: "0.00" });
    expect(output.note).toBeUndefined();
    expect((output.rows as Row[]).map((row) => row.balance)).toEqual(["666.67", "333.34", "0.00"]);
  });

  it("uses the currency's minor units", async () => {
    const output = await callToolJson(loanAmortizationTool, {
      principal: "1000000",
      annualRatePercent: "3",
      termMonths: 12,
      currency: "jpy",
    });
    expect(output).toMatchObject({ currency: "JPY", payment: "84694", totalPrincipal: "1000000" });
    expect((output.rows as Row[])[0]).toMatchObject({ interest: "2500" });
  });

  it("refuses absurd or malformed loans with a clear error", async () => {
    await expect(callTool(loanAmortizationTool, { ...mortgage, termMonths: 10000 })).rejects.toMatchObject({
      code: "unprocessable",
      message: expect.stringContaining("termMonths must be from 1 to 600"),
    });
    await expect(callTool(loanAmortizationTool, { ...mortgage, principal: "100.005" })).rejects.toMatchObject(
      {
        message: expect.stringContaining("more decimals than USD allows"),
      },
    );
    await expect(callTool(loanAmortizationTool, { ...mortgage, currency: "XYZ" })).rejects.toMatchObject({
      message: expect.stringContaining('Unknown currency code "XYZ"'),
    });
    expect(loanAmortizationTool.input.safeParse({ ...mortgage, termMonths: 12.5 }).success).toBe(false);
    expect(loanAmortizationTool.input.safeParse({ ...mortgage, extra: "1" }).success).toBe(false);
  });
});
