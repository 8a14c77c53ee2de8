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

type Page = { issues: { key: string; summary?: string }[]; nextCursor?: string; note: string; jql: string };

async function readAll(jql: string, limit?: number): Promise<{ keys: string[]; pages: Page[] }> {
  const pages: Page[] = [];
  let cursor: string | undefined;
  do {
    const result = await fixture.call("jira_search", {
      jql,
      ...(limit ? { limit } : {}),
      ...(cursor ? { cursor } : {}),
    });
    expect(result.content.length).toBeLessThanOrEqual(OUTPUT_BUDGET_CHARS);
    const page = JSON.parse(result.content) as Page;
    expect(result.citations?.map((c) => c.label)).toEqual(page.issues.map((i) => i.key));
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 20);
  return { keys: pages.flatMap((p) => p.issues.map((i) => i.key)), pages };
}

describe("jira_search", () => {
  it("pages through every allowed issue to the end with its cursor", async () => {
    const { keys, pages } = await readAll("ORDER BY key", 20);
    expect(keys).toHaveLength(58);
    expect(new Set(keys).size).toBe(58);
    expect(keys.filter((k) => k.startsWith("SECRET"))).toEqual([]);
    expect(pages).toHaveLength(3);
    expect(pages[0]?.note).toContain(`cursor "${pages[0]?.nextCursor}"`);
    expect(pages.at(-1)?.note).toBe("This is the end of the list.");
    const sent = fixture.server.requests.map((r) => r.query);
    expect(sent.map((q) => q.get("jql"))).toEqual(Array(3).fill('project in ("FIN", "OPS") ORDER BY key'));
    expect(sent.map((q) => q.get("maxResults"))).toEqual(["20", "20", "20"]);
    expect(sent[0]?.getAll("fields")).toEqual([
      "summary",
      "status",
      "issuetype",
      "priority",
      "assignee",
      "updated",
    ]);
  });

  it("cuts a page to the output budget and continues right after the last issue shown", async () => {
    const original = fixture.server.state.issues.map((i) => i.summary);
    for (const issue of fixture.server.state.issues)
      issue.summary = `${issue.key} ${"long words ".repeat(20)}`;
    try {
      const { keys, pages } = await readAll("project = FIN ORDER BY key", 50);
      expect(keys).toEqual(Array.from({ length: 50 }, (_, i) => `FIN-${i + 1}`));
      expect(pages.length).toBeGreaterThan(1);
      expect(pages[0]?.issues.length).toBeLessThan(50);
    } finally {
      fixture.server.state.issues.forEach((issue, i) => {
        issue.summary = original[i] as string;
      });
    }
  });

  it("finds nothing outside the allowed projects, whatever the JQL asks for", async () => {
    const { keys } = await readAll("project = SECRET OR key = SECRET-1 OR key = FIN-1");
    expect(keys).toEqual(["FIN-1"]);
    expect(fixture.server.requests[0]?.query.get("jql")).toBe(
      '(project = SECRET OR key = SECRET-1 OR key = FIN-1) AND project in ("FIN", "OPS")',
    );
  });

  it("refuses JQL that would close the restriction's parenthesis, without calling Jira", async () => {
    await expect(
      fixture.call("jira_search", { jql: "status = Done) OR (project = SECRET" }),
    ).rejects.toMatchObject({
      code: "invalid_request",
    });
    expect(fixture.server.requests).toHaveLength(0);
  });

  it("passes Jira's own JQL error back, so the model can fix its query", async () => {
    await expect(fixture.call("jira_search", { jql: "colour = red" })).rejects.toMatchObject({
      code: "invalid_request",
      message: expect.stringContaining("Field 'colour' does not exist"),
    });
  });

  it("refuses a cursor from another query", async () => {
    const first = JSON.parse(
      (await fixture.call("jira_search", { jql: "project = FIN", limit: 5 })).content,
    ) as Page;
    await expect(
      fixture.call("jira_search", { jql: "project = OPS", cursor: first.nextCursor }),
    ).rejects.toMatchObject({ code: "invalid_request", message: expect.stringContaining("another query") });
  });
});
