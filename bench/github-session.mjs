// API calls and ETag cache hits per GitHub tool for a scripted 10-question session: the real GitHub
// client (Octokit, throttling, retries, Redis ETag cache) and the real tools against the testkit
// GitHub server, with a redis-server of its own. The session runs twice: cold (empty cache), then
// warm (the same questions again, as a colleague asking the same day with the same token).
// Usage: npm exec -- node bench/github-session.mjs [--fast]   (--fast: no 2 s gap between searches)
import { parseArgs } from "node:util";
import { createGitHubClient, DEFAULT_GITHUB_TIMING, githubTools } from "../packages/core/src/github/index.ts";
import { createLogger } from "../packages/core/src/observability/logger.ts";
import { createRedis } from "../packages/core/src/redis.ts";
import { startGitHubServer } from "../packages/testkit/src/index.ts";
import { startRedisServer } from "../scripts/lib/redis-server.ts";

const { values } = parseArgs({ options: { fast: { type: "boolean", default: false } } });
const repo = "acme/ledger";

/** Each question is the tool calls a model makes to answer it, in order. */
const questions = [
  ["What is acme/ledger?", [["github_get_repository", { repo }]]],
  ["How is the code laid out?", [["github_get_tree", { repo, depth: 2 }]]],
  [
    "Where is postEntry defined?",
    [
      ["github_search_code", { repo, query: "postEntry" }],
      ["github_get_file", { repo, path: "src/post.ts" }],
    ],
  ],
  [
    "What changed lately?",
    [
      ["github_list_commits", { repo }],
      ["github_get_commit", { repo, sha: "main" }],
    ],
  ],
  ["What is in main since v1.1.0?", [["github_compare", { repo, base: "v1.1.0", head: "main" }]]],
  [
    "What code changed for FIN-42?",
    [
      ["github_code_changes_for_issue", { key: "FIN-42" }],
      ["github_get_pull_request", { repo, number: 25 }],
    ],
  ],
  [
    "Which bugs are open, and what is the EUR close issue about?",
    [
      ["github_list_issues", { repo, labels: ["bug"] }],
      ["github_get_issue", { repo, number: 7 }],
    ],
  ],
  [
    "What did people say on issue 3?",
    [
      ["github_get_issue", { repo, number: 3 }],
      ["github_get_issue", { repo, number: 3, page: 2 }],
    ],
  ],
  [
    "What are the releases, tags and branches?",
    [
      ["github_list_releases", { repo }],
      ["github_list_tags", { repo }],
      ["github_list_branches", { repo }],
    ],
  ],
  [
    "Show post.ts lines 1-5 again, the FIN-42 pull request again, and anything about FIN-12",
    [
      ["github_get_file", { repo, path: "src/post.ts", startLine: 1, endLine: 5 }],
      ["github_get_pull_request", { repo, number: 25 }],
      ["github_search_issues", { repo, query: "FIN-12" }],
    ],
  ],
];

const redisServer = await startRedisServer();
const github = await startGitHubServer();
const redis = createRedis(redisServer.url, { enableOfflineQueue: true });
try {
  const client = createGitHubClient({
    config: { token: "bench-token", apiUrl: github.url, allow: [repo], writes: false },
    redis,
    logger: createLogger({ level: "warn", service: "bench" }),
    timing: values.fast ? { ...DEFAULT_GITHUB_TIMING, searchMinTimeMs: 0 } : DEFAULT_GITHUB_TIMING,
  });
  const tools = new Map(githubTools(client, { writes: false }).map((tool) => [tool.name, tool]));
  const cold = await runSession(client, tools);
  const warm = await runSession(client, tools);
  console.log(
    `\nGitHub session: ${questions.length} questions, ${cold.toolCalls.total} tool calls per run\n`,
  );
  printTable("Cold cache (first run)", cold);
  printTable("Warm cache (the same session again)", warm);
} finally {
  redis.disconnect();
  await github.close();
  await redisServer.stop();
}

async function runSession(client, tools) {
  client.resetCallStats();
  const toolCalls = { total: 0 };
  const coreBefore = github.requests.filter((r) => r.status === 200).length;
  const started = performance.now();
  for (const [, calls] of questions) {
    let lastCursor;
    for (const [name, rawArgs] of calls) {
      const { page, ...rest } = rawArgs;
      const args = page && lastCursor ? { ...rest, cursor: lastCursor } : rest;
      const tool = tools.get(name);
      const result = await tool.run(tool.input.parse(args), {
        userId: "bench",
        signal: new AbortController().signal,
      });
      lastCursor = JSON.parse(result.content.startsWith("{") ? result.content : "{}").nextCursor ?? undefined;
      toolCalls[name] = (toolCalls[name] ?? 0) + 1;
      toolCalls.total += 1;
    }
  }
  const ms = performance.now() - started;
  const counted = github.requests.filter((r) => r.status === 200).length - coreBefore;
  return { toolCalls, stats: client.callStats(), ms, counted };
}

function printTable(title, { toolCalls, stats, ms, counted }) {
  console.log(`${title}: ${(ms / 1000).toFixed(2)} s, ${counted} requests counted against the rate limit`);
  console.log("| tool | calls | API requests | 304 (cache hits) | cache hit ratio |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  const totals = { calls: 0, requests: 0, notModified: 0, reads: 0 };
  for (const [name, s] of Object.entries(stats).sort()) {
    const calls = toolCalls[name] ?? 0;
    console.log(
      `| ${name} | ${calls} | ${s.requests} | ${s.notModified} | ${ratio(s.notModified, s.reads)} |`,
    );
    totals.calls += calls;
    totals.requests += s.requests;
    totals.notModified += s.notModified;
    totals.reads += s.reads;
  }
  console.log(
    `| **all** | ${totals.calls} | ${totals.requests} | ${totals.notModified} | ${ratio(totals.notModified, totals.reads)} |\n`,
  );
}

function ratio(hits, reads) {
  return reads === 0 ? "–" : `${Math.round((100 * hits) / reads)}%`;
}
