import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type JiraFixture, startJiraFixture } from "../test-support.ts";

let fixture: JiraFixture;
beforeAll(async () => {
  fixture = await startJiraFixture(["FIN", "OPS"]);
});
afterAll(() => fixture.close());
beforeEach(() => {
  fixture.server.requests.length = 0;
});

describe("boards and sprints", () => {
  it("lists the boards of a project and the sprints of a board", async () => {
    expect(await fixture.callJson("jira_boards", { project: "fin" })).toMatchObject({
      project: "FIN",
      boards: [{ id: 1, name: "FIN board", type: "scrum" }],
    });
    const sprints = await fixture.callJson("jira_sprints", { boardId: 1 });
    expect(sprints.sprints).toEqual([
      expect.objectContaining({ id: 1, state: "closed", completed: "2024-05-17T16:00:00.000Z" }),
      expect.objectContaining({ id: 2, state: "active", goal: "Payments reconciliation" }),
      expect.objectContaining({ id: 3, state: "future" }),
    ]);
    const active = await fixture.callJson("jira_sprints", { boardId: 1, state: ["active"] });
    expect((active.sprints as { id: number }[]).map((s) => s.id)).toEqual([2]);
    expect(fixture.server.requests.at(-1)?.query.get("state")).toBe("active");
  });

  it("refuses boards and sprints of other projects", async () => {
    await expect(fixture.call("jira_boards", { project: "SECRET" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(fixture.call("jira_sprints", { boardId: 3 })).rejects.toMatchObject({ code: "forbidden" });
    await expect(fixture.call("jira_sprint_issues", { sprintId: 4 })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(fixture.call("jira_sprint_summary", { sprintId: 4 })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(fixture.server.requests.some((r) => r.path.includes("/issue"))).toBe(false);
  });

  it("refuses a board of another project without fetching it, and says nothing about it", async () => {
    const failure = fixture.call("jira_sprints", { boardId: 3 });
    await expect(failure).rejects.toMatchObject({ code: "forbidden" });
    await expect(failure).rejects.not.toThrow(/SECRET|Payroll/);
    expect(fixture.server.requests.map((r) => r.path)).not.toContain("/rest/agile/1.0/board/3");
    expect(fixture.server.requests.some((r) => r.path.startsWith("/rest/agile/1.0/board/3"))).toBe(false);
  });

  it("passes on Jira's answer for a board without sprints", async () => {
    await expect(fixture.call("jira_sprints", { boardId: 2 })).rejects.toMatchObject({
      code: "invalid_request",
      message: expect.stringContaining("does not support sprints"),
    });
  });
});

describe("jira_sprint_issues", () => {
  it("pages through the sprint's issues in rank order, restricted to the allowed projects", async () => {
    const keys: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const page = await fixture.callJson("jira_sprint_issues", {
        sprintId: 2,
        limit: 5,
        ...(cursor ? { cursor } : {}),
      });
      keys.push(...(page.issues as { key: string }[]).map((i) => i.key));
      cursor = page.nextCursor as string | undefined;
      calls += 1;
    } while (cursor && calls < 10);
    expect(calls).toBe(3);
    expect(keys).toEqual([
      "FIN-4",
      "FIN-6",
      "FIN-7",
      "FIN-10",
      ...Array.from({ length: 8 }, (_, i) => `FIN-${13 + i}`),
    ]);
    const sent = fixture.server.requests.filter((r) => r.path === "/rest/agile/1.0/sprint/2/issue");
    expect(sent.map((r) => r.query.get("jql"))).toEqual(Array(3).fill('project in ("FIN", "OPS")'));
  });
});

describe("jira_sprint_summary", () => {
  it("adds up a closed sprint: committed vs added, done in time vs carried over, story points", async () => {
    const result = await fixture.call("jira_sprint_summary", { sprintId: 1 });
    const summary = JSON.parse(result.content);
    expect(summary).toMatchObject({
      sprint: { id: 1, state: "closed" },
      storyPointsField: "customfield_10016",
      committed: { issues: 9, points: 40, doneIssues: 6, donePoints: 24 },
      addedAfterStart: { issues: 3, points: 6, keys: ["FIN-9", "FIN-10", "FIN-11"] },
      done: { issues: 8, points: 27 },
      carriedOver: { issues: 4, points: 19, keys: ["FIN-4", "FIN-6", "FIN-7", "FIN-10"] },
      unestimated: 1,
      completionPercent: 58.7,
    });
    expect(result.citations?.map((c) => c.label)).toEqual(
      expect.arrayContaining(["FIN-4", "FIN-9", "FIN-10"]),
    );
  });

  it("reads every page of an active sprint and reports what is not done yet", async () => {
    const summary = await fixture.callJson("jira_sprint_summary", { sprintId: 2 });
    expect(summary).toMatchObject({
      committed: { issues: 12, points: 43, doneIssues: 3, donePoints: 9 },
      addedAfterStart: { issues: 0 },
      done: { issues: 3, points: 9 },
      notDoneYet: { issues: 9, points: 34 },
      completionPercent: 20.93,
    });
    expect(summary).not.toHaveProperty("carriedOver");
  });

  it("remembers the story-points field after its first lookup", async () => {
    await fixture.call("jira_sprint_summary", { sprintId: 1 });
    await fixture.call("jira_get_issue", { key: "FIN-2" });
    expect(fixture.server.requests.filter((r) => r.path === "/rest/api/3/field")).toHaveLength(0);
  });
});

describe("jira_sprint_summary when the field list fails", () => {
  it("says the story-points field could not be found, not that Jira found nothing", async () => {
    const fresh = await startJiraFixture(["FIN"]);
    try {
      fresh.server.failNext({ path: "/rest/api/3/field", status: 404 });
      const failure = fresh.call("jira_sprint_summary", { sprintId: 1 });
      await expect(failure).rejects.toThrow(/Could not find the story-points field/);
    } finally {
      await fresh.close();
    }
  });
});
