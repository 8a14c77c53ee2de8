import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FINANCE_DEMO_PEOPLE, FINANCE_DEMO_WORKLOGS, financeDemoEpics } from "./jira-finance-demo.ts";
import { findIssue, type JiraState } from "./jira-model.ts";
import { type JiraServer, startJiraServer } from "./jira-server.ts";

const basic = (server: JiraServer) =>
  `Basic ${Buffer.from(`${server.email}:${server.apiToken}`).toString("base64")}`;

/** Every work log as [issue, author, local day, started, offset, seconds], in site order. */
function worklogs(state: JiraState) {
  return state.issues.flatMap((issue) =>
    issue.worklogs.map((w) => {
      const offset = w.startedOffset ?? "+00:00";
      const sign = offset.startsWith("-") ? -1 : 1;
      const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
      const local = new Date(Date.parse(w.started) + minutes * 60_000).toISOString().slice(0, 10);
      return {
        issue: issue.key,
        author: w.authorId,
        local,
        started: w.started,
        offset,
        seconds: w.timeSpentSeconds,
      };
    }),
  );
}

/** The epic a work log's issue rolls up to (a sub-task through its story). */
function epicOf(state: JiraState, key: string): string | null {
  let issue = findIssue(state, key);
  while (issue) {
    if (issue.typeId === "10000") return issue.key;
    issue = issue.parentKey ? findIssue(state, issue.parentKey) : undefined;
  }
  return null;
}

let plain: JiraServer;
let demo: JiraServer;
let again: JiraServer;

beforeAll(async () => {
  [plain, demo, again] = await Promise.all([
    startJiraServer(),
    startJiraServer({ financeDemo: true }),
    startJiraServer({ financeDemo: true }),
  ]);
});

afterAll(async () => {
  await Promise.all([plain?.close(), demo?.close(), again?.close()]);
});

describe("the finance demo dataset (opt-in)", () => {
  it("is absent from the default site", () => {
    expect(findIssue(plain.state, "FIN-100")).toBeUndefined();
    expect(plain.state.users.some((u) => u.accountId === FINANCE_DEMO_PEOPLE.frank.accountId)).toBe(false);
    const demoKeys = new Set(demo.state.issues.map((i) => i.key));
    const plainKeys = plain.state.issues.map((i) => i.key);
    expect(plainKeys.every((k) => demoKeys.has(k))).toBe(true);
    expect(worklogs(demo.state).length - worklogs(plain.state).length).toBe(FINANCE_DEMO_WORKLOGS);
  });

  it("is the same on every start (seeded)", () => {
    const strip = (state: JiraState) => worklogs(state);
    expect(strip(again.state)).toEqual(strip(demo.state));
  });

  it("has 3–4 epics per project with stories and sub-tasks, and work with no epic", () => {
    const epics = financeDemoEpics();
    expect(epics.filter((e) => e.projectKey === "FIN").map((e) => e.key)).toEqual([
      "FIN-100",
      "FIN-110",
      "FIN-120",
      "FIN-130",
    ]);
    expect(epics.filter((e) => e.projectKey === "OPS")).toHaveLength(3);
    const added = worklogs(demo.state).filter((w) => /^(FIN|OPS)-1\d\d$/.test(w.issue));
    expect(added).toHaveLength(FINANCE_DEMO_WORKLOGS);
    const subtask = findIssue(demo.state, "FIN-104");
    expect(subtask).toMatchObject({ typeId: "10004", parentKey: "FIN-101" });
    expect(epicOf(demo.state, "FIN-104")).toBe("FIN-100");
    const byEpic = new Map<string | null, number>();
    for (const w of added)
      byEpic.set(epicOf(demo.state, w.issue), (byEpic.get(epicOf(demo.state, w.issue)) ?? 0) + 1);
    for (const epic of epics) expect(byEpic.get(epic.key) ?? 0, epic.key).toBeGreaterThan(10);
    expect(byEpic.get(null) ?? 0).toBeGreaterThan(10);
    expect(added.some((w) => findIssue(demo.state, w.issue)?.typeId === "10004")).toBe(true);
  });

  it("is logged by eight people in their own time zones, mostly in 2024-Q3 and some either side", () => {
    const added = worklogs(demo.state).filter((w) => /^(FIN|OPS)-1\d\d$/.test(w.issue));
    expect(new Set(added.map((w) => w.author)).size).toBe(8);
    expect(new Set(added.map((w) => w.offset)).size).toBe(8);
    const q3 = added.filter((w) => w.local >= "2024-07-01" && w.local <= "2024-09-30").length;
    const before = added.filter((w) => w.local < "2024-07-01").length;
    const after = added.filter((w) => w.local > "2024-09-30").length;
    expect(q3).toBeGreaterThan(480);
    expect(before).toBeGreaterThan(10);
    expect(after).toBeGreaterThan(10);
    const hana = added.filter((w) => w.author === FINANCE_DEMO_PEOPLE.hana.accountId);
    expect(hana.length).toBeGreaterThan(10);
    expect(hana.every((w) => w.local >= "2024-08-05")).toBe(true);
    // The quarter's edges: the logger's day and UTC's differ.
    const edge = added.find(
      (w) => w.issue === "FIN-111" && w.local === "2024-07-01" && w.offset === "+10:00",
    );
    expect(edge?.started.slice(0, 10)).toBe("2024-06-30");
    const late = added.find(
      (w) => w.issue === "FIN-101" && w.local === "2024-09-30" && w.offset === "-07:00",
    );
    expect(late?.started.slice(0, 10)).toBe("2024-10-01");
  });

  it("serves the demo's issues and people over the API", async () => {
    const res = await fetch(`${demo.url}/rest/api/3/issue/FIN-104?fields=summary,parent,worklog`, {
      headers: { authorization: basic(demo) },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { fields: { parent: { key: string }; worklog: { total: number } } };
    expect(body.fields.parent.key).toBe("FIN-101");
    const users = await fetch(`${demo.url}/rest/api/3/user/search?query=hana`, {
      headers: { authorization: basic(demo) },
    });
    expect(users.status).toBe(200);
    expect(((await users.json()) as { displayName: string }[]).map((u) => u.displayName)).toEqual([
      "Hana Contractor",
    ]);
  });
});
