import { describe, expect, it } from "vitest";
import { calculateTool } from "./calculate.ts";
import { callTool } from "./test-support.ts";

describe("calculate", () => {
  it("answers 0.1 + 0.2 with exactly 0.3", async () => {
    const result = await callTool(calculateTool, { expression: "0.1 + 0.2" });
    expect(JSON.parse(result.content)).toEqual({ expression: "0.1 + 0.2", result: "0.3", exact: true });
    expect(result.summary).toBe("0.1 + 0.2 = 0.3");
  });

  it("notes when a result was rounded", async () => {
    const result = await callTool(calculateTool, { expression: "10 / 3" });
    const output = JSON.parse(result.content);
    expect(output).toMatchObject({ exact: false, note: "Rounded to 40 significant digits." });
    expect(output.result).toBe(`3.${"3".repeat(39)}`);
  });

  it("keeps the summary on one line", async () => {
    const result = await callTool(calculateTool, { expression: "(1250.40 -\n 980.15)\n / 980.15 * 100" });
    expect(result.summary).not.toContain("\n");
    expect(result.summary).toMatch(/^\(1250\.40 - 980\.15\) \/ 980\.15 \* 100 = 27\.5723/);
  });

  it("rejects malformed arguments and unparsable expressions", async () => {
    expect(calculateTool.input.safeParse({ expression: "" }).success).toBe(false);
    expect(calculateTool.input.safeParse({ expression: "1", extra: true }).success).toBe(false);
    await expect(callTool(calculateTool, { expression: "2 +" })).rejects.toMatchObject({
      code: "unprocessable",
      message: expect.stringContaining("found the end of the expression (at position 4)"),
    });
  });
});
