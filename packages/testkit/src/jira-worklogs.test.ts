import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JiraServer, startJiraServer } from "./jira-server.ts";

let jira: JiraServer;
let auth: string;
beforeAll(async () => {
  jira = await startJiraServer();
  auth = `Basic ${Buffer.from(`${jira.email}:${jira.apiToken}`).toString("base64")}`;
});
afterAll(() => jira.close());

type Feed = {
  values: { worklogId: number; updatedTime: number; properties: unknown[] }[];
  since: number;
  until: number;
  lastPage: boolean;
  nextPage?: string;
  self: string;
};

async function call(path: string, body?: unknown) {
  const res = await fetch(`${jira.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: auth, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}
const feed = async (path: string) => (await call(path)).body as Feed;

describe("the testkit Jira's worklog change feeds", () => {
  it("lists every work log once through the updated feed, oldest first, 1000 a page", async () => {
    for (let i = 0; i < 1100; i += 1) {
      jira.worklogs.add("FIN-3", { started: "2024-07-01T09:00:00.000+0000", timeSpentSeconds: 60 });
    }
    const total = jira.state.issues.reduce((n, i) => n + i.worklogs.length, 0);
    const seen: number[] = [];
    let page = await feed("/rest/api/3/worklog/updated?since=0");
    expect(page.values).toHaveLength(1000);
    expect(page.lastPage).toBe(false);
    seen.push(...page.values.map((v) => v.worklogId));
    while (page.nextPage) {
      expect(new URL(page.nextPage).searchParams.get("since")).toBe(String(page.until));
      page = await feed(new URL(page.nextPage).pathname + new URL(page.nextPage).search);
      seen.push(...page.values.map((v) => v.worklogId));
    }
    expect(page.lastPage).toBe(true);
    expect(new Set(seen).size).toBe(total);
    expect(seen).toHaveLength(total);
    const last = await feed(`/rest/api/3/worklog/updated?since=${page.until}`);
    expect(last).toMatchObject({ values: [], lastPage: true, since: page.until });
  });

  it("returns work logs by id with their issue, the start in the logger's offset, and refuses 1001 ids", async () => {
    const id = jira.worklogs.add("FIN-4", {
      started: "2024-06-30T23:30:00.000-07:00",
      timeSpentSeconds: 5400,
    });
    const found = await call("/rest/api/3/worklog/list", { ids: [Number(id), 999_999_999] });
    expect(found.status).toBe(200);
    const issueId = jira.state.issues.find((i) => i.key === "FIN-4")?.id;
    expect(found.body).toEqual([
      expect.objectContaining({
        id,
        issueId,
        started: "2024-06-30T23:30:00.000-0700",
        timeSpentSeconds: 5400,
      }),
    ]);
    const tooMany = await call("/rest/api/3/worklog/list", {
      ids: Array.from({ length: 1001 }, (_, i) => i),
    });
    expect(tooMany.status).toBe(400);
    expect((await call("/rest/api/3/worklog/list", { ids: ["x"] })).status).toBe(400);
  });

  it("reports updates in the updated feed and deletions in the deleted feed, and counts calls", async () => {
    const id = jira.worklogs.add("FIN-5", { started: "2024-07-02T09:00:00.000Z", timeSpentSeconds: 600 });
    const added = jira.state.issues.flatMap((i) => i.worklogs).find((w) => w.id === id);
    const before = Date.parse(added?.updated ?? "");
    jira.worklogs.update(id, { timeSpentSeconds: 1200 });
    const updated = await feed(`/rest/api/3/worklog/updated?since=${before}`);
    expect(updated.values.map((v) => String(v.worklogId))).toEqual([id]);
    jira.worklogs.delete(id);
    const deleted = await feed(`/rest/api/3/worklog/deleted?since=${before}`);
    expect(deleted.values.map((v) => String(v.worklogId))).toEqual([id]);
    expect((await call("/rest/api/3/worklog/list", { ids: [Number(id)] })).body).toEqual([]);
    expect((await call("/rest/api/3/worklog/deleted?since=-1")).status).toBe(400);
    expect(jira.requestCounts()["GET /rest/api/3/worklog/deleted"]).toBe(2);
  });

  it("moves an issue out of its epic, which JQL on updated then finds", async () => {
    const start = new Date(Date.now() - 1000).toISOString().slice(0, 16).replace("T", " ");
    jira.worklogs.setParent("FIN-22", null);
    const res = await call(
      `/rest/api/3/search/jql?jql=${encodeURIComponent(`project = FIN AND updated >= "${start}"`)}&fields=parent`,
    );
    const issues = (res.body as { issues: { key: string; fields: { parent?: unknown } }[] }).issues;
    expect(issues.find((i) => i.key === "FIN-22")?.fields.parent).toBeUndefined();
    const unknown = await call(`/rest/api/3/search/jql?jql=${encodeURIComponent("id in (99999999)")}`);
    expect(unknown.status).toBe(400);
  });
});
