// API calls per tool for a scripted 10-question finance-team session across Jira and GitHub: the
// real clients and tools (GitHub: Octokit, throttling, retries, Redis ETag cache; Jira: jira.js with
// 429 handling) against the testkit GitHub and Jira servers, with a redis-server of its own. The
// session runs twice: cold (empty cache), then warm (the same questions again, as a colleague asking
// the same day). Jira sends no conditional requests, so its reads never become cache hits.
// Usage: npm exec -- node bench/tools-session.mjs [--fast]   (--fast: no 2 s gap between GitHub searches)
import { parseArgs } from "node:util";
import { createGitHubClient, DEFAULT_GITHUB_TIMING, githubTools } from "../packages/core/src/github/index.ts";
import { createJiraClient, jiraTools } from "../packages/core/src/jira/index.ts";
import { createLogger } from "../packages/core/src/observability/logger.ts";
import { createRedis } from "../packages/core/src/redis.ts";
import { startGitHubServer, startJiraServer } from "../packages/testkit/src/index.ts";
import { startRedisServer } from "../scripts/lib/redis-server.ts";

const { values } = parseArgs({ options: { fast: { type: "boolean", default: false } } });
const repo = "acme/ledger";
const projects = ["FIN", "OPS"];

/** Each question is the tool calls a model makes to answer it, in order; `page` follows the last cursor. */
const questions = [
  [
    "Which projects can you see, and what versions does FIN have?",
    [
      ["jira_projects", {}],
      ["jira_projects", { key: "FIN" }],
    ],
  ],
  ["What is in progress in FIN?", [["jira_search", { jql: 'project = FIN AND status = "In Progress"' }]]],
  [
    "How is the current sprint going?",
    [
      ["jira_boards", { project: "FIN" }],
      ["jira_sprints", { boardId: 1, state: ["active"] }],
      ["jira_sprint_summary", { sprintId: 2 }],
    ],
  ],
  [
    "What happened on FIN-1?",
    [
      ["jira_get_issue", { key: "FIN-1" }],
      ["jira_issue_activity", { key: "FIN-1", kind: "comments" }],
      ["jira_issue_activity", { key: "FIN-1", kind: "comments", page: 2 }],
    ],
  ],
  [
    "What code changed for FIN-42?",
    [
      ["jira_get_issue", { key: "FIN-42" }],
      ["github_code_changes_for_issue", { key: "FIN-42" }],
      ["github_get_pull_request", { repo, number: 25 }],
    ],
  ],
  [
    "Where is postEntry defined?",
    [
      ["github_search_code", { repo, query: "postEntry" }],
      ["github_get_file", { repo, path: "src/post.ts" }],
    ],
  ],
  ["What is in main since v1.1.0?", [["github_compare", { repo, base: "v1.1.0", head: "main" }]]],
  [
    "FIN-12 was 13 points: what did it ship?",
    [
      ["jira_get_issue", { key: "FIN-12" }],
      ["github_code_changes_for_issue", { key: "FIN-12" }],
    ],
  ],
  [
    "Which bugs are open, in Jira and on GitHub?",
    [
      ["jira_search", { jql: "project = FIN AND type = Bug AND statusCategory != Done" }],
      ["github_list_issues", { repo, labels: ["bug"] }],
    ],
  ],
  [
    "Show the FIN-42 pull request again, and how FIN-1's status changed",
    [
      ["github_get_pull_request", { repo, number: 25 }],
      ["jira_issue_activity", { key: "FIN-1", kind: "changelog" }],
    ],
  ],
];

