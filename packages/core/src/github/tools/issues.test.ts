import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GitHubHarness, startGitHubHarness, toolbox } from "../test-support.ts";

let h: GitHubHarness;
let box: ReturnType<typeof toolbox>;
beforeAll(async () => {
  h = await startGitHubHarness();
  box = toolbox(h.client());
});
afterAll(() => h.close());
beforeEach(() => {
  h.server.requests.length = 0;
});

type Item = { number: number; kind: string; state: string };

describe("issues", () => {
  it("lists every issue across pages, without pull requests unless asked", async () => {
    const first = await box.json("github_list_issues", {
      repo: "acme/ledger",
      state: "all",
      direction: "asc",
    });
    const second = await box.json("github_list_issues", {
      repo: "acme/ledger",
      state: "all",
      direction: "asc",
      cursor: first.nextCursor,
    });
    const items = [...(first.items as Item[]), ...(second.items as Item[])];
    expect(items.map((i) => i.number)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(second.nextCursor).toBeNull();
    const withPulls = await box.json("github_list_issues", {
      repo: "acme/ledger",
      state: "all",
      includePullRequests: true,
      labels: [],
    });
    expect((withPulls.items as Item[]).some((i) => i.kind === "pull_request")).toBe(true);
  });

  it("filters by label and state", async () => {
    const body = await box.json("github_list_issues", {
      repo: "acme/ledger",
      state: "closed",
      labels: ["bug"],
    });
    const items = body.items as Item[];
    expect(items.length).toBe(8);
    expect(items.every((i) => i.state === "closed" && i.number % 3 === 0)).toBe(true);
  });

  it("searches issues and pull requests in the repository only", async () => {
    const result = await box.call("github_search_issues", {
      repo: "acme/ledger",
      query: "FIN-12",
      type: "any",
    });
    const body = JSON.parse(result.content) as { items: { number: number; jiraKeys: string[] }[] };
    expect(body.items.map((i) => i.number)).toEqual([26, 23, 13, 3]);
    expect(result.citations?.map((c) => c.label)).toContain("FIN-12");
    const sent = new URL(h.server.requests[0]?.url ?? "", "http://x").searchParams.get("q");
    expect(sent).toBe("FIN-12 repo:acme/ledger");
  });

  it("reads an issue with all its comments across pages", async () => {
    const comments: { body: string }[] = [];
    let cursor: unknown;
    let pages = 0;
    do {
      const page = await box.json("github_get_issue", {
        repo: "acme/ledger",
        number: 3,
        ...(cursor ? { cursor } : {}),
      });
      comments.push(...(page.commentList as { body: string }[]));
      if (pages === 0) expect(page.jiraKeys).toEqual(["FIN-12"]);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(comments).toHaveLength(35);
    expect(comments.at(-1)?.body).toBe("Comment 35 on issue 3");
    await expect(box.call("github_get_issue", { repo: "acme/ledger", number: 999 })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("pull requests", () => {
  it("lists pull requests with their branches and merge state", async () => {
    const body = await box.json("github_list_pull_requests", { repo: "acme/ledger", state: "all" });
    expect((body.items as { number: number; state: string }[]).map((p) => [p.number, p.state])).toEqual([
      [25, "open"],
      [27, "closed"],
      [26, "merged"],
    ]);
    const byHead = await box.json("github_list_pull_requests", {
      repo: "acme/ledger",
      head: "feature/FIN-42-accruals",
    });
    expect((byHead.items as { number: number }[]).map((p) => p.number)).toEqual([25]);
  });

  it("reads one with reviews, files, checks and comments", async () => {
    const result = await box.call("github_get_pull_request", { repo: "acme/ledger", number: 25 });
    const body = JSON.parse(result.content);
    expect(body.reviews.map((r: { state: string }) => r.state)).toEqual(["CHANGES_REQUESTED", "APPROVED"]);
    expect(body.checks).toEqual([
      { name: "test", status: "completed", conclusion: "success" },
      { name: "lint", status: "completed", conclusion: "failure" },
    ]);
    expect(body.files.map((f: { filename: string }) => f.filename)).toEqual([
      "src/accruals.ts",
      "src/post.ts",
    ]);
    expect(body.jiraKeys).toEqual(["FIN-42"]);
    expect(result.citations?.map((c) => c.label)).toEqual(
      expect.arrayContaining(["acme/ledger#25", "FIN-42"]),
    );
  });
});

describe("releases, tags and branches", () => {
  it("lists releases, tags and branches", async () => {
    const releases = await box.json("github_list_releases", { repo: "acme/ledger" });
    expect((releases.items as { tag: string }[]).map((r) => r.tag)).toEqual(["v1.2.0", "v1.1.0", "v1.0.0"]);
    const tags = await box.json("github_list_tags", { repo: "acme/ledger" });
    expect((tags.items as { commit: string }[])[0]?.commit).toBe(h.server.model.tags[0]?.sha.slice(0, 7));
    const branches = await box.json("github_list_branches", { repo: "acme/ledger", contains: "fin-42" });
    expect(branches.items).toEqual([
      { name: "feature/FIN-42-accruals", commit: expect.any(String), protected: false, jiraKeys: ["FIN-42"] },
    ]);
  });
});

describe("github_code_changes_for_issue", () => {
  it("joins a Jira key to its pull request, commits and branch", async () => {
    const result = await box.call("github_code_changes_for_issue", { key: "FIN-42" });
    const [repo] = JSON.parse(result.content).repositories;
    expect(repo.pullRequests).toMatchObject([
      {
        number: 25,
        matchedIn: ["title", "description", "branch"],
        files: ["src/accruals.ts (added, +3/-0)", "src/post.ts (modified, +1/-0)"],
      },
    ]);
    expect(repo.commits.map((c: { message: string }) => c.message)).toEqual([
      "FIN-42: post accruals at close",
      "FIN-42: accrual engine",
    ]);
    expect(repo.branches).toEqual(["feature/FIN-42-accruals"]);
    expect(result.citations?.[0]).toEqual({ kind: "jira", label: "FIN-42" });
  });

  it("does not mistake a longer key for the one asked", async () => {
    const [repo] = (await box.json("github_code_changes_for_issue", { key: "FIN-4", repos: ["acme/ledger"] }))
      .repositories as {
      pullRequests: unknown[];
      commits: unknown[];
      branches: unknown[];
    }[];
    expect(repo).toMatchObject({ pullRequests: [], commits: [], branches: [] });
  });

  it("refuses a malformed key and a repository outside the allow-list", async () => {
    await expect(box.call("github_code_changes_for_issue", { key: "fin-42" })).rejects.toMatchObject({
      code: "invalid_request",
    });
    await expect(
      box.call("github_code_changes_for_issue", { key: "FIN-42", repos: ["evil/repo"] }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(h.server.requests).toHaveLength(0);
  });
});
