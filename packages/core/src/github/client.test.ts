import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRedis } from "../redis.ts";
import { createGitHubClient, webUrlFor } from "./client.ts";
import { type GitHubHarness, startGitHubHarness, TEST_TIMING } from "./test-support.ts";

let h: GitHubHarness;
beforeAll(async () => {
  h = await startGitHubHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.server.requests.length = 0;
});

const repo = { owner: "acme", repo: "ledger" };

describe("ETag cache", () => {
  it("sends If-None-Match on a repeat read and serves the cached body on 304", async () => {
    const client = h.client();
    const first = await client.withLabel("t", () => client.octokit.rest.repos.get(repo));
    const again = await client.withLabel("t", () => client.octokit.rest.repos.get(repo));
    expect(again.data).toEqual(first.data);
    expect(again.status).toBe(200);
    expect(h.server.requests.map((r) => r.status)).toEqual([200, 304]);
    expect(h.server.requests[1]?.ifNoneMatch).toBe(first.headers.etag);
    expect(client.callStats().t).toEqual({ requests: 2, reads: 2, notModified: 1, errors: 0 });
  });

  it("does not keep blob bodies: they are named by their content", async () => {
    const client = h.client();
    const { data: tree } = await client.octokit.rest.git.getTree({
      ...repo,
      tree_sha: "main",
      recursive: "1",
    });
    const blob = tree.tree.find((entry) => entry.type === "blob");
    if (!blob?.sha) throw new Error("the testkit repository has no blob");
    await client.octokit.rest.git.getBlob({ ...repo, file_sha: blob.sha });
    await client.octokit.rest.git.getBlob({ ...repo, file_sha: blob.sha });
    const blobReads = h.server.requests.filter((r) => r.url.includes("/git/blobs/"));
    expect(blobReads.map((r) => [r.status, r.ifNoneMatch])).toEqual([
      [200, undefined],
      [200, undefined],
    ]);
  });

  it("keeps entries apart per token", async () => {
    await h.client().octokit.rest.repos.listTags(repo);
    await h.client({ token: "another-token" }).octokit.rest.repos.listTags(repo);
    expect(h.server.requests.map((r) => r.ifNoneMatch)).toEqual([undefined, undefined]);
  });

  it("still answers when Redis is unreachable", async () => {
    const deadRedis = createRedis("redis://127.0.0.1:1", { lazyConnect: true, retryStrategy: () => null });
    const client = createGitHubClient({
      config: { token: "t", apiUrl: h.server.url, allow: ["acme/ledger"], writes: false },
      redis: deadRedis,
      logger: (await import("../observability/logger.ts")).createLogger({ level: "silent", service: "t" }),
      timing: TEST_TIMING,
    });
    const { data } = await client.octokit.rest.repos.get(repo);
    expect(data.full_name).toBe("acme/ledger");
    deadRedis.disconnect();
  });
});

