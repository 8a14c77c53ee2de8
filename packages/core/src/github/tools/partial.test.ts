import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GitHubHarness, startGitHubHarness, toolbox } from "../test-support.ts";

// A failed or partial request is reported as such, with what did succeed; "has no" only when
// GitHub said so.
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

type RepoChanges = {
  pullRequests: { number: number }[];
  commits: unknown[] | null;
  branches: string[] | null;
  incomplete?: Record<string, string>;
};

describe("github_code_changes_for_issue when a search fails", () => {
  it("reports the failed search and keeps what the others found, instead of 'no code changes'", async () => {
    h.server.failNext({ status: 404, path: "/search/commits", message: "Not Found" });
    const result = await box.call("github_code_changes_for_issue", { key: "FIN-12", repos: ["acme/ledger"] });
    const [repo] = JSON.parse(result.content).repositories as RepoChanges[];
    // The pull request search still finds FIN-12's pull request.
    expect(repo?.pullRequests.map((p) => p.number)).toContain(
      h.server.model.issues.find((i) => i.pull && i.title.startsWith("FIN-12"))?.number,
    );
    expect(repo?.commits).toBeNull();
    expect(repo?.incomplete?.["commit search"]).toMatch(/GitHub answered 404/);
    expect(result.summary).toMatch(/partial/);
    expect(result.content).not.toMatch(/has no/);
  });

  it("names a pull request search that failed after retries, keeping the commits it found", async () => {
    h.server.failNext({ status: 500, path: "/search/issues", count: 4 });
    const [repo] = (
      await box.json("github_code_changes_for_issue", { key: "FIN-12", repos: ["acme/ledger"] })
    ).repositories as RepoChanges[];
    expect(repo?.commits?.length).toBeGreaterThan(0);
    expect(repo?.incomplete?.["pull request search"]).toMatch(/GitHub answered 500/);
  });

  it("fails, naming every failed search, when none of them answered", async () => {
    h.server.failNext({ status: 422, path: /\/search\/|\/branches/, count: 3, message: "Validation Failed" });
    const failure = box.call("github_code_changes_for_issue", { key: "FIN-42", repos: ["acme/ledger"] });
    await expect(failure).rejects.toMatchObject({ code: "unavailable" });
    await expect(failure).rejects.toThrow(/every search failed.*commit search.*422/);
    await expect(failure).rejects.not.toThrow(/has no/);
  });
});

describe("github_get_pull_request when a secondary request fails", () => {
  it("keeps the pull request and names the reviews and check runs it could not read", async () => {
    const pull = h.server.model.issues.find((i) => i.pull);
    if (!pull) throw new Error("the testkit repository has no pull request");
    h.server.failNext({ status: 404, path: `/pulls/${pull.number}/reviews` });
    h.server.failNext({ status: 500, path: "/check-runs", count: 4 });
    const result = await box.call("github_get_pull_request", { repo: "acme/ledger", number: pull.number });
    const body = JSON.parse(result.content);
    expect(body).toMatchObject({ number: pull.number, title: pull.title, reviews: null, checks: null });
    expect(body.files.length).toBeGreaterThan(0);
    expect(Object.keys(body.incomplete)).toEqual(expect.arrayContaining(["reviews", "checks"]));
    expect(result.summary).toMatch(/incomplete: reviews, checks/);
  });

  it("still says a pull request GitHub does not have is not there", async () => {
    await expect(
      box.call("github_get_pull_request", { repo: "acme/ledger", number: 9999 }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("github_get_file when GitHub answers an unexpected shape", () => {
  it("says the answer was unexpected, not that GitHub could not be reached", async () => {
    h.server.failNext({ status: 200, path: "/commits/HEAD", body: { sha: "not a sha" } });
    const failure = box.call("github_get_file", { repo: "acme/ledger", path: "src/post.ts" });
    await expect(failure).rejects.toThrow(/unexpected shape/);
    await expect(failure).rejects.not.toThrow(/could not be reached/);
  });

  it("does not call JSON where the file's bytes were asked for a binary file", async () => {
    h.server.failNext({
      status: 200,
      path: /\/contents\/src(\/|%2F)post\.ts/,
      body: { type: "file", name: "post.ts" },
    });
    const failure = box.call("github_get_file", { repo: "acme/ledger", path: "src/post.ts" });
    await expect(failure).rejects.toThrow(/unexpected shape/);
  });

  it("says could not be reached only when nothing answered", async () => {
    const closed = await startGitHubHarness();
    const url = closed.server.url;
    await closed.close();
    const offline = toolbox(h.client({ apiUrl: url }));
    await expect(
      offline.call("github_get_file", { repo: "acme/ledger", path: "src/post.ts" }),
    ).rejects.toThrow(/could not be reached/);
  });
});

describe("github_get_issue when its comments fail", () => {
  it("keeps the issue and says the comments could not be read", async () => {
    h.server.failNext({ status: 404, path: "/issues/3/comments" });
    const result = await box.call("github_get_issue", { repo: "acme/ledger", number: 3 });
    const body = JSON.parse(result.content);
    expect(body).toMatchObject({ number: 3, commentList: null });
    expect(body.incomplete.comments).toMatch(/GitHub answered 404/);
    expect(result.summary).toMatch(/incomplete: comments/);
  });
});

describe("a ref GitHub does not know", () => {
  it("names the ref as missing, not the file or directory asked for", async () => {
    const failure = box.call("github_get_file", {
      repo: "acme/ledger",
      path: "src/post.ts",
      ref: "no-such-branch",
    });
    await expect(failure).rejects.toMatchObject({ code: "not_found" });
    await expect(failure).rejects.toThrow(/no branch, tag or commit "no-such-branch"/);
    await expect(
      box.call("github_get_tree", { repo: "acme/ledger", path: "src", ref: "no-such-branch" }),
    ).rejects.toThrow(/no branch, tag or commit "no-such-branch"/);
  });
});

describe("a search GitHub cut short (incomplete_results)", () => {
  const cut = { total_count: 0, incomplete_results: true, items: [] };

  it("is named as incomplete by github_search_issues, not as no matches", async () => {
    h.server.failNext({ status: 200, path: "/search/issues", body: cut });
    const result = await box.call("github_search_issues", { repo: "acme/ledger", query: "posting" });
    expect(JSON.parse(result.content).incomplete).toMatch(/timed out/);
    expect(result.summary).toMatch(/incomplete/);
  });

  it("is named as incomplete by github_search_code", async () => {
    h.server.failNext({ status: 200, path: "/search/code", body: cut });
    const result = await box.call("github_search_code", { repo: "acme/ledger", query: "postEntry" });
    expect(JSON.parse(result.content).incomplete).toMatch(/timed out/);
  });

  it("makes github_code_changes_for_issue partial", async () => {
    h.server.failNext({ status: 200, path: "/search/commits", body: cut });
    const result = await box.call("github_code_changes_for_issue", { key: "FIN-12", repos: ["acme/ledger"] });
    const [repo] = JSON.parse(result.content).repositories as RepoChanges[];
    expect(repo?.incomplete?.["commit search"]).toMatch(/timed out/);
    expect(result.summary).toMatch(/partial/);
  });
});
