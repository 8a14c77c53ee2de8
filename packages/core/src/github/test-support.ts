import { type GitHubServer, type GitHubServerOptions, startGitHubServer } from "@finchat/testkit";
import { inject } from "vitest";
import type { ToolResult } from "../agent/tool.ts";
import { createLogger } from "../observability/logger.ts";
import { createRedis, type Redis } from "../redis.ts";
import { createGitHubClient, type GitHubClient, type GitHubSettings, type GitHubTiming } from "./client.ts";
import { githubTools } from "./tools/index.ts";

/** Waits short enough for a fast suite; tests that prove a wait set their own. */
export const TEST_TIMING: GitHubTiming = {
  searchMinTimeMs: 0,
  writeMinTimeMs: 20,
  retryBaseMs: 10,
  maxRateLimitWaitSeconds: 5,
  fallbackSecondaryWaitSeconds: 0,
};

export interface GitHubHarness {
  server: GitHubServer;
  redis: Redis;
  /** A client for `settings` (token `test-token`, allow `acme/ledger` and `octokit-fixture-org/*` by default). */
  client(settings?: Partial<GitHubSettings>, timing?: Partial<GitHubTiming>): GitHubClient;
  close(): Promise<void>;
}

/**
 * The testkit GitHub server, the test run's Redis and a client factory whose ETag cache keys are
 * unique to this harness, so parallel test files never share entries.
 */
export async function startGitHubHarness(options: GitHubServerOptions = {}): Promise<GitHubHarness> {
  const server = await startGitHubServer(options);
  const redis = createRedis(inject("redisUrl"), { enableOfflineQueue: true });
  const prefix = `test:github:${Math.random().toString(36).slice(2)}`;
  const logger = createLogger({ level: "silent", service: "test" });
  return {
    server,
    redis,
    client: (settings = {}, timing = {}) =>
      createGitHubClient({
        config: {
          token: "test-token",
          apiUrl: server.url,
          allow: ["acme/ledger", "octokit-fixture-org/*"],
          writes: false,
          ...settings,
        },
        redis,
        logger,
        timing: { ...TEST_TIMING, ...timing },
        cachePrefix: prefix,
      }),
    close: async () => {
      redis.disconnect();
      await server.close();
    },
  };
}

/** The GitHub tools over a harness client, callable by name as the agent loop calls them. */
export function toolbox(client: GitHubClient, writes = false) {
  const tools = new Map(githubTools(client, { writes }).map((tool) => [tool.name, tool]));
  const call = async (name: string, args: unknown): Promise<ToolResult> => {
    const tool = tools.get(name);
    if (!tool) throw new Error(`no tool ${name}`);
    return tool.run(tool.input.parse(args), { userId: "test-user", signal: new AbortController().signal });
  };
  const json = async (name: string, args: unknown) =>
    JSON.parse((await call(name, args)).content) as Record<string, unknown>;
  return { tools, call, json };
}
