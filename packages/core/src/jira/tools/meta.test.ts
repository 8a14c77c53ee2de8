import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JiraFixture, startJiraFixture } from "../test-support.ts";

let fixture: JiraFixture;
beforeAll(async () => {
  fixture = await startJiraFixture(["FIN", "OPS"]);
});
afterAll(() => fixture.close());

describe("jira_projects", () => {
  it("lists only the allowed projects", async () => {
    const result = await fixture.call("jira_projects", {});
    expect(JSON.parse(result.content).projects.map((p: { key: string }) => p.key)).toEqual(["FIN", "OPS"]);
    expect(result.citations?.map((c) => c.url)).toEqual([
      `${fixture.server.url}/browse/FIN`,
      `${fixture.server.url}/browse/OPS`,
    ]);
    expect(fixture.server.requests.at(-1)?.query.getAll("keys")).toEqual(["FIN", "OPS"]);
  });

  it("shows a project's lead, components and versions", async () => {
    expect(await fixture.callJson("jira_projects", { key: "fin" })).toMatchObject({
      key: "FIN",
      lead: "Alice Ledger",
      components: [
        { name: "Ledger", lead: "Alice Ledger" },
        { name: "Payments" },
        { name: "Reporting" },
        { name: "Reconciliation" },
      ],
      versions: [
        { name: "2024.1", released: true, release: "2024-03-29" },
        { name: "2024.2", released: true },
        { name: "2024.3", released: false, start: "2024-05-01", release: "2024-06-28" },
      ],
    });
    await expect(fixture.call("jira_projects", { key: "SECRET" })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});

describe("jira_transitions and jira_find_users", () => {
  it("lists the transitions available now", async () => {
    const result = await fixture.callJson("jira_transitions", { key: "FIN-6" });
    expect(result.transitions).toEqual([
      { id: "21", name: "Start progress", to: "In Progress", category: "In Progress" },
      { id: "31", name: "Review", to: "In Review", category: "In Progress" },
      { id: "41", name: "Done", to: "Done", category: "Done" },
    ]);
    await expect(fixture.call("jira_transitions", { key: "SECRET-3" })).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("finds people by name or email, leaving out app accounts", async () => {
    expect(await fixture.callJson("jira_find_users", { query: "carol" })).toEqual({
      query: "carol",
      users: [{ accountId: "5f0000000000000000000003", name: "Carol Treasury", active: true }],
    });
    const automation = await fixture.callJson("jira_find_users", { query: "automation" });
    expect(automation.users).toEqual([]);
  });
});
