import { type JiraServer, startJiraServer } from "@finchat/testkit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decideApproval } from "../agent/approvals.ts";
import { ToolRegistry } from "../agent/registry.ts";
import type { Tool } from "../agent/tool.ts";
import { openTurnFixture, type TurnFixture } from "../agent/turn-fixture.ts";
import { addTestUser, openTestDatabase, type TestDatabase } from "../db/test-database.ts";
import { type GitHubHarness, startGitHubHarness } from "../github/test-support.ts";
import { createJiraClient, type JiraClient } from "../jira/client.ts";
import { createLogger } from "../observability/logger.ts";
import * as Policy from "./policy.ts";
import { buildCapReport } from "./report.ts";
import { seedQuarter, seedWorklogs } from "./test-support.ts";
import { capitalisationTools } from "./tools.ts";

let jiraServer: JiraServer;
let jira: JiraClient;
let github: GitHubHarness;
beforeAll(async () => {
  jiraServer = await startJiraServer();
  jira = createJiraClient({
    config: {
      host: jiraServer.url,
      email: jiraServer.email,
      apiToken: jiraServer.apiToken,
      projects: ["FIN", "OPS"],
    },
    logger: createLogger({ level: "silent", service: "test" }),
  });
  github = await startGitHubHarness();
});
afterAll(async () => {
  await jiraServer.close();
  await github.close();
});

let t: TestDatabase;
let adminId: string;
let memberId: string;
beforeEach(async () => {
  t = await openTestDatabase();
  adminId = (await addTestUser(t.db, "Finance")).id;
  memberId = (await addTestUser(t.db, "Engineer")).id;
  await seedQuarter(t.db, adminId);
});
afterEach(async () => {
  await t.close();
});

function tools(withGitHub = false): Map<string, Tool> {
  const list = capitalisationTools({
    db: t.db,
    jira,
    projects: ["FIN", "OPS"],
    ...(withGitHub ? { github: github.client() } : {}),
  });
  return new Map(list.map((tool) => [tool.name, tool]));
}

async function call(name: string, args: unknown, userId = adminId, withGitHub = false) {
  const tool = tools(withGitHub).get(name) as Tool;
  return tool.run(tool.input.parse(args), { userId, signal: new AbortController().signal });
}

