import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OUTPUT_BUDGET_CHARS } from "../format.ts";
import { type JiraFixture, startJiraFixture } from "../test-support.ts";

let fixture: JiraFixture;
beforeAll(async () => {
  fixture = await startJiraFixture(["FIN", "OPS"]);
});
afterAll(() => fixture.close());
beforeEach(() => {
  fixture.server.requests.length = 0;
});

describe("jira_get_issue", () => {
  it("reads an issue with its fields, newest activity and totals in one request", async () => {
    const result = await fixture.call("jira_get_issue", { key: "fin-1" });
    const issue = JSON.parse(result.content);
    expect(issue).toMatchObject({
      key: "FIN-1",
      summary: "Close books task 1",
      status: "Done",
      statusCategory: "Done",
      type: "Story",
      storyPoints: 3,
      resolved: "2024-05-10T15:00:00.000Z",
      description: "Close books task 1. Acceptance: totals match the ledger.",
      comments: { total: 45 },
      changes: { total: 40 },
      worklogs: { total: 3 },
    });
    expect(issue.comments.newest.map((c: { text: string }) => c.text)).toEqual(
      [41, 42, 43, 44, 45].map((n) => expect.stringContaining(`Comment ${n} on FIN-1`)),
    );
    expect(issue.changes.newest).toHaveLength(10);
    expect(issue.changes.newest.at(-1).changes).toEqual(["status: In Progress → Done"]);
    expect(result.content.length).toBeLessThanOrEqual(OUTPUT_BUDGET_CHARS);
    expect(result.citations).toEqual([
      { kind: "jira", label: "FIN-1", url: `${fixture.server.url}/browse/FIN-1` },
    ]);
    const issueRequests = fixture.server.requests.filter((r) => r.path.startsWith("/rest/api/3/issue/"));
    expect(issueRequests).toHaveLength(1);
    expect(issueRequests[0]?.query.get("expand")).toBe("changelog");
  });

  it("shows sub-tasks, parents and links, naming issues of other projects by key only", async () => {
    const parent = JSON.parse((await fixture.call("jira_get_issue", { key: "FIN-27" })).content);
    expect(parent.subtasks.map((s: { key: string }) => s.key)).toEqual(["FIN-28", "FIN-29", "FIN-30"]);
    const child = JSON.parse((await fixture.call("jira_get_issue", { key: "FIN-28" })).content);
    expect(child.parent).toMatchObject({ key: "FIN-27", summary: "Quarterly VAT report" });
    const blocked = await fixture.call("jira_get_issue", { key: "FIN-20" });
    expect(JSON.parse(blocked.content).links).toEqual([
      { relation: "is blocked by", key: "SECRET-1", note: "outside the allowed projects" },
    ]);
    expect(blocked.content).not.toContain("Salary");
    expect(blocked.citations?.map((c) => c.label)).toEqual(["FIN-20"]);
    const blocker = JSON.parse((await fixture.call("jira_get_issue", { key: "FIN-4" })).content);
    expect(blocker.links).toEqual([
      { relation: "blocks", key: "FIN-6", summary: "Close books task 6", status: "To Do" },
    ]);
  });

  it("refuses an issue of another project without calling Jira", async () => {
    await expect(fixture.call("jira_get_issue", { key: "SECRET-1" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(fixture.call("jira_get_issue", { key: "FIN-1/../../myself" })).rejects.toMatchObject({
      code: "invalid_request",
    });
    expect(fixture.server.requests).toHaveLength(0);
  });

  it("refuses an allowed key that Jira answers with an issue moved to another project", async () => {
    const moved = fixture.server.state.issues.find((i) => i.key === "FIN-50");
    if (!moved) throw new Error("no FIN-50");
    const id = moved.id;
    Object.assign(moved, { key: "SECRET-50", projectKey: "SECRET", id: "FIN-50" });
    try {
      await expect(fixture.call("jira_get_issue", { key: "FIN-50" })).rejects.toMatchObject({
        code: "forbidden",
        message: expect.stringContaining("SECRET-50"),
      });
    } finally {
      Object.assign(moved, { key: "FIN-50", projectKey: "FIN", id });
    }
  });

  it("says so when the issue does not exist", async () => {
    await expect(fixture.call("jira_get_issue", { key: "FIN-404" })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("jira_issue_activity", () => {
  async function readAll(key: string, kind: string) {
    const pages: { total: number; nextCursor?: string; [k: string]: unknown }[] = [];
    let cursor: string | undefined;
    do {
      const result = await fixture.call("jira_issue_activity", { key, kind, ...(cursor ? { cursor } : {}) });
      const page = JSON.parse(result.content);
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor && pages.length < 10);
    return { pages, items: pages.flatMap((p) => p[kind] as Record<string, unknown>[]) };
  }

  it("pages through all 45 comments of FIN-1 in order", async () => {
    const { pages, items } = await readAll("FIN-1", "comments");
    expect(pages.map((p) => p.showing)).toEqual(["1-30", "31-45"]);
    expect(items.map((c) => c.text)).toEqual(
      Array.from({ length: 45 }, (_, i) => expect.stringContaining(`Comment ${i + 1} on FIN-1`)),
    );
  });

  it("pages through the changelog and the work logs to the end", async () => {
    const changes = await readAll("FIN-1", "changelog");
    expect(changes.items).toHaveLength(40);
    expect(changes.pages).toHaveLength(2);
    const worklogs = await readAll("FIN-2", "worklogs");
    expect(worklogs.items).toHaveLength(25);
    expect(worklogs.items[0]).toMatchObject({ author: "Alice Ledger", timeSpent: "30m" });
  });

  it("refuses issues of other projects", async () => {
    await expect(
      fixture.call("jira_issue_activity", { key: "SECRET-2", kind: "comments" }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});

describe("jira_get_issue when the field list fails", () => {
  it("shows the issue and names its story points as unknown, not as missing", async () => {
    const fresh = await startJiraFixture(["FIN"]);
    try {
      fresh.server.failNext({ path: "/rest/api/3/field", status: 500 });
      const issue = JSON.parse((await fresh.call("jira_get_issue", { key: "FIN-1" })).content);
      expect(issue).toMatchObject({ key: "FIN-1", summary: "Close books task 1" });
      expect(issue.incomplete.storyPoints).toMatch(/Unknown: .*field list could not be read.*500/);
    } finally {
      await fresh.close();
    }
  });
});
