import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../db/test-database.ts";
import { ProjectAllowList } from "../jira/allow-list.ts";
import { createJiraClient } from "../jira/client.ts";
import { type JiraFixture, startJiraFixture } from "../jira/test-support.ts";
import { createLogger } from "../observability/logger.ts";
import { syncWorklogs } from "./sync.ts";
import { readSyncStatus } from "./worklogs.ts";

const logger = createLogger({ level: "silent", service: "test" });
const ALICE = "5f0000000000000000000001";

describe("syncWorklogs", () => {
  let database: TestDatabase;
  let jira: JiraFixture;
  const allow = new ProjectAllowList(["FIN", "OPS"]);
  beforeEach(async () => {
    [database, jira] = await Promise.all([openTestDatabase(), startJiraFixture(["FIN", "OPS"])]);
  });
  afterEach(() => Promise.all([database.close(), jira.close()]));

  // The fixture's client fails on any answer that does not match jira.js's schemas.
  const sync = (client = jira.client) =>
    syncWorklogs({ db: database.db, jira: client, allow, logger, pageSize: 50 });
  const rows = async (sql: string, ...args: string[]) => (await database.db.execute({ sql, args })).rows;
  const worklog = async (id: string) => (await rows("SELECT * FROM worklogs WHERE id = ?", id))[0];
  const issue = async (key: string) => (await rows("SELECT * FROM cap_issues WHERE issue_key = ?", key))[0];
  const allowedWorklogs = () =>
    jira.server.state.issues
      .filter((i) => allow.has(i.projectKey))
      .flatMap((i) => i.worklogs.map((w) => w.id))
      .sort();
  const calls = () => {
    const counts = jira.server.requestCounts();
    jira.server.requests.length = 0;
    return counts;
  };

  it("stores every allowed work log with its issue facts and epic, and no other project's", async () => {
    const secret = jira.server.worklogs.add("SECRET-1", {
      started: "2024-07-01T10:00:00.000Z",
      timeSpentSeconds: 60,
    });
    const result = await sync();
    const stored = (await rows("SELECT id FROM worklogs ORDER BY id")).map((r) => String(r.id));
    expect(stored).toEqual(allowedWorklogs());
    expect(stored).not.toContain(secret);
    const secretLogs = jira.server.state.issues
      .filter((i) => i.projectKey === "SECRET")
      .flatMap((i) => i.worklogs);
    expect(result).toMatchObject({
      worklogsStored: stored.length,
      worklogsOutOfScope: secretLogs.length,
      rejected: [],
    });
    expect(await issue("FIN-21")).toMatchObject({
      issue_type: "Epic",
      epic_key: "FIN-21",
      project_key: "FIN",
    });
    expect(await issue("FIN-22")).toMatchObject({ issue_type: "Story", epic_key: "FIN-21" });
    expect(await issue("FIN-1")).toMatchObject({ epic_key: null });
    expect(await issue("SECRET-1")).toBeUndefined();
    const fin2 = jira.server.state.issues.find((i) => i.key === "FIN-2");
    const first = fin2?.worklogs[0];
    expect(await worklog(first?.id ?? "")).toMatchObject({
      issue_id: fin2?.id,
      author_account_id: first?.authorId,
      seconds: first?.timeSpentSeconds,
      work_date: first?.started.slice(0, 10),
    });
    const status = await readSyncStatus(database.db);
    expect(status.syncedAt).toBe(result.finishedAt);
    expect(status.worklogs).toBe(stored.length);
    expect(status.feeds.map((f) => f.feed)).toEqual([
      "issues:FIN",
      "issues:OPS",
      "worklogs:deleted",
      "worklogs:updated",
    ]);
  });

  it("re-run over an unchanged period calls only the feeds and changes nothing", async () => {
    await sync();
    const before = await rows("SELECT id, work_date, seconds, jira_updated FROM worklogs ORDER BY id");
    calls();
    const again = await sync();
    expect(calls()).toEqual({
      "GET /rest/api/3/worklog/updated": 1,
      "GET /rest/api/3/worklog/deleted": 1,
      "GET /rest/api/3/search/jql": 2,
    });
    expect(again).toMatchObject({ worklogsStored: 0, worklogsDeleted: 0, rejected: [] });
    expect(await rows("SELECT id, work_date, seconds, jira_updated FROM worklogs ORDER BY id")).toEqual(
      before,
    );
  });

  it("moves a work log to the day it now starts on, read in the logger's own offset", async () => {
    const id = jira.server.worklogs.add("FIN-3", {
      started: "2024-06-30T23:30:00.000-07:00",
      timeSpentSeconds: 3600,
    });
    await sync();
    expect(await worklog(id)).toMatchObject({
      work_date: "2024-06-30",
      started: "2024-06-30T23:30:00.000-0700",
    });
    jira.server.worklogs.update(id, { started: "2024-07-01T08:00:00.000+10:00", timeSpentSeconds: 5400 });
    calls();
    const result = await sync();
    expect(result.worklogsStored).toBe(1);
    expect(calls()["POST /rest/api/3/worklog/list"]).toBe(1);
    expect(await worklog(id)).toMatchObject({ work_date: "2024-07-01", seconds: 5400 });
  });

  it("removes a deleted work log, and a first sync skips the deletions from before it", async () => {
    const before = jira.server.state.issues.find((i) => i.key === "FIN-2")?.worklogs[5]?.id ?? "";
    jira.server.worklogs.delete(before);
    const old = jira.server.state.deletedWorklogs[0];
    if (old) old.deleted = new Date(Date.now() - 2 * 3_600_000).toISOString();
    await sync();
    const firstSince = Number(
      jira.server.requests.find((r) => r.path.endsWith("/deleted"))?.query.get("since"),
    );
    expect(firstSince).toBeGreaterThan(Date.parse(old?.deleted ?? ""));
    expect(firstSince).toBeLessThan(Date.now() - 3_500_000);
    const gone = jira.server.state.issues.find((i) => i.key === "FIN-2")?.worklogs[3]?.id ?? "";
    expect(await worklog(gone)).toBeDefined();
    jira.server.worklogs.delete(gone);
    const result = await sync();
    expect(result.worklogsDeleted).toBe(1);
    expect(await worklog(gone)).toBeUndefined();
    expect((await rows("SELECT id FROM worklogs ORDER BY id")).map((r) => String(r.id))).toEqual(
      allowedWorklogs(),
    );
  });

  it("sees an issue moved out of its epic through the project's issue feed", async () => {
    await sync();
    expect(await issue("FIN-23")).toMatchObject({ epic_key: "FIN-21" });
    jira.server.worklogs.setParent("FIN-23", null);
    calls();
    await sync();
    expect(await issue("FIN-23")).toMatchObject({ epic_key: null });
    expect(calls()["POST /rest/api/3/worklog/list"]).toBeUndefined();
  });

  it("gives a sub-task its story's epic, and moves it with the story", async () => {
    jira.server.worklogs.setParent("FIN-27", "FIN-21");
    await sync();
    expect(await issue("FIN-27")).toMatchObject({ epic_key: "FIN-21" });
    expect(await issue("FIN-28")).toMatchObject({
      issue_type: "Sub-task",
      parent_key: "FIN-27",
      epic_key: "FIN-21",
    });
    // Only the story changes in Jira; its sub-tasks follow it out of the epic.
    jira.server.worklogs.setParent("FIN-27", null);
    await sync();
    expect(await issue("FIN-27")).toMatchObject({ epic_key: null });
    expect(await issue("FIN-29")).toMatchObject({ epic_key: null });
  });

  it("looks up an issue the issue feed has not brought by id, in the allowed projects only", async () => {
    await sync();
    const added = jira.server.worklogs.addIssue({ key: "FIN-200", type: "Task", parentKey: "FIN-21" });
    const id = jira.server.worklogs.add("FIN-200", {
      started: "2024-08-01T09:00:00.000Z",
      timeSpentSeconds: 900,
    });
    added.updated = "2024-01-01T00:00:00.000Z"; // older than the cursor: only the lookup finds it
    calls();
    const result = await sync();
    const jql = jira.server.requests.map((r) => r.query.get("jql")).filter((q) => q?.startsWith("(id in"));
    expect(jql).toEqual([`(id in (${added.id})) AND project in ("FIN", "OPS")`]);
    expect(result).toMatchObject({ worklogsStored: 1 });
    expect(await issue("FIN-200")).toMatchObject({
      issue_id: added.id,
      epic_key: "FIN-21",
      issue_type: "Task",
    });
    expect(await worklog(id)).toMatchObject({ issue_id: added.id, author_account_id: ALICE });
  });

  it("halves a lookup Jira refuses until the issue it cannot show stands alone, and reports that one", async () => {
    await sync();
    const shown = jira.server.worklogs.addIssue({ key: "FIN-201", type: "Story", parentKey: "FIN-21" });
    const hidden = jira.server.worklogs.addIssue({ key: "FIN-202", type: "Story" });
    const kept = jira.server.worklogs.add("FIN-201", {
      started: "2024-08-01T09:00:00Z",
      timeSpentSeconds: 60,
    });
    const lost = jira.server.worklogs.add("FIN-202", {
      started: "2024-08-01T09:00:00Z",
      timeSpentSeconds: 60,
    });
    for (const issue of [shown, hidden]) issue.updated = "2024-01-01T00:00:00.000Z";
    // As Jira answers an id whose issue was deleted after its work log was read.
    const refusal = { errorMessages: [`An issue with key '${hidden.id}' does not exist for field 'id'.`] };
    jira.server.failNext({ path: "/search/jql", query: hidden.id, status: 400, body: refusal, times: 2 });
    calls();
    const result = await sync();
    const lookups = jira.server.requests
      .map((r) => r.query.get("jql") ?? "")
      .filter((q) => q.startsWith("(id in"));
    expect(lookups).toEqual([
      `(id in (${shown.id}, ${hidden.id})) AND project in ("FIN", "OPS")`,
      `(id in (${shown.id})) AND project in ("FIN", "OPS")`,
      `(id in (${hidden.id})) AND project in ("FIN", "OPS")`,
    ]);
    expect(result.rejected).toEqual([
      { what: "issue", id: hidden.id, reason: expect.stringContaining("does not exist") },
    ]);
    expect(await worklog(kept)).toMatchObject({ issue_id: shown.id });
    expect(await worklog(lost)).toBeUndefined();
  });

  it("writes a feed page's rows with its cursor even when the page does not move the feed", async () => {
    await sync();
    const cursor = async () =>
      (await rows("SELECT * FROM cap_sync_cursors WHERE feed = 'worklogs:updated'"))[0];
    const before = await cursor();
    const id = allowedWorklogs()[0] as string;
    jira.server.worklogs.update(id, { started: "2024-07-05T09:00:00.000Z", timeSpentSeconds: 1200 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Jira names the work log again with the watermark the cursor already holds.
    const since = Number(before?.since_ms);
    jira.server.failNext({
      path: "/worklog/updated",
      status: 200,
      body: { values: [{ worklogId: Number(id), updatedTime: since }], since, until: since, lastPage: true },
    });
    await sync();
    expect(await worklog(id)).toMatchObject({ work_date: "2024-07-05", seconds: 1200 });
    const after = await cursor();
    // The reports' data version (report-cache.ts) reads the cursors' updated_at.
    expect(after).toMatchObject({ since_ms: before?.since_ms });
    expect(String(after?.updated_at) > String(before?.updated_at)).toBe(true);
  });

  it("reports malformed rows from Jira, stores the good ones, and moves on", async () => {
    await sync();
    const good = jira.server.worklogs.add("FIN-4", {
      started: "2024-07-03T09:00:00.000Z",
      timeSpentSeconds: 600,
    });
    const bad = jira.server.worklogs.add("FIN-4", {
      started: "2024-07-03T10:00:00.000Z",
      timeSpentSeconds: 600,
    });
    const fin4 = jira.server.state.issues.find((i) => i.key === "FIN-4");
    const render = (wid: string, started: string, seconds: number) => ({
      id: wid,
      issueId: fin4?.id,
      author: { accountId: ALICE, displayName: "Alice Ledger" },
      started,
      timeSpentSeconds: seconds,
      updated: "2024-07-03T10:00:00.000+0000",
    });
    jira.server.failNext({
      path: "/worklog/list",
      status: 200,
      body: [
        render(good, "2024-07-03T09:00:00.000+0000", 600),
        render(bad, "yesterday", -5),
        { nonsense: true },
      ],
    });
    const result = await sync();
    expect(result.rejected).toEqual([
      { what: "worklog", id: bad, reason: expect.stringContaining("started") },
      { what: "worklog", id: null, reason: expect.any(String) },
    ]);
    expect(await worklog(good)).toMatchObject({ work_date: "2024-07-03", seconds: 600 });
    expect(await worklog(bad)).toBeUndefined();
    const feedBody = { values: [{ worklogId: "x" }], since: 0, until: 1, lastPage: true };
    jira.server.failNext({ path: "/worklog/deleted", status: 200, body: feedBody });
    // jira.js only warns about a feed entry of the wrong shape in production; so the sync must cope.
    const lenient = createJiraClient({
      config: {
        host: jira.server.url,
        email: jira.server.email,
        apiToken: jira.server.apiToken,
        projects: [],
      },
      logger,
      schemaMismatch: "warn",
    });
    const badIssue = { id: "10001", key: "FIN-1", fields: { summary: 5, project: { key: "FIN" } } };
    jira.server.failNext({
      path: "/search/jql",
      query: 'project = "FIN"',
      status: 200,
      body: { issues: [badIssue] },
    });
    const next = await sync(lenient);
    expect(next.rejected).toEqual([
      { what: "issue", id: "10001", reason: expect.stringContaining("FIN-1: summary") },
      { what: "feed entry", id: "x", reason: expect.stringContaining("worklogId") },
    ]);
    expect(await issue("FIN-1")).toMatchObject({ summary: jira.server.state.issues[0]?.summary });
  });
});
