import { describe, expect, it } from "vitest";
import { presentValue } from "./cash-flows.ts";
import { Dec } from "./decimal.ts";
import { irrTool } from "./irr.ts";
import { solveIrr } from "./irr-solver.ts";
import { callTool, callToolJson } from "./test-support.ts";

const decimals = (flows: (string | number)[]) => flows.map((flow) => new Dec(String(flow)));

describe("irr", () => {
  it("solves [-1000, 300, 400, 500] to 8.8963 % and NPV there is ~0", async () => {
    const result = await callTool(irrTool, { cashFlows: ["-1000", "300", "400", "500"] });
    const output = JSON.parse(result.content);
    expect(output).toMatchObject({ irrPercent: "8.8963", irr: "0.0889633947", cashFlowCount: 4 });
    expect(result.summary).toBe("IRR of 4 cash flows = 8.8963%");
    const [rate] = solveIrr(decimals([-1000, 300, 400, 500]), new Dec("0.1")).rates;
    expect(
      presentValue(decimals([-1000, 300, 400, 500]), rate ?? new Dec(1))
        .abs()
        .lt("1e-8"),
    ).toBe(true);
  });

  it("matches the classic spreadsheet IRR examples", async () => {
    const flows = [-70000, 12000, 15000, 18000, 21000, 26000];
    expect((await callToolJson(irrTool, { cashFlows: flows, decimalPlaces: 2 })).irrPercent).toBe("8.66");
    expect((await callToolJson(irrTool, { cashFlows: flows.slice(0, 5), decimalPlaces: 2 })).irrPercent).toBe(
      "-2.12",
    );
    expect((await callToolJson(irrTool, { cashFlows: flows.slice(0, 3), decimalPlaces: 2 })).irrPercent).toBe(
      "-44.35",
    );
  });

  it("solves a one-period project and finds every root of a two-sign-change project", async () => {
    expect((await callToolJson(irrTool, { cashFlows: ["-100", "110"] })).irrPercent).toBe("10.0000");
    // -100 + 230/(1+r) - 132/(1+r)^2 = 0 at r = 10 % and r = 20 %.
    const output = await callToolJson(irrTool, { cashFlows: ["-100", "230", "-132"], guessPercent: "18" });
    expect(output.irrPercent).toBe("20.0000");
    expect(output.otherIrrsPercent).toEqual(["10.0000"]);
    expect(output.note).toContain("change sign 2 times");
  });

  it("explains why there is no IRR", async () => {
    await expect(callTool(irrTool, { cashFlows: ["100", "200"] })).rejects.toMatchObject({
      code: "unprocessable",
      message: expect.stringContaining("never change sign"),
    });
    // NPV = -100 + 50/(1+r) - 100/(1+r)^2 stays negative for every rate.
    await expect(callTool(irrTool, { cashFlows: ["-100", "50", "-100"] })).rejects.toMatchObject({
      message: expect.stringContaining("does not change sign"),
    });
  });

  it("solves a long series quickly", async () => {
    const flows = ["-100000", ...Array<string>(999).fill("1000")];
    const startedAt = performance.now();
    const output = await callToolJson(irrTool, { cashFlows: flows });
    expect(performance.now() - startedAt).toBeLessThan(1500);
    expect(output.irrPercent).toBe("1.0000");
  });
});
