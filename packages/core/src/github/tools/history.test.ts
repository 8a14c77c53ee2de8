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

/** Follows nextCursor from the first page to the last, collecting `key` of every page. */
async function allPages(name: string, args: Record<string, unknown>, key: string) {
  const items: unknown[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await box.json(name, { ...args, ...(cursor ? { cursor } : {}) });
    items.push(...(page[key] as unknown[]));
    cursor = (page.nextCursor as string | null) ?? undefined;
    pages += 1;
  } while (cursor && pages < 20);
  return { items, pages };
}

describe("github_list_commits", () => {
  it("pages through the whole history with cursors, showing Jira keys", async () => {
    const { items, pages } = await allPages("github_list_commits", { repo: "acme/ledger" }, "commits");
    expect(pages).toBe(2);
    expect(items).toHaveLength(30);
    expect(items.at(-1)).toMatchObject({ message: "Initial ledger", jiraKeys: [] });
    expect(items[0]).toMatchObject({ jiraKeys: ["FIN-39"] });
  });

  it("filters by path and author", async () => {
    const page = await box.json("github_list_commits", {
      repo: "acme/ledger",
      path: "src/ledger/part-2.ts",
      author: "carol",
    });
    const commits = page.commits as { author: string; message: string }[];
    expect(commits.length).toBeGreaterThan(0);
    expect(commits.every((c) => c.author === "carol" && /step (2|7|12|17|22|27)\b/.test(c.message))).toBe(
      true,
    );
  });

  it("rejects a cursor from another query", async () => {
    const first = await box.json("github_list_commits", { repo: "acme/ledger" });
    await expect(
      box.call("github_list_commits", { repo: "acme/ledger", author: "bob", cursor: first.nextCursor }),
    ).rejects.toMatchObject({ code: "invalid_request" });
    await expect(
      box.call("github_list_commits", { repo: "acme/ledger", cursor: "not-a-cursor" }),
    ).rejects.toMatchObject({
      code: "invalid_request",
    });
  });
});

describe("github_get_commit", () => {
  it("shows one commit with its patch and cites the commit, its files and its Jira key", async () => {
    const result = await box.call("github_get_commit", { repo: "acme/ledger", sha: "main" });
    const body = JSON.parse(result.content) as {
      files: { filename: string; patch: string }[];
      jiraKeys: string[];
    };
    expect(body.files[0]?.filename).toBe("src/ledger/part-4.ts");
    expect(body.files[0]?.patch).toContain("+export function step29");
    const sha = h.server.model.branches.get("main") as string;
    expect(result.citations?.map((c) => c.label)).toEqual([
      `acme/ledger@${sha.slice(0, 7)}`,
      `acme/ledger@${sha.slice(0, 7)}:src/ledger/part-4.ts`,
      "FIN-39",
    ]);
  });
});

describe("github_compare", () => {
  it("compares diverged branches with their commits and files", async () => {
    const body = await box.json("github_compare", {
      repo: "acme/ledger",
      base: "main",
      head: "feature/FIN-42-accruals",
    });
    expect(body).toMatchObject({ status: "diverged", aheadBy: 2, behindBy: 3, totalFiles: 2 });
    expect((body.commits as { jiraKeys: string[] }[]).map((c) => c.jiraKeys)).toEqual([
      ["FIN-42"],
      ["FIN-42"],
    ]);
  });

  it("pages the commits of a long range to the end", async () => {
    const long = await startGitHubHarness({ repo: { commits: 120 } });
    try {
      const tools = toolbox(long.client());
      const args = { repo: "acme/ledger", base: "v1.0.0", head: "main" };
      const shas: string[] = [];
      let cursor: unknown;
      let pages = 0;
      do {
        const page = await tools.json("github_compare", { ...args, ...(cursor ? { cursor } : {}) });
        if (pages === 0) expect(page.aheadBy).toBe(79);
        else expect(page.files).toBeUndefined();
        shas.push(...(page.commits as { sha: string }[]).map((c) => c.sha));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages).toBe(4);
      expect(shas).toHaveLength(79);
      expect(new Set(shas).size).toBe(79);
    } finally {
      await long.close();
    }
  });
});
