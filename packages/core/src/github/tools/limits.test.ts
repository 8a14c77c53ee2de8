import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ToolRegistry } from "../../agent/registry.ts";
import { type GitHubHarness, startGitHubHarness, toolbox } from "../test-support.ts";

let h: GitHubHarness;
beforeAll(async () => {
  h = await startGitHubHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.server.requests.length = 0;
});

/** Minimal arguments for each tool, aimed at a repository outside the allow-list. */
const outside: Record<string, Record<string, unknown>> = {
  github_get_repository: {},
  github_get_tree: {},
  github_get_file: { path: "README.md" },
  github_search_code: { query: "password" },
  github_list_commits: {},
  github_get_commit: { sha: "main" },
  github_compare: { base: "a", head: "b" },
  github_search_issues: { query: "x" },
  github_list_issues: {},
  github_get_issue: { number: 1 },
  github_list_pull_requests: {},
  github_get_pull_request: { number: 1 },
  github_list_releases: {},
  github_list_tags: {},
  github_list_branches: {},
  github_comment: { number: 1, body: "hi" },
};

describe("allow-list", () => {
  it("refuses every tool on a repository outside the list without calling GitHub", async () => {
    const box = toolbox(h.client(), true);
    for (const [name, args] of Object.entries(outside)) {
      if (box.tools.get(name)?.kind === "write") continue; // refused earlier, below
      await expect(box.call(name, { repo: "acme/payroll", ...args }), name).rejects.toMatchObject({
        code: "forbidden",
        message: expect.stringContaining("acme/payroll is not in the GitHub allow-list"),
      });
    }
    expect([...box.tools.keys()].filter((name) => !(name in outside))).toEqual([
      "github_code_changes_for_issue",
    ]);
    expect(h.server.requests).toHaveLength(0);
  });

  it("allows a whole owner with owner/*", async () => {
    const box = toolbox(h.client({ allow: ["ACME/*"] }));
    expect(await box.json("github_get_repository", { repo: "acme/ledger" })).toMatchObject({
      repository: "acme/ledger",
    });
    await expect(box.call("github_code_changes_for_issue", { key: "FIN-1" })).rejects.toMatchObject({
      code: "invalid_request",
    });
  });
});

describe("rate limits", () => {
  it("honours Retry-After on a 429: no request before it passes", async () => {
    h.server.failNext({ status: 429, retryAfter: 1, path: "/releases" });
    const box = toolbox(h.client());
    const body = await box.json("github_list_releases", { repo: "acme/ledger" });
    expect((body.items as unknown[]).length).toBe(3);
    const [limited, retried] = h.server.requests;
    expect(limited?.status).toBe(429);
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it("fails with rate_limited and when to come back once the limit is spent for long", async () => {
    h.server.setRateLimit("core", { remaining: 0, resetInSeconds: 600 });
    try {
      await expect(
        toolbox(h.client()).call("github_list_tags", { repo: "acme/ledger" }),
      ).rejects.toMatchObject({
        code: "rate_limited",
        retryAfter: expect.toSatisfy((s: number) => s > 590 && s <= 601),
      });
    } finally {
      h.server.setRateLimit("core", { remaining: 5000 });
    }
  });
});

describe("github_comment", () => {
  it("is refused for a repository outside the list while validated, before anyone approves it", () => {
    // The agent loop validates every call with the registry before it asks for an approval.
    const registry = new ToolRegistry([...toolbox(h.client(), true).tools.values()]);
    expect(
      registry.validate("github_comment", { repo: "acme/payroll", number: 1, body: "hi" }),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining("acme/payroll is not in the GitHub allow-list"),
    });
    expect(registry.validate("github_comment", { repo: "acme/ledger", number: 1, body: "hi" })).toMatchObject(
      {
        ok: true,
      },
    );
    expect(h.server.requests).toHaveLength(0);
  });

  it("posts the comment it is given once run (approval happens before, in the agent loop)", async () => {
    const box = toolbox(h.client(), true);
    expect(box.tools.get("github_comment")?.kind).toBe("write");
    const result = await box.call("github_comment", { repo: "acme/ledger", number: 2, body: "Fixed in #25" });
    expect(result.summary).toBe("Commented on acme/ledger#2");
    expect(h.server.requests.filter((r) => r.method === "POST")).toMatchObject([
      { body: { body: "Fixed in #25" } },
    ]);
  });
});