describe("capitalisation_report", () => {
  it("gives the same figures as buildCapReport, with worklog ids and citations to each worklog", async () => {
    const result = await call("capitalisation_report", { period: "2026-Q3", projects: ["fin"] });
    const content = JSON.parse(result.content);
    const report = await buildCapReport(t.db, { from: "2026-07-01", to: "2026-09-30", projects: ["FIN"] });
    expect(content.totals).toEqual(report.totals);
    const rows = (columns: string[], list: unknown[][]) =>
      list.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
    const flat = (s: (typeof report.epics)[number] | (typeof report.people)[number]) => ({
      capitalisableHours: s.capitalisable.hours,
      capitalisableCost: s.capitalisable.cost,
      expensedHours: s.expensed.hours,
      expensedCost: s.expensed.cost,
      unclassifiedHours: s.unclassified.hours,
      unclassifiedCost: s.unclassified.cost,
      unratedHours: s.unratedHours,
      worklogs: s.worklogs,
    });
    expect(rows(content.epicColumns, content.epics)).toEqual(
      report.epics.map((e) => ({
        epicKey: e.epicKey,
        summary: e.summary,
        developmentFrom: e.phases?.developmentFrom ?? null,
        postImplementationFrom: e.phases?.postImplementationFrom ?? null,
        ...flat(e),
      })),
    );
    expect(rows(content.personColumns, content.people)).toEqual(
      report.people.map((p) => ({ accountId: p.accountId, name: p.name, role: p.role, ...flat(p) })),
    );
    expect(content.exceptions.unrated).toMatchObject({
      count: 1,
      first: [{ worklogId: "w6", hours: "1.00" }],
    });
    expect(content.exceptions.unclassified.count).toBe(2);
    expect(content.worklogIdsByEpic[0]).toEqual({
      epicKey: "FIN-1",
      expensed: ["w1", "w5", "w4"],
      capitalisable: ["w2", "w3"],
    });
    expect(content.omitted).toBeUndefined();
    expect(result.citations).toContainEqual({
      kind: "jira",
      label: "FIN-2 worklog w3",
      url: `${jiraServer.url}/browse/FIN-2?focusedWorklogId=w3`,
    });
    expect(result.citations).toContainEqual({
      kind: "jira",
      label: "FIN-1",
      url: `${jiraServer.url}/browse/FIN-1`,
    });
    expect(result.summary).toContain("330.00 USD capitalisable");
    expect(content.evidence).toBeUndefined();
  });

  it("adds each epic's pull requests from GitHub by the keys of its issues", async () => {
    // The testkit repository acme/ledger has a pull request titled "FIN-42: accrual engine".
    await seedWorklogs(
      t.db,
      [{ key: "FIN-42", epicKey: "FIN-1" }],
      [{ id: "g1", issueId: "id-FIN-42", workDate: "2026-08-10", seconds: 3600 }],
    );
    const content = JSON.parse(
      (await call("capitalisation_report", { period: "2026-Q3", projects: ["FIN"] }, adminId, true)).content,
    );
    const fin1 = content.evidence.find((e: { epicKey: string }) => e.epicKey === "FIN-1");
    expect(fin1.pulls).toEqual([expect.stringMatching(/^acme\/ledger#\d+ FIN-42: accrual engine$/)]);
    const fin30 = content.evidence.find((e: { epicKey: string }) => e.epicKey === "FIN-30");
    // ... and commits by message: FIN-30's issue FIN-31 is named in one.
    expect(fin30.pulls).toEqual([]);
    expect(fin30.commits).toContainEqual(expect.stringMatching(/^acme\/ledger@[0-9a-f]{7} FIN-31: /));
    expect(fin30.commits.join(" ")).not.toMatch(/FIN-42/);
  });

  it("tells the model a member lacks the finance role", async () => {
    await expect(call("capitalisation_report", { period: "2026-Q3" }, memberId)).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringContaining("lacks the finance role"),
    });
  });
});

describe("capitalisation_classify", () => {
  it("refuses a member and changes nothing", async () => {
    await expect(
      call("capitalisation_classify", { change: "include_issue", key: "FIN-4" }, memberId),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await Policy.getPolicy(t.db, "FIN"))?.rules.include).toEqual(["FIN-20"]);
  });

  it("refuses bad calls while they are validated, before anyone is asked to approve them", () => {
    const registry = new ToolRegistry([...tools().values()]);
    for (const args of [
      { change: "include_issue", key: "SECRET-1" },
      { change: "set_phases", key: "FIN-1", developmentFrom: "2026-07-01" },
      {
        change: "set_phases",
        key: "FIN-1",
        developmentFrom: "2026-07-01",
        postImplementationFrom: "2026-07-01",
      },
      { change: "add_epic", key: "FIN-1", developmentFrom: "2026-07-01" },
      { change: "rename", key: "FIN-1" },
    ]) {
      expect(registry.validate("capitalisation_classify", args)).toMatchObject({ ok: false });
    }
  });

  it("moves an issue between the explicit lists and sets phases, each with an audit row", async () => {
    await call("capitalisation_classify", { change: "exclude_issue", key: "FIN-20" });
    expect((await Policy.getPolicy(t.db, "FIN"))?.rules).toMatchObject({
      include: [],
      exclude: ["FIN-3", "FIN-20"],
    });
    await call("capitalisation_classify", {
      change: "set_phases",
      key: "FIN-10",
      developmentFrom: "2026-07-01",
      postImplementationFrom: null,
    });
    expect(await Policy.getEpicPhases(t.db, "FIN-10")).toMatchObject({
      developmentFrom: "2026-07-01",
      updatedBy: adminId,
    });
    const [phases, policy] = await Policy.listAudit(t.db, 2);
    expect(phases).toMatchObject({ entity: "epic_phases", key: "FIN-10", action: "create", userId: adminId });
    expect(policy).toMatchObject({ entity: "policy", key: "FIN", action: "update", userId: adminId });
  });
});

describe("capitalisation_classify in a chat turn", () => {
  let f: TurnFixture;
  afterEach(async () => {
    await f.close();
  });

  it("waits for approval, then applies the change with the approving person in the audit", async () => {
    f = await openTurnFixture();
    await Policy.putPolicy(
      f.t.db,
      "FIN",
      {
        currency: "USD",
        rules: { epics: [], issueTypes: [], labels: [], components: [], include: [], exclude: [] },
      },
      f.userId,
    );
    const registry = new ToolRegistry(capitalisationTools({ db: f.t.db, jira, projects: ["FIN"] }));
    f.server.enqueue({
      toolCalls: [{ name: "capitalisation_classify", arguments: { change: "add_epic", key: "FIN-1" } }],
    });
    const runId = await f.ask("Treat FIN-1 as capitalisable R&D");
    const outcome = await f.turn(runId, { registry });
    expect(outcome.status).toBe("awaiting_approval");
    expect((await Policy.getPolicy(f.t.db, "FIN"))?.rules.epics).toEqual([]);
    expect(await Policy.listAudit(f.t.db)).toHaveLength(1);

    const { argsHash } = (outcome as { pending: { argsHash: string } }).pending;
    await decideApproval(f.t.db, {
      userId: f.userId,
      runId,
      callId: "call_1_0",
      decision: "approve",
      argsHash,
    });
    f.server.enqueue({ text: "FIN-1 is now in scope." });
    expect(await f.turn(runId, { registry })).toMatchObject({ status: "completed" });
    expect((await Policy.getPolicy(f.t.db, "FIN"))?.rules.epics).toEqual(["FIN-1"]);
    const [latest] = await Policy.listAudit(f.t.db, 1);
    expect(latest).toMatchObject({
      entity: "policy",
      action: "update",
      userId: f.userId,
      after: { rules: { epics: ["FIN-1"] } },
    });
  });
});
