import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubServer, startGitHubServer } from "./github-server.ts";

let server: GitHubServer;
const auth = { authorization: "token test-token" };
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers: { ...auth, ...headers } });

beforeAll(async () => {
  server = await startGitHubServer({ token: "test-token" });
});
afterAll(() => server.close());

describe("testkit GitHub server", () => {
  it("answers 304 to a matching If-None-Match without spending the rate limit", async () => {
    const first = await get("/repos/acme/ledger");
    const etag = first.headers.get("etag") ?? "";
    const remaining = Number(first.headers.get("x-ratelimit-remaining"));
    const again = await get("/repos/acme/ledger", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(Number(again.headers.get("x-ratelimit-remaining"))).toBe(remaining);
    const changed = await get("/repos/acme/ledger", { "if-none-match": 'W/"other"' });
    expect(changed.status).toBe(200);
    expect(Number(changed.headers.get("x-ratelimit-remaining"))).toBe(remaining - 1);
  });

  it("serves recorded fixtures with link headers pointing at itself", async () => {
    const res = await get("/repos/octokit-fixture-org/paginate-issues/issues?per_page=3");
    expect(res.status).toBe(200);
    expect(res.headers.get("link")).toContain(
      `<${server.url}/repositories/1000/issues?per_page=3&page=2>; rel="next"`,
    );
    expect(res.headers.get("link")).not.toContain("api.github.com");
    const next = await get("/repositories/1000/issues?per_page=3&page=5");
    expect(((await next.json()) as unknown[]).length).toBeGreaterThan(0);
  });

  it("paginates the generated repository with next and last links", async () => {
    const res = await get("/repos/acme/ledger/issues?state=all&per_page=10&page=3");
    const body = (await res.json()) as { number: number }[];
    expect(body).toHaveLength(7);
    expect(res.headers.get("link")).toContain('rel="prev"');
    expect(res.headers.get("link")).not.toContain('rel="next"');
  });

  it("compares diverged branches and serves a commit SHA for the sha media type", async () => {
    const res = await get("/repos/acme/ledger/compare/main...feature/FIN-42-accruals");
    const body = (await res.json()) as {
      status: string;
      ahead_by: number;
      behind_by: number;
      files: { filename: string }[];
    };
    expect(body).toMatchObject({ status: "diverged", ahead_by: 2, behind_by: 3 });
    expect(body.files.map((f) => f.filename)).toContain("src/accruals.ts");
    const sha = await get("/repos/acme/ledger/commits/main", { accept: "application/vnd.github.sha" });
    expect(await sha.text()).toBe(server.model.branches.get("main"));
  });

  it("fails the next request with a secondary limit and Retry-After, then recovers", async () => {
    server.failNext({ status: 429, retryAfter: 2 });
    const limited = await get("/repos/acme/ledger/tags");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(((await limited.json()) as { message: string }).message).toMatch(/secondary rate limit/);
    expect((await get("/repos/acme/ledger/tags")).status).toBe(200);
  });

  it("refuses requests once a bucket is spent, until its reset", async () => {
    server.setRateLimit("search", { remaining: 0, resetInSeconds: 60 });
    const res = await get("/search/issues?q=close+repo:acme/ledger");
    expect(res.status).toBe(403);
    expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
    server.setRateLimit("search", { remaining: 30 });
  });

  it("rejects a wrong token and records requests with their bodies", async () => {
    expect(
      (await fetch(`${server.url}/repos/acme/ledger`, { headers: { authorization: "token nope" } })).status,
    ).toBe(401);
    const posted = await fetch(`${server.url}/repos/acme/ledger/issues/1/comments`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ body: "hello" }),
    });
    expect(posted.status).toBe(201);
    expect(server.requests.at(-1)).toMatchObject({ method: "POST", body: { body: "hello" }, status: 201 });
    expect(server.model.issues[0]?.comments.at(-1)?.body).toBe("hello");
  });
});
