import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../db/test-database.ts";
import { ProjectAllowList } from "../jira/allow-list.ts";
import { type JiraFixture, startJiraFixture } from "../jira/test-support.ts";
import { createLogger } from "../observability/logger.ts";
import { indexJiraProject, updatedSince } from "./index-jira.ts";
import { searchIndex } from "./search.ts";

const logger = createLogger({ level: "silent", service: "test" });

describe("indexJiraProject", () => {
  let database: TestDatabase;
  let jira: JiraFixture;
  const allow = new ProjectAllowList(["FIN", "OPS"]);
  beforeEach(async () => {
    [database, jira] = await Promise.all([openTestDatabase(), startJiraFixture(["FIN", "OPS"])]);
  });
  afterEach(() => Promise.all([database.close(), jira.close()]));

  const sync = () =>
    indexJiraProject({ db: database.db, jira: jira.client, allow, project: "fin", logger, pageSize: 10 });
  const searchJql = () =>
    jira.server.requests.filter((r) => r.path.endsWith("/search/jql")).map((r) => r.query.get("jql") ?? "");

  it("reads all issues once, then only those updated since the watermark", async () => {
    const fin = jira.server.state.issues.filter((i) => i.projectKey === "FIN");
    const newest = fin
      .map((i) => i.updated)
      .sort()
      .at(-1);
    const first = await sync();
    expect(first).toMatchObject({
      project: "FIN",
      issuesFetched: fin.length,
      issuesChanged: fin.length,
      watermark: newest,
    });
    expect(first.chunksAdded).toBeGreaterThanOrEqual(fin.length);
    expect(searchJql()).toHaveLength(Math.ceil(fin.length / 10));
    expect(searchJql()[0]).toBe('(project = "FIN") AND project in ("FIN", "OPS") ORDER BY updated ASC');

    const second = await sync();
    expect(second.issuesChanged).toBe(0);
    expect(second.issuesFetched).toBe(fin.filter((i) => i.updated === newest).length);
    expect(searchJql().at(-1)).toMatch(
      /^\(project = "FIN" AND updated >= -\d+m\) AND project in .* ORDER BY updated ASC$/,
    );

    const target = fin[2];
    if (!target) throw new Error("the dataset has fewer than 3 FIN issues");
    target.summary = "Reconcile the zebra suspense account";
    target.updated = new Date().toISOString();
    const third = await sync();
    expect(third).toMatchObject({ issuesChanged: 1, watermark: target.updated });
    expect(third.chunksRemoved).toBeGreaterThan(0);
    const [hit] = await searchIndex({
      db: database.db,
      query: "zebra suspense",
      links: { jiraHost: jira.server.url },
    });
    expect(hit).toMatchObject({
      kind: "jira",
      source: "FIN",
      path: target.key,
      citation: { kind: "jira", label: target.key, url: `${jira.server.url}/browse/${target.key}` },
    });
    expect(hit?.lines).toBeUndefined();
    expect(hit?.snippet).toContain("zebra suspense");
  });

  it("refuses a project outside the allowed ones before calling Jira", async () => {
    await expect(
      indexJiraProject({ db: database.db, jira: jira.client, allow, project: "HR", logger }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(searchJql()).toEqual([]);
  });

  it("asks from a little before the watermark, in minutes", () => {
    const now = Date.parse("2024-06-01T12:00:00.000Z");
    expect(updatedSince(null, now)).toBe("");
    expect(updatedSince("2024-06-01T11:00:30.000Z", now)).toBe(" AND updated >= -62m");
  });
});
