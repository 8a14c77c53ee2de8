import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ToolRegistry } from "./registry.ts";
import { defineTool } from "./tool.ts";
import { financeTools } from "./tools/finance/index.ts";

const lookup = defineTool({
  name: "get_issue",
  description: "Reads a Jira issue.",
  kind: "read",
  input: z.object({ key: z.string().regex(/^[A-Z]+-\d+$/), fields: z.array(z.string()).default([]) }),
  run: async (args) => ({ content: args.key, summary: args.key }),
});

describe("ToolRegistry", () => {
  it("describes each tool as an OpenAI function with its input JSON Schema", () => {
    const registry = new ToolRegistry([lookup]);
    expect(registry.definitions).toEqual([
      {
        type: "function",
        function: {
          name: "get_issue",
          description: "Reads a Jira issue.",
          parameters: {
            type: "object",
            properties: {
              key: { type: "string", pattern: "^[A-Z]+-\\d+$" },
              fields: { type: "array", items: { type: "string" }, default: [] },
            },
            required: ["key"],
          },
        },
      },
    ]);
  });

  it("accepts every finance tool", () => {
    const registry = new ToolRegistry(financeTools);
    expect(registry.names).toHaveLength(financeTools.length);
    for (const definition of registry.definitions)
      expect(definition.function.parameters).toMatchObject({ type: "object" });
  });

  it("refuses names OpenAI would reject and duplicate names", () => {
    expect(() => new ToolRegistry([{ ...lookup, name: "jira.get_issue" }])).toThrow(/must match/);
    expect(() => new ToolRegistry([{ ...lookup, name: "x".repeat(65) }])).toThrow(/must match/);
    expect(() => new ToolRegistry([lookup, lookup])).toThrow(/used twice/);
  });

  it("validates raw arguments into the schema's output, and explains what is wrong otherwise", () => {
    const registry = new ToolRegistry([lookup]);
    expect(registry.validate("get_issue", '{"key":"FIN-1"}')).toMatchObject({
      ok: true,
      args: { key: "FIN-1", fields: [] },
    });
    expect(registry.validate("get_issue", { key: "FIN-2" })).toMatchObject({
      ok: true,
      args: { key: "FIN-2" },
    });
    const invalid = registry.validate("get_issue", '{"key":"fin one"}');
    expect(invalid.ok).toBe(false);
    expect(!invalid.ok && invalid.error).toMatch(/Invalid arguments for get_issue:[\s\S]*key/);
    expect(registry.validate("get_issue", "")).toMatchObject({ ok: false });
    expect(registry.validate("nope", "{}")).toMatchObject({ ok: false, tool: undefined });
  });
});
