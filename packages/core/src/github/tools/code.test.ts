import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GitHubHarness, startGitHubHarness, toolbox } from "../test-support.ts";

let h: GitHubHarness;
let box: ReturnType<typeof toolbox>;
beforeAll(async () => {
  h = await startGitHubHarness({ repo: { extraFiles: 450 } });
  box = toolbox(h.client());
});
afterAll(() => h.close());
beforeEach(() => {
  h.server.requests.length = 0;
});

const head = () => h.server.model.branches.get("main") as string;

describe("github_get_repository", () => {
  it("reads the generated repository and a recorded fixture", async () => {
    expect(await box.json("github_get_repository", { repo: "acme/ledger" })).toMatchObject({
      repository: "acme/ledger",
      defaultBranch: "main",
      license: "MIT",
    });
    const fixture = await box.json("github_get_repository", { repo: "octokit-fixture-org/hello-world" });
    expect(fixture.repository).toBe("octokit-fixture-org/hello-world");
  });
});

describe("github_get_tree", () => {
  it("pages a large tree to the end with cursors, pinned to one commit", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await box.json("github_get_tree", {
        repo: "acme/ledger",
        depth: 5,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.commit).toBe(head());
      seen.push(...(page.entries as string[]));
      cursor = (page.nextCursor as string | null) ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain("generated/file-0449.txt (9)");
    expect(seen).toContain("src/accounts/");
  });

  it("limits depth under a path and cites the tree", async () => {
    const result = await box.call("github_get_tree", { repo: "acme/ledger", path: "src", depth: 1 });
    const body = JSON.parse(result.content) as { entries: string[] };
    expect(body.entries).toContain("src/accounts/");
    expect(body.entries).not.toContain("src/accounts/chart.ts (94)");
    expect(result.citations?.[0]?.label).toBe(`acme/ledger@${head().slice(0, 7)}:src`);
    await expect(box.call("github_get_tree", { repo: "acme/ledger", path: "nope" })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("github_get_file", () => {
  it("returns a line range with a citation to those lines at the commit", async () => {
    const result = await box.call("github_get_file", {
      repo: "acme/ledger",
      path: "src/post.ts",
      startLine: 4,
      endLine: 6,
    });
    expect(result.content).toContain("4| export function postEntry(entry: Entry): Entry {");
    expect(result.content).not.toContain("3| ");
    expect(result.citations).toEqual([
      {
        kind: "github",
        label: `acme/ledger@${head().slice(0, 7)}:src/post.ts#L4-L6`,
        url: `${h.server.url}/acme/ledger/blob/${head()}/src/post.ts#L4-L6`,
      },
    ]);
  });

  it("reads a long file in parts to its end", async () => {
    let startLine = 1;
    const lines: string[] = [];
    for (let call = 0; call < 10; call += 1) {
      const { content } = await box.call("github_get_file", {
        repo: "acme/ledger",
        path: "data/journal.csv",
        startLine,
      });
      lines.push(...content.split("\n").filter((l) => /^\d+\| /.test(l)));
      const next = content.match(/startLine=(\d+)/);
      if (!next) break;
      startLine = Number(next[1]);
    }
    expect(lines).toHaveLength(1000);
    expect(lines.at(-1)).toMatch(/^1000\| 1000,/);
  });

  it("answers the same file from the ETag cache on a repeat read", async () => {
    const client = h.client({ token: "a-token-with-its-own-cache" });
    const own = toolbox(client);
    await own.call("github_get_file", { repo: "acme/ledger", path: "README.md" });
    await own.call("github_get_file", { repo: "acme/ledger", path: "README.md" });
    expect(h.server.requests.map((r) => r.status)).toEqual([200, 200, 304, 304]);
    expect(client.callStats().github_get_file).toMatchObject({ requests: 4, notModified: 2 });
  });

  it("refuses directories, describes binaries and reports missing files", async () => {
    await expect(box.call("github_get_file", { repo: "acme/ledger", path: "src" })).rejects.toMatchObject({
      code: "unprocessable",
    });
    expect(
      (await box.call("github_get_file", { repo: "acme/ledger", path: "assets/logo.png" })).content,
    ).toMatch(/binary file/);
    await expect(
      box.call("github_get_file", { repo: "acme/ledger", path: "missing.ts" }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      box.call("github_get_file", { repo: "acme/ledger", path: "README.md", ref: "no-such-branch" }),
    ).rejects.toMatchObject({
      name: "AppError",
    });
  });
});

describe("github_search_code", () => {
  it("finds code in the repository and cites each file at its commit", async () => {
    const result = await box.call("github_search_code", {
      repo: "acme/ledger",
      query: "postEntry",
      path: "src",
    });
    const body = JSON.parse(result.content) as { hits: { path: string; fragment: string }[] };
    expect(body.hits.map((hit) => hit.path).sort()).toEqual(["src/index.ts", "src/post.ts"]);
    expect(body.hits.find((hit) => hit.path === "src/post.ts")?.fragment).toContain(
      "export function postEntry",
    );
    expect(result.citations?.map((c) => c.label)).toContain(`acme/ledger@${head().slice(0, 7)}:src/post.ts`);
    expect(h.server.requests[0]?.url).toContain(
      encodeURIComponent("repo:acme/ledger").replace(/%20/g, "+").slice(0, 4),
    );
  });

  it("refuses a query that tries to widen its scope", async () => {
    await expect(
      box.call("github_search_code", { repo: "acme/ledger", query: "secret repo:evil/app" }),
    ).rejects.toMatchObject({
      code: "invalid_request",
    });
    expect(h.server.requests).toHaveLength(0);
  });
});

describe("github_get_commit with many files", () => {
  it("pages the files of a large commit inside the budget, skipping none", async () => {
    const initial = [...h.server.model.commits.values()].find((c) => c.parents.length === 0)?.sha as string;
    const names: string[] = [];
    let cursor: unknown;
    let pages = 0;
    let total = 0;
    do {
      const { content } = await box.call("github_get_commit", {
        repo: "acme/ledger",
        sha: initial,
        ...(cursor ? { cursor } : {}),
      });
      expect(content.length).toBeLessThanOrEqual(12_000);
      const page = JSON.parse(content) as {
        files: { filename: string }[];
        totalFiles: number;
        nextCursor: string | null;
      };
      names.push(...page.files.map((f) => f.filename));
      total = page.totalFiles;
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(total).toBeGreaterThan(450);
    expect(pages).toBeGreaterThan(1);
    expect(names).toHaveLength(total);
    expect(new Set(names).size).toBe(total);
  });
});
