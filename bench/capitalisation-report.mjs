// The capitalisation report over 10 000 worklogs in a quarter: buildCapReport (one read batch, then
// classification and largest-remainder rounding in TypeScript), the drill-down, and the agent tool's
// output (capitalisation_report without GitHub), on a libSQL file and on the same file served over
// HTTP by the testkit's stand-in for sqld. "computed" rows empty the report cache before each run;
// "repeat" and "drill-down after report" are served from it (one data-version read, no rows).
// Usage: npm exec -- node bench/capitalisation-report.mjs [--worklogs 10000] [--runs 9]
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as Policy from "../packages/core/src/capitalisation/policy.ts";
import { buildCapReport, reportLines } from "../packages/core/src/capitalisation/report.ts";
import { reportCacheFor } from "../packages/core/src/capitalisation/report-cache.ts";
import { issueInsert, worklogInsert } from "../packages/core/src/capitalisation/test-support.ts";
import { capitalisationTools } from "../packages/core/src/capitalisation/tools.ts";
import { migrate, openDatabase } from "../packages/core/src/db/index.ts";
import { create as createUser } from "../packages/core/src/db/users.ts";
import { createJiraClient } from "../packages/core/src/jira/client.ts";
import { createLogger } from "../packages/core/src/observability/logger.ts";
import { startLibsqlServer } from "../packages/testkit/src/libsql-server.ts";

const { values } = parseArgs({
  options: { worklogs: { type: "string", default: "10000" }, runs: { type: "string", default: "9" } },
});
const worklogCount = Number(values.worklogs);
const runs = Number(values.runs);
const dir = mkdtempSync(join(tmpdir(), "finchat-cap-bench-"));
const path = join(dir, "bench.db");
const logger = createLogger({ level: "silent", service: "bench" });
const EPICS = 40;
const ISSUES = 400;
const PEOPLE = 30;

/** Deterministic pseudo-random numbers, so every run seeds the same data. */
let seed = 17;
const next = (n) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return Math.floor((seed / 2 ** 31) * n);
};

async function seedDatabase(db) {
  const admin = await createUser(db, {
    email: "finance@example.com",
    name: "Finance",
    passwordHash: "scrypt$x",
    signup: "open",
  });
  const epics = Array.from({ length: EPICS }, (_, i) => `FIN-${i + 1}`);
  await Policy.putPolicy(
    db,
    "FIN",
    {
      currency: "USD",
      rules: {
        epics: epics.slice(0, 30),
        issueTypes: [],
        labels: ["rnd"],
        components: [],
        include: ["FIN-500"],
        exclude: ["FIN-100"],
      },
    },
    admin.id,
  );
  for (const [i, epic] of epics.entries()) {
    if (i % 8 === 7) continue; // some epics without phase dates: their work is unclassified
    await Policy.setEpicPhases(
      db,
      epic,
      {
        developmentFrom: `2026-0${7 + (i % 3)}-01`,
        postImplementationFrom: i % 4 === 0 ? "2026-09-15" : null,
      },
      admin.id,
    );
  }
  for (let p = 0; p < PEOPLE; p++) {
    if (p % 10 === 9) continue; // some people with no rate
    await Policy.setPersonRole(db, `acc-${p}`, { role: p % 2 ? "Engineer" : "Senior Engineer" }, admin.id);
    if (p % 3 === 0) {
      await Policy.addRate(
        db,
        {
          subjectKind: "person",
          subject: `acc-${p}`,
          hourlyRate: `${80 + p}.125`,
          currency: "USD",
          effectiveFrom: "2026-01-01",
        },
        admin.id,
      );
      await Policy.addRate(
        db,
        {
          subjectKind: "person",
          subject: `acc-${p}`,
          hourlyRate: `${90 + p}.333333`,
          currency: "USD",
          effectiveFrom: "2026-08-15",
        },
        admin.id,
      );
    }
  }
  for (const role of ["Engineer", "Senior Engineer"]) {
    await Policy.addRate(
      db,
      {
        subjectKind: "role",
        subject: role,
        hourlyRate: role === "Engineer" ? "70.00" : "95.50",
        currency: "USD",
        effectiveFrom: "2026-01-01",
      },
      admin.id,
    );
  }
  const issues = [
    ...epics.map((key) => ({ key, type: "Epic", epicKey: key })),
    ...Array.from({ length: ISSUES }, (_, i) => ({
      key: `FIN-${EPICS + 1 + i}`,
      epicKey: i % 10 === 0 ? null : epics[next(EPICS)],
      labels: i % 7 === 0 ? ["rnd"] : [],
    })),
  ];
  const worklogs = Array.from({ length: worklogCount }, (_, i) => ({
    id: String(100000 + i),
    issueId: i % 500 === 0 ? "id-unsynced" : `id-FIN-${EPICS + 1 + next(ISSUES)}`,
    accountId: `acc-${next(PEOPLE)}`,
    workDate: `2026-0${7 + next(3)}-${String(1 + next(28)).padStart(2, "0")}`,
    seconds: 900 * (1 + next(32)) + next(60),
  }));
  const statements = [...issues.map(issueInsert), ...worklogs.map(worklogInsert)];
  for (let i = 0; i < statements.length; i += 1000) await db.batch(statements.slice(i, i + 1000), "write");
  return admin;
}

