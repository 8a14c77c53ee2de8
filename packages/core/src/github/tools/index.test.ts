import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { TOOL_NAME_PATTERN } from "../../agent/registry.ts";
import { type GitHubHarness, startGitHubHarness } from "../test-support.ts";
import { githubTools } from "./index.ts";

interface JsonSchemaNode {
  type?: string;
  additionalProperties?: unknown;
  properties?: Record<string, { description?: string }>;
}

let h: GitHubHarness;
beforeAll(async () => {
  h = await startGitHubHarness();
});
afterAll(() => h.close());

describe("githubTools", () => {
  it("offers the read tools, and the comment tool only when writes are enabled", () => {
    const reads = githubTools(h.client(), { writes: false });
    const all = githubTools(h.client(), { writes: true });
    expect(reads.every((t) => t.kind === "read")).toBe(true);
    expect(reads.map((t) => t.name)).not.toContain("github_comment");
    expect(all.filter((t) => t.kind === "write").map((t) => t.name)).toEqual(["github_comment"]);
    expect(reads).toHaveLength(16);
  });

  it("has valid unique names and strict, described argument schemas", () => {
    const tools = githubTools(h.client(), { writes: true });
    expect(new Set(tools.map((t) => t.name)).size).toBe(tools.length);
    for (const tool of tools) {
      expect(tool.name).toMatch(TOOL_NAME_PATTERN);
      expect(tool.name).toMatch(/^github_[a-z_]+$/);
      const schema = z.toJSONSchema(tool.input, { io: "input" }) as JsonSchemaNode;
      expect(schema.additionalProperties, tool.name).toBe(false);
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        expect(property.description, `${tool.name}.${field}`).toMatch(/\S{3}/);
      }
    }
  });
});
