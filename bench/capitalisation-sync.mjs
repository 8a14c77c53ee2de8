// The capitalisation data sync against the testkit Jira: a site with 10 000 work logs over ~300
// issues (10 epics), synced into a libSQL file. Measures the first sync, an unchanged re-sync (its
// Jira calls and time) and an incremental sync after 100 changes (90 work logs edited, 10 deleted).
// Usage: npm exec -- node bench/capitalisation-sync.mjs [--worklogs 10000] [--issues 300]
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { syncWorklogs } from "../packages/core/src/capitalisation/sync.ts";
import { migrate, openDatabase } from "../packages/core/src/db/index.ts";
import { ProjectAllowList } from "../packages/core/src/jira/allow-list.ts";
import { createJiraClient } from "../packages/core/src/jira/client.ts";
import { createLogger } from "../packages/core/src/observability/logger.ts";
import { startJiraServer } from "../packages/testkit/src/index.ts";

const { values } = parseArgs({
  options: { worklogs: { type: "string", default: "10000" }, issues: { type: "string", default: "300" } },
});
const worklogCount = Number(values.worklogs);
const issueCount = Number(values.issues);
const logger = createLogger({ level: "silent", service: "bench" });
const dir = mkdtempSync(join(tmpdir(), "finchat-cap-sync-bench-"));
const server = await startJiraServer();
const PEOPLE = [1, 2, 3, 4, 5].map((n) => `5f000000000000000000000${n}`);
const OFFSETS = ["+00:00", "+10:00", "-07:00", "+05:30"];

// The site: FIN-1000.. with an epic every 30 issues, the rest stories under the latest epic.
const keys = [];
let epic = null;
for (let i = 0; i < issueCount; i += 1) {
  const key = `FIN-${1000 + i}`;
  if (i % 30 === 0) {
    server.worklogs.addIssue({ key, type: "Epic" });
    epic = key;
  } else {
    server.worklogs.addIssue({ key, type: i % 7 === 0 ? "Bug" : "Story", parentKey: epic, labels: ["rnd"] });
  }
  keys.push(key);
}
const existing = server.state.issues.reduce((n, issue) => n + issue.worklogs.length, 0);
const ids = [];
for (let i = existing; i < worklogCount; i += 1) {
  const day = 1 + (i % 90);
  const started = new Date(Date.UTC(2026, 6, day, 9 + (i % 8))).toISOString();
  ids.push(
    server.worklogs.add(keys[i % keys.length], {
      authorId: PEOPLE[i % PEOPLE.length],
      started,
      startedOffset: OFFSETS[i % OFFSETS.length],
      timeSpentSeconds: 900 * (1 + (i % 8)),
    }),
  );
}
const total = server.state.issues.reduce((n, issue) => n + issue.worklogs.length, 0);

const db = await openDatabase({ url: `file:${join(dir, "bench.db")}` });
await migrate(db);
const jira = createJiraClient({
  config: { host: server.url, email: server.email, apiToken: server.apiToken, projects: ["FIN", "OPS"] },
  logger,
});
const allow = new ProjectAllowList(["FIN", "OPS"]);

async function measure(label) {
  server.requests.length = 0;
  const start = performance.now();
  const result = await syncWorklogs({ db, jira, allow, logger });
  const ms = performance.now() - start;
  const calls = server.requestCounts();
  const callCount = Object.values(calls).reduce((a, b) => a + b, 0);
  const stored = (await db.execute("SELECT COUNT(*) AS n FROM worklogs")).rows[0].n;
  console.log(
    `${label.padEnd(26)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${String(callCount).padStart(3)} Jira calls  ` +
      `stored ${result.worklogsStored}, deleted ${result.worklogsDeleted}, other projects ${result.worklogsOutOfScope}, rows ${stored}`,
  );
  console.log(`${"".padEnd(26)} ${JSON.stringify(calls)}`);
  return { ms, calls: callCount };
}

console.log(
  `site: ${total} work logs (${ids.length} added) over ${server.state.issues.length} issues; load ${loadavg()[0].toFixed(2)}`,
);
try {
  await measure("first sync");
  await measure("unchanged re-sync");
  for (let i = 0; i < 90; i += 1) {
    server.worklogs.update(ids[i * 37], { started: "2026-10-01T09:00:00.000+10:00", timeSpentSeconds: 1800 });
  }
  for (let i = 0; i < 10; i += 1) server.worklogs.delete(ids[ids.length - 1 - i * 41]);
  await measure("after 100 changes");
} finally {
  db.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
