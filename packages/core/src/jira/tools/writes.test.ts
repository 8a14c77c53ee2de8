import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ToolRegistry } from "../../agent/registry.ts";
import { adfToText } from "../adf.ts";
import { type JiraFixture, startJiraFixture } from "../test-support.ts";
import { creationMarker } from "./create-issue.ts";

let fixture: JiraFixture;
beforeAll(async () => {
  fixture = await startJiraFixture(["FIN", "OPS"]);
});
afterAll(() => fixture.close());
beforeEach(() => {
  fixture.server.requests.length = 0;
});

/** Runs a tool on arguments its schema would refuse, as a call stored before JIRA_PROJECTS changed. */
const runUnchecked = (name: string, args: Record<string, unknown>, idempotencyKey?: string) => {
  const tool = fixture.tools.find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  return tool.run(args, {
    userId: "user-1",
    signal: new AbortController().signal,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
};

const issue = (key: string) => fixture.server.state.issues.find((i) => i.key === key);
const creates = () =>
  fixture.server.requests.filter((r) => r.method === "POST" && r.path === "/rest/api/3/issue");

describe("jira_create_issue", () => {
  it("creates the issue with an ADF description, marked with the call's idempotency key", async () => {
    const result = await fixture.call(
      "jira_create_issue",
      {
        project: "fin",
        issueType: "Bug",
        summary: "Payment file rejected",
        description: "The bank rejected today's file.\n\nSee the attached log.",
        labels: ["payments"],
        priority: "High",
        parent: "FIN-21",
      },
      { idempotencyKey: "run-1:call-1" },
    );
    const { key, created } = JSON.parse(result.content);
    expect(created).toBe(true);
    const stored = issue(key);
    expect(stored).toMatchObject({
      projectKey: "FIN",
      summary: "Payment file rejected",
      priority: "High",
      parentKey: "FIN-21",
      labels: ["payments", creationMarker("run-1:call-1")],
      properties: { finchat: { idempotencyKey: "run-1:call-1", userId: "user-1" } },
    });
    expect(adfToText(stored?.description, 500)).toBe(
      "The bank rejected today's file.\nSee the attached log.",
    );
    expect(result.citations).toEqual([
      { kind: "jira", label: key, url: `${fixture.server.url}/browse/${key}` },
    ]);
  });

  it("creates once per idempotency key: running the call again finds the issue it made", async () => {
    const args = { project: "OPS", summary: "Chase the missing invoice" };
    const first = await fixture.callJson("jira_create_issue", args, { idempotencyKey: "run-2:call-1" });
    const again = await fixture.callJson("jira_create_issue", args, { idempotencyKey: "run-2:call-1" });
    expect(again).toMatchObject({ created: false, key: first.key });
    const other = await fixture.callJson("jira_create_issue", args, { idempotencyKey: "run-3:call-1" });
    expect(other.key).not.toBe(first.key);
    expect(creates()).toHaveLength(2);
    expect(fixture.server.state.issues.filter((i) => i.summary === args.summary)).toHaveLength(2);
  });

  it("refuses a project outside the allow-list without calling Jira", async () => {
    await expect(
      runUnchecked(
        "jira_create_issue",
        { project: "SECRET", issueType: "Task", summary: "Raise my salary" },
        "k",
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      runUnchecked("jira_create_issue", {
        project: "FIN",
        issueType: "Task",
        summary: "Sub-task",
        parent: "SECRET-1",
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(fixture.server.requests).toHaveLength(0);
  });

  it("passes Jira's field errors back", async () => {
    await expect(
      fixture.call("jira_create_issue", { project: "FIN", issueType: "Saga", summary: "x" }),
    ).rejects.toMatchObject({ code: "invalid_request", message: expect.stringContaining("issuetype") });
  });
});

describe("jira_add_comment, jira_transition_issue, jira_log_work", () => {
  it("adds a comment as ADF", async () => {
    const result = await fixture.callJson("jira_add_comment", { key: "FIN-14", body: "Bank file resent." });
    const comment = issue("FIN-14")?.comments.at(-1);
    expect(result).toEqual({ key: "FIN-14", commentId: comment?.id, added: true });
    expect(adfToText(comment?.body, 100)).toBe("Bank file resent.");
  });

  it("moves an issue by transition name, target status or id, with a comment", async () => {
    await fixture.call("jira_transition_issue", {
      key: "FIN-17",
      transition: "in progress",
      comment: "Starting.",
    });
    expect(issue("FIN-17")).toMatchObject({ statusId: "3", resolved: null });
    expect(adfToText(issue("FIN-17")?.comments.at(-1)?.body, 100)).toBe("Starting.");
    const done = await fixture.callJson("jira_transition_issue", { key: "FIN-17", transition: "41" });
    expect(done).toMatchObject({ transition: "Done", status: "Done" });
    expect(issue("FIN-17")?.resolved).not.toBeNull();
  });

  it("names the available transitions when the one asked for does not exist", async () => {
    await expect(
      fixture.call("jira_transition_issue", { key: "FIN-19", transition: "Archive" }),
    ).rejects.toMatchObject({
      code: "invalid_request",
      message: expect.stringContaining("Start progress (id 21) → In Progress"),
    });
    expect(fixture.server.requests.filter((r) => r.method === "POST")).toHaveLength(0);
  });

  it("logs work with a start time in Jira's format", async () => {
    const result = await fixture.callJson("jira_log_work", {
      key: "FIN-18",
      timeSpent: "1h 30m",
      started: "2024-05-21T09:15:00+02:00",
      comment: "Matched 40 lines.",
    });
    const worklog = issue("FIN-18")?.worklogs.at(-1);
    expect(result).toEqual({ key: "FIN-18", worklogId: worklog?.id, timeSpent: "1h 30m" });
    expect(worklog).toMatchObject({ timeSpentSeconds: 5400, started: "2024-05-21T07:15:00.000Z" });
    expect(fixture.server.requests.at(-1)?.body).toMatchObject({ started: "2024-05-21T07:15:00.000+0000" });
  });

  it("refuse issues of other projects", async () => {
    for (const [name, args] of [
      ["jira_add_comment", { key: "SECRET-1", body: "hi" }],
      ["jira_transition_issue", { key: "SECRET-1", transition: "Done" }],
      ["jira_log_work", { key: "SECRET-1", timeSpent: "1h" }],
    ] as const) {
      await expect(runUnchecked(name, args)).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(fixture.server.requests).toHaveLength(0);
  });
});

describe("the tool set", () => {
  it("marks exactly the four writes as needing approval", () => {
    expect(fixture.tools.filter((t) => t.kind === "write").map((t) => t.name)).toEqual([
      "jira_create_issue",
      "jira_add_comment",
      "jira_transition_issue",
      "jira_log_work",
    ]);
  });
});

describe("writes outside JIRA_PROJECTS", () => {
  it("are refused while the call is validated, before anyone is asked to approve them", () => {
    // The agent loop validates every call with the registry before it asks for an approval.
    const registry = new ToolRegistry(fixture.tools);
    const refusals = [
      registry.validate("jira_create_issue", { project: "SECRET", summary: "Raise for the payroll team" }),
      registry.validate("jira_create_issue", { project: "FIN", summary: "A sub-task", parent: "SECRET-1" }),
      registry.validate("jira_add_comment", { key: "SECRET-1", body: "Hello" }),
      registry.validate("jira_transition_issue", { key: "SECRET-1", transition: "Done" }),
      registry.validate("jira_log_work", { key: "SECRET-1", timeSpent: "1h" }),
    ];
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ ok: false, error: expect.stringMatching(/not allowed to access/) });
    }
    expect(registry.validate("jira_create_issue", { project: "fin", summary: "Fine" })).toMatchObject({
      ok: true,
    });
    expect(fixture.server.requests).toHaveLength(0);
  });
});
