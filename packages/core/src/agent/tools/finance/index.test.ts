import { describe, expect, it } from "vitest";
import { z } from "zod";
import { financeTools } from "./index.ts";
import { callTool } from "./test-support.ts";

interface JsonSchemaNode {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: unknown;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
}

describe("financeTools", () => {
  it("has unique snake_case names, read-only kinds and descriptions", () => {
    const names = financeTools.map((tool) => tool.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([
      "calculate",
      "percentage_change",
      "compound_growth",
      "cagr",
      "npv",
      "irr",
      "loan_amortization",
      "round_currency",
      "allocate",
    ]);
    for (const tool of financeTools) {
      expect(tool.name).toMatch(/^[a-z][a-z_]*$/);
      expect(tool.kind).toBe("read");
      expect(tool.description.length).toBeGreaterThan(60);
    }
  });

  it("describes every argument in a strict JSON Schema the model can read", () => {
    for (const tool of financeTools) {
      const schema = z.toJSONSchema(tool.input, { io: "input" }) as JsonSchemaNode;
      expect(schema.type, tool.name).toBe("object");
      expect(schema.additionalProperties, tool.name).toBe(false);
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        expect(property.description, `${tool.name}.${field}`).toMatch(/\S{3}/);
      }
    }
  });

  it("turns a person's mistake into an unprocessable AppError, not a crash", async () => {
    const byName = new Map(financeTools.map((tool) => [tool.name, tool]));
    const mistakes: [string, unknown][] = [
      ["calculate", { expression: "1 / 0" }],
      ["percentage_change", { from: "0", to: "1" }],
      ["cagr", { startValue: "-1", endValue: "1", years: "1" }],
      ["npv", { ratePercent: "-150", cashFlows: ["1"] }],
      ["irr", { cashFlows: ["1", "1"] }],
      ["loan_amortization", { principal: "1000", annualRatePercent: "5", termMonths: 0 }],
      ["round_currency", { amount: "1", currency: "ZZZ" }],
      ["allocate", { amount: "1", currency: "USD", parts: 0 }],
    ];
    for (const [name, args] of mistakes) {
      const tool = byName.get(name);
      if (!tool) throw new Error(`no tool ${name}`);
      await expect(callTool(tool, args), name).rejects.toMatchObject({
        name: "AppError",
        code: "unprocessable",
      });
    }
  });
});