async function time(work) {
  const samples = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = await work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { result, median: samples[Math.floor(samples.length / 2)], min: samples[0] };
}

async function measure(db, admin, label) {
  const query = { from: "2026-07-01", to: "2026-09-30", projects: ["FIN"] };
  const jira = createJiraClient({
    config: { host: "http://jira.invalid", email: "x@example.com", apiToken: "x", projects: ["FIN"] },
    logger,
  });
  const tool = capitalisationTools({ db, jira, projects: ["FIN"] }).find(
    (t) => t.name === "capitalisation_report",
  );
  const cache = reportCacheFor(db);
  const cold = (work) => () => {
    cache.clear();
    return work();
  };
  const report = await time(cold(() => buildCapReport(db, query)));
  const drillFilter = { epic: "FIN-3", treatment: "capitalisable" };
  const drill = await time(cold(() => reportLines(db, query, drillFilter)));
  const repeat = await time(() => buildCapReport(db, query));
  const drillAfter = await time(() => reportLines(db, query, drillFilter));
  const output = await time(
    cold(() =>
      tool.run(tool.input.parse({ period: "2026-Q3", projects: ["FIN"] }), {
        userId: admin.id,
        signal: new AbortController().signal,
      }),
    ),
  );
  const t = report.result.totals;
  return {
    database: label,
    worklogs: t.worklogs,
    "report computed median ms": Math.round(report.median),
    "report computed min ms": Math.round(report.min),
    "drill-down computed median ms": Math.round(drill.median),
    "report repeat median ms": Number(repeat.median.toFixed(2)),
    "drill-down after report median ms": Number(drillAfter.median.toFixed(2)),
    "tool computed median ms": Math.round(output.median),
    "tool output chars": output.result.content.length,
    "tool citations": output.result.citations.length,
    capitalisable: t.capitalisable.cost,
    expensed: t.expensed.cost,
    unclassified: t.unclassified.cost,
    "unrated worklogs": t.unrated.worklogs,
  };
}

try {
  const db = await openDatabase({ url: `file:${path}` });
  await migrate(db);
  const seedStart = performance.now();
  const admin = await seedDatabase(db);
  const seeded = Math.round(performance.now() - seedStart);
  const rows = [await measure(db, admin, "file")];
  const server = await startLibsqlServer({ path });
  const remote = await openDatabase({ url: server.url });
  rows.push(await measure(remote, admin, "remote (HTTP, no added delay)"));
  remote.close();
  await server.close();
  db.close();
  console.log(
    JSON.stringify({
      cores: availableParallelism(),
      load: loadavg()[0].toFixed(2),
      node: process.version,
      seedMs: seeded,
      runs,
    }),
  );
  console.table(rows);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