describe("limits and retries", () => {
  it("waits for Retry-After on a 429 before the next request", async () => {
    h.server.failNext({ status: 429, retryAfter: 1, path: "/branches" });
    const { data } = await h.client().octokit.rest.repos.listBranches(repo);
    expect(data.length).toBeGreaterThan(0);
    const [limited, retried] = h.server.requests;
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it("backs off on a 403 secondary limit and succeeds", async () => {
    h.server.failNext({ status: 403, path: "/releases" });
    const { data } = await h.client().octokit.rest.repos.listReleases(repo);
    expect(data.length).toBe(3);
    expect(h.server.requests.map((r) => r.status)).toEqual([403, 200]);
  });

  it("waits for x-ratelimit-reset when the limit is spent and resets soon", async () => {
    const resetAt = (Math.floor(Date.now() / 1000) + 1) * 1000;
    h.server.setRateLimit("core", { remaining: 0, resetInSeconds: 1 });
    await h.client().octokit.rest.repos.listBranches({ ...repo, per_page: 3 });
    const [spent, retried] = h.server.requests;
    expect([spent?.status, retried?.status]).toEqual([403, 200]);
    expect(retried?.at ?? 0).toBeGreaterThanOrEqual(resetAt);
  });

  it("fails with rate_limited and the reset time when the limit resets too late", async () => {
    h.server.setRateLimit("core", { remaining: 0, resetInSeconds: 3600 });
    const client = h.client();
    await expect(client.octokit.rest.repos.get(repo)).rejects.toMatchObject({ status: 403 });
    h.server.setRateLimit("core", { remaining: 5000, resetInSeconds: 3600 });
    expect(h.server.requests).toHaveLength(1);
    expect(client.rateLimits().core?.remaining).toBe(0);
  });

  it("retries a 5xx but never a 4xx other than 429", async () => {
    const client = h.client();
    h.server.failNext({ status: 502, path: "/tags" });
    await client.octokit.rest.repos.listTags({ ...repo, per_page: 2 });
    expect(h.server.requests.map((r) => r.status)).toEqual([502, 200]);
    h.server.requests.length = 0;
    h.server.failNext({ status: 409, path: "/tags" });
    await expect(client.octokit.rest.repos.listTags(repo)).rejects.toMatchObject({ status: 409 });
    expect(h.server.requests).toHaveLength(1);
  });

  it("does not retry a request whose run was cancelled", async () => {
    const client = h.client({}, { retryBaseMs: 1000 });
    const cancelled = new AbortController();
    cancelled.abort();
    const started = Date.now();
    await expect(
      client.octokit.rest.repos.get({ ...repo, request: { signal: cancelled.signal } }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(500);
    expect(h.server.requests).toHaveLength(0);
  });

  it("runs mutations one at a time", async () => {
    const client = h.client({}, { writeMinTimeMs: 100 });
    const post = (body: string) =>
      client.octokit.rest.issues.createComment({ ...repo, issue_number: 2, body });
    await Promise.all([post("one"), post("two")]);
    const [a, b] = h.server.requests;
    expect((b?.at ?? 0) - (a?.at ?? 0)).toBeGreaterThanOrEqual(90);
  });

  it("exposes the remaining rate limit per resource", async () => {
    const client = h.client();
    await client.octokit.rest.search.issuesAndPullRequests({ q: "close repo:acme/ledger" });
    await client.octokit.rest.repos.get(repo);
    const limits = client.rateLimits();
    expect(limits.search?.limit).toBe(30);
    expect(limits.core?.remaining).toBeLessThan(5000);
  });
});

describe("allow-list", () => {
  it("refuses a repository outside the list before any request", async () => {
    const client = h.client();
    await expect(client.octokit.rest.repos.get({ owner: "acme", repo: "payroll" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(client.octokit.rest.search.code({ q: "password" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      client.octokit.rest.search.code({ q: "x repo:acme/ledger repo:evil/repo" }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(client.octokit.rest.users.getAuthenticated()).rejects.toMatchObject({ code: "forbidden" });
    expect(h.server.requests).toHaveLength(0);
  });

  it("follows rewritten pagination links of a recorded scenario to the end", async () => {
    const client = h.client();
    const issues = await client.octokit.paginate(client.octokit.rest.issues.listForRepo, {
      owner: "octokit-fixture-org",
      repo: "paginate-issues",
      per_page: 3,
    });
    expect(h.server.requests).toHaveLength(5);
    expect(h.server.requests.slice(1).every((r) => r.url.startsWith("/repositories/1000/issues"))).toBe(true);
    expect(issues.length).toBe(13);
  });
});

describe("webUrlFor", () => {
  it("maps API roots to web roots", () => {
    expect(webUrlFor("https://api.github.com")).toBe("https://github.com");
    expect(webUrlFor("https://ghe.example.com/api/v3")).toBe("https://ghe.example.com");
    expect(webUrlFor("http://127.0.0.1:4000")).toBe("http://127.0.0.1:4000");
  });
});