const redisServer = await startRedisServer();
const github = await startGitHubServer();
const jira = await startJiraServer();
const redis = createRedis(redisServer.url, { enableOfflineQueue: true });
try {
  const logger = createLogger({ level: "warn", service: "bench" });
  const githubClient = createGitHubClient({
    config: { token: "bench-token", apiUrl: github.url, allow: [repo], writes: false },
    redis,
    logger,
    timing: values.fast ? { ...DEFAULT_GITHUB_TIMING, searchMinTimeMs: 0 } : DEFAULT_GITHUB_TIMING,
  });
  const jiraConfig = { host: jira.url, email: jira.email, apiToken: jira.apiToken, projects };
  const tools = new Map(
    [
      ...githubTools(githubClient, { writes: false }),
      ...jiraTools(createJiraClient({ config: jiraConfig, logger }), jiraConfig),
    ].map((tool) => [tool.name, tool]),
  );
  const cold = await runSession(githubClient, tools);
  const warm = await runSession(githubClient, tools);
  console.log(
    `\nGitHub and Jira session: ${questions.length} questions, ${cold.toolCalls.total} tool calls per run\n`,
  );
  printTable("Cold cache (first run)", cold);
  printTable("Warm cache (the same session again)", warm);
} finally {
  redis.disconnect();
  await github.close();
  await jira.close();
  await redisServer.stop();
}

async function runSession(githubClient, tools) {
  githubClient.resetCallStats();
  const toolCalls = { total: 0 };
  const jiraRequests = {};
  const githubCountedBefore = github.requests.filter((r) => r.status === 200).length;
  const started = performance.now();
  for (const [, calls] of questions) {
    let lastCursor;
    for (const [name, rawArgs] of calls) {
      const { page, ...rest } = rawArgs;
      const args = page && lastCursor ? { ...rest, cursor: lastCursor } : rest;
      const tool = tools.get(name);
      const jiraBefore = jira.requests.length;
      const result = await tool.run(tool.input.parse(args), {
        userId: "bench",
        signal: new AbortController().signal,
      });
      if (name.startsWith("jira_")) {
        jiraRequests[name] = (jiraRequests[name] ?? 0) + jira.requests.length - jiraBefore;
      }
      lastCursor = JSON.parse(result.content.startsWith("{") ? result.content : "{}").nextCursor ?? undefined;
      toolCalls[name] = (toolCalls[name] ?? 0) + 1;
      toolCalls.total += 1;
    }
  }
  const ms = performance.now() - started;
  const githubCounted = github.requests.filter((r) => r.status === 200).length - githubCountedBefore;
  return { toolCalls, githubStats: githubClient.callStats(), jiraRequests, ms, githubCounted };
}

function printTable(title, { toolCalls, githubStats, jiraRequests, ms, githubCounted }) {
  const jiraTotal = Object.values(jiraRequests).reduce((sum, n) => sum + n, 0);
  console.log(
    `${title}: ${(ms / 1000).toFixed(2)} s, ${githubCounted} GitHub requests counted against the rate limit, ` +
      `${jiraTotal} Jira requests (all count; Jira has no conditional requests)`,
  );
  console.log("| tool | calls | API requests | 304 (cache hits) | cache hit ratio |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  const rows = [
    ...Object.entries(jiraRequests).map(([name, requests]) => ({ name, requests, notModified: null })),
    ...Object.entries(githubStats).map(([name, s]) => ({ name, ...s })),
  ].sort((a, b) => a.name.localeCompare(b.name));
  const totals = { github: emptyTotal(), jira: emptyTotal(), all: emptyTotal() };
  for (const { name, requests, notModified, reads } of rows) {
    const calls = toolCalls[name] ?? 0;
    const cached = notModified !== null;
    console.log(
      `| ${name} | ${calls} | ${requests} | ${cached ? notModified : "–"} | ${cached ? ratio(notModified, reads) : "–"} |`,
    );
    for (const total of [totals[cached ? "github" : "jira"], totals.all]) {
      total.calls += calls;
      total.requests += requests;
      total.notModified += notModified ?? 0;
      total.reads += reads ?? requests;
    }
  }
  for (const [label, t] of [
    ["GitHub", totals.github],
    ["Jira", totals.jira],
    ["all", totals.all],
  ]) {
    const hits = label === "Jira" ? "–" : t.notModified;
    const hitRatio = label === "Jira" ? "–" : ratio(t.notModified, t.reads);
    console.log(`| **${label}** | ${t.calls} | ${t.requests} | ${hits} | ${hitRatio} |`);
  }
  console.log("");
}

function emptyTotal() {
  return { calls: 0, requests: 0, notModified: 0, reads: 0 };
}

function ratio(hits, reads) {
  return reads === 0 ? "–" : `${Math.round((100 * hits) / reads)}%`;
}
