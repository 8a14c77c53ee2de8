import { describe, expect, it } from "vitest";
import { presentValue } from "./cash-flows.ts";
import { Dec } from "./decimal.ts";
import { npvTool } from "./npv.ts";
import { callTool, callToolJson } from "./test-support.ts";

describe("npv", () => {
  it("discounts from t = 0: [-1000, 300, 400, 500] at 10 % = -21.04", async () => {
    // -1000 + 300/1.1 + 400/1.21 + 500/1.331 = -21.0368...
    const result = await callTool(npvTool, { ratePercent: "10", cashFlows: ["-1000", "300", "400", "500"] });
    expect(JSON.parse(result.content)).toEqual({ npv: "-21.04", ratePercent: "10", cashFlowCount: 4 });
    expect(result.summary).toBe("NPV at 10% of 4 cash flows = -21.04");
  });

  it("matches the spreadsheet NPV example when a 0 flow is prepended", async () => {
    // The classic NPV(10%, -10000, 3000, 4200, 6800) = 1188.44 discounts the first value too.
    const spreadsheetStyle = await callToolJson(npvTool, {
      ratePercent: 10,
      cashFlows: [0, -10000, 3000, 4200, 6800],
    });
    expect(spreadsheetStyle.npv).toBe("1188.44");
    const fromTimeZero = await callToolJson(npvTool, {
      ratePercent: 10,
      cashFlows: [-10000, 3000, 4200, 6800],
    });
    expect(fromTimeZero.npv).toBe("1307.29");
  });

  it("is the plain sum at a zero rate, exactly", () => {
    const flows = ["0.1", "0.2", "-0.3"].map((flow) => new Dec(flow));
    expect(presentValue(flows, new Dec(0)).toString()).toBe("0");
  });

  it("rejects rates at or below -100 % and malformed flows", async () => {
    await expect(callTool(npvTool, { ratePercent: "-100", cashFlows: ["1", "2"] })).rejects.toMatchObject({
      code: "unprocessable",
    });
    expect(npvTool.input.safeParse({ ratePercent: "10", cashFlows: ["1e400"] }).success).toBe(false);
    expect(npvTool.input.safeParse({ ratePercent: "10", cashFlows: [] }).success).toBe(false);
    expect(npvTool.input.safeParse({ ratePercent: "10", cashFlows: Array(1001).fill("1") }).success).toBe(
      false,
    );
  });
});
