import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchAll } from "./search.ts";
import { type JiraFixture, startJiraFixture } from "./test-support.ts";

let fixture: JiraFixture;
beforeAll(async () => {
  fixture = await startJiraFixture();
});
afterAll(() => fixture.close());

const searches = () => fixture.server.requests.filter((r) => r.path === "/rest/api/3/search/jql");

describe("searchAll", () => {
  it("follows nextPageToken to the last page, asking only for the named fields", async () => {
    const before = searches().length;
    const { issues, complete } = await searchAll(
      fixture.client.api(),
      { jql: 'project = "FIN" ORDER BY key', fields: ["summary"], maxResults: 7 },
      1000,
    );
    expect(complete).toBe(true);
    expect(issues.map((i) => i.key)).toEqual(Array.from({ length: 50 }, (_, i) => `FIN-${i + 1}`));
    const sent = searches().slice(before);
    expect(sent).toHaveLength(8);
    expect(sent[0]?.query.get("nextPageToken")).toBeNull();
    expect(sent.slice(1).every((r) => r.query.get("nextPageToken"))).toBe(true);
    expect(sent.every((r) => r.query.getAll("fields").join(",") === "summary")).toBe(true);
    expect(Object.keys(issues[0]?.fields ?? {})).toEqual(["summary"]);
  });

  it("stops at the cap and says the list is incomplete", async () => {
    const before = searches().length;
    const { issues, complete } = await searchAll(
      fixture.client.api(),
      { jql: 'project = "FIN"', fields: ["summary"], maxResults: 7 },
      10,
    );
    expect(complete).toBe(false);
    expect(issues).toHaveLength(10);
    expect(searches().length - before).toBe(2);
  });
});
