import { type JiraServer, type JiraServerOptions, startJiraServer } from "@finchat/testkit";
import type { Tool, ToolResult } from "../agent/tool.ts";
import { createLogger } from "../observability/logger.ts";
import { createJiraClient, type JiraClient, type JiraClientOptions } from "./client.ts";
import { jiraTools } from "./tools/index.ts";

export interface JiraFixture {
  server: JiraServer;
  client: JiraClient;
  tools: Tool[];
  /** Parses the arguments with the tool's schema, as the agent loop does, then runs it. */
  call(
    name: string,
    args: unknown,
    ctx?: { idempotencyKey?: string; signal?: AbortSignal },
  ): Promise<ToolResult>;
  /** Runs a tool and parses its JSON content. */
  callJson(name: string, args: unknown, ctx?: { idempotencyKey?: string }): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * A testkit Jira server and the real client and tools pointed at it. Answers that do not match
 * jira.js's schemas fail the test (`schemaMismatch: "throw"`).
 */
export async function startJiraFixture(
  projects: string[] = ["FIN", "OPS"],
  options: Partial<Omit<JiraClientOptions, "config">> & { server?: JiraServerOptions } = {},
): Promise<JiraFixture> {
  const { server: serverOptions, ...clientOptions } = options;
  const server = await startJiraServer(serverOptions);
  const config = { host: server.url, email: server.email, apiToken: server.apiToken, projects };
  const client = createJiraClient({
    config,
    logger: createLogger({ level: "silent", service: "test" }),
    schemaMismatch: "throw",
    ...clientOptions,
  });
  const tools = jiraTools(client, config);
  const call: JiraFixture["call"] = (name, args, ctx = {}) => {
    const tool = tools.find((t) => t.name === name);
    if (!tool) throw new Error(`no tool ${name}`);
    return tool.run(tool.input.parse(args), {
      userId: "user-1",
      signal: ctx.signal ?? new AbortController().signal,
      ...(ctx.idempotencyKey ? { idempotencyKey: ctx.idempotencyKey } : {}),
    });
  };
  return {
    server,
    client,
    tools,
    call,
    callJson: async (name, args, ctx) =>
      JSON.parse((await call(name, args, ctx)).content) as Record<string, unknown>,
    close: () => server.close(),
  };
}
