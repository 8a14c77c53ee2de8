import type { Tool, ToolResult } from "../../tool.ts";

/** Parses arguments with the tool's schema, as the agent loop does, then runs the tool. */
export async function callTool(tool: Tool, args: unknown): Promise<ToolResult> {
  const parsed = tool.input.parse(args);
  return tool.run(parsed, { userId: "test-user", signal: new AbortController().signal });
}

/** Runs a tool and parses its JSON content. */
export async function callToolJson(tool: Tool, args: unknown): Promise<Record<string, unknown>> {
  const result = await callTool(tool, args);
  return JSON.parse(result.content) as Record<string, unknown>;
}
