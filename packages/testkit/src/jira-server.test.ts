import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JiraServer, startJiraServer } from "./jira-server.ts";

let jira: JiraServer;
let auth: string;
beforeAll(async () => {
  jira = await startJiraServer();
  auth = `Basic ${Buffer.from(`${jira.email}:${jira.apiToken}`).toString("base64")}`;
});
afterAll(() => jira.close());

async function get(path: string, headers: Record<string, string> = { authorization: auth }) {
  const res = await fetch(`${jira.url}${path}`, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

async function post(path: string, body: unknown) {
  const res = await fetch(`${jira.url}${path}`, {
    method: "POST",
    headers: { authorization: auth, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>),
  };
}

const search = (jql: string, extra = "") =>
  get(`/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}${extra}`);
const keys = (body: Record<string, unknown>) => (body.issues as { key: string }[]).map((i) => i.key);

describe("the testkit Jira server", () => {
  it("asks for basic auth with the configured email and token", async () => {
    expect((await get("/rest/api/3/myself", {})).status).toBe(401);
    const wrong = `Basic ${Buffer.from(`${jira.email}:nope`).toString("base64")}`;
    expect((await get("/rest/api/3/myself", { authorization: wrong })).status).toBe(401);
    expect((await get("/rest/api/3/myself")).body).toMatchObject({ displayName: "Finchat Bot" });
  });

  it("evaluates JQL with AND binding tighter than OR, and parentheses", async () => {
    const loose = await search("key = SECRET-1 OR key = FIN-1 AND project = FIN ORDER BY key");
    expect(keys(loose.body)).toEqual(["FIN-1", "SECRET-1"]);
    const grouped = await search("(key = SECRET-1 OR key = FIN-1) AND project = FIN");
    expect(keys(grouped.body)).toEqual(["FIN-1"]);
    const sprint = await search(
      'project = FIN AND sprint in openSprints() AND "Story Points" >= 5 ORDER BY key',
    );
    expect(keys(sprint.body)).toEqual(["FIN-4", "FIN-7", "FIN-13", "FIN-17"]);
  });

  it("pages with nextPageToken and returns only the requested fields (just ids by default)", async () => {
    const first = await search("project = OPS ORDER BY key", "&maxResults=5&fields=summary,status");
    expect(keys(first.body)).toEqual(["OPS-1", "OPS-2", "OPS-3", "OPS-4", "OPS-5"]);
    expect(Object.keys((first.body.issues as { fields: object }[])[0]?.fields ?? {})).toEqual([
      "summary",
      "status",
    ]);
    expect(first.body.isLast).toBe(false);
    const token = encodeURIComponent(String(first.body.nextPageToken));
    const second = await search("project = OPS ORDER BY key", `&maxResults=5&nextPageToken=${token}`);
    expect(keys(second.body)).toEqual(["OPS-6", "OPS-7", "OPS-8"]);
    expect(second.body).toMatchObject({ isLast: true });
    expect(second.body).not.toHaveProperty("nextPageToken");
    expect((second.body.issues as object[])[0]).not.toHaveProperty("fields");
    const elsewhere = await search("project = FIN", `&nextPageToken=${token}`);
    expect(elsewhere.status).toBe(400);
  });

  it("serves a sprint's issues at the documented Agile API path, offset-paged, and not the Software one", async () => {
    const first = await get("/rest/agile/1.0/sprint/2/issue?maxResults=5&fields=summary");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ startAt: 0, maxResults: 5, total: 12 });
    expect(keys(first.body)).toEqual(["FIN-4", "FIN-6", "FIN-7", "FIN-10", "FIN-13"]);
    const next = await get("/rest/agile/1.0/sprint/2/issue?maxResults=5&startAt=10");
    expect(keys(next.body)).toEqual(["FIN-19", "FIN-20"]);
    expect((await get("/rest/software/1.0/sprint/2/issue")).status).toBe(404);
  });

  it("answers JQL it cannot run with Jira's 400", async () => {
    expect((await search("project = NOPE")).body).toMatchObject({
      errorMessages: ["The value 'NOPE' does not exist for the field 'project'."],
    });
    expect((await search("project = FIN AND")).status).toBe(400);
  });

  it("answers 429 with Retry-After while throttled, then serves again", async () => {
    jira.throttle({ times: 1, retryAfterSeconds: 7 });
    const throttled = await get("/rest/api/3/myself");
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    expect(throttled.headers.get("x-ratelimit-remaining")).toBe("0");
    expect((await get("/rest/api/3/myself")).status).toBe(200);
  });

  it("validates writes as the v3 API does and changes its data", async () => {
    const plain = await post("/rest/api/3/issue", {
      fields: { project: { key: "FIN" }, issuetype: { name: "Task" }, summary: "x", description: "not ADF" },
    });
    expect(plain).toMatchObject({
      status: 400,
      body: { errors: { description: expect.stringContaining("Atlassian Document") } },
    });
    const badStart = await post("/rest/api/3/issue/FIN-3/worklog", {
      timeSpent: "1h",
      started: "2024-05-01T10:00:00Z",
    });
    expect(badStart.status).toBe(400);
    const moved = await post("/rest/api/3/issue/FIN-3/transitions", { transition: { id: "11" } });
    expect(moved.status).toBe(204);
    const after = await get("/rest/api/3/issue/FIN-3?fields=status,resolutiondate");
    expect(after.body).toMatchObject({ fields: { status: { name: "To Do" }, resolutiondate: null } });
  });
});
