import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../db/test-database.ts";
import { type GitHubHarness, startGitHubHarness } from "../github/test-support.ts";
import { createLogger } from "../observability/logger.ts";
import { indexRepository } from "../search/index-repository.ts";
import { createGitHubReader, GITHUB_READER_LABEL } from "./github-reader.ts";
import type { RepoFile, RepoSnapshot } from "./types.ts";

const MAX_FILE_BYTES = 256 * 1024;
let h: GitHubHarness;
let first: RepoSnapshot;

const readerFor = (client = h.client(), ref?: string) =>
  createGitHubReader({
    client,
    source: { kind: "github", owner: "acme", repo: "ledger", ...(ref ? { ref } : {}) },
    maxFileBytes: MAX_FILE_BYTES,
  });
const fileAt = (snapshot: RepoSnapshot, path: string) =>
  snapshot.files.find((f) => f.path === path) as RepoFile;

beforeAll(async () => {
  h = await startGitHubHarness({ repo: { sourceFiles: 300, commits: 8 } });
  first = await readerFor().snapshot();
});
afterAll(() => h.close());

describe("GitHub repository reader", () => {
  it("lists the default branch's tree with what it skipped and why", () => {
    expect(first).toMatchObject({
      label: "acme/ledger",
      ref: "main",
      commitSha: h.server.model.branches.get("main"),
    });
    const paths = first.files.map((f) => f.path);
    expect(paths).toEqual([...paths].sort());
    expect(first.files.length).toBeGreaterThan(250);
    expect(paths).toEqual(expect.arrayContaining(["README.md", "services/gateway/go.mod"]));
    const reasons = Object.fromEntries(first.skipped.map((s) => [s.path, s.reason]));
    expect(reasons).toMatchObject({
      "node_modules/left-pad/index.js": "vendored",
      "services/gateway/vendor/github.com/shopspring/decimal/decimal.go": "vendored",
      "package-lock.json": "generated",
      "packages/web/dist/app.min.js": "generated",
      "services/gateway/internal/pb/ledger.pb.go": "generated",
      "assets/logo.png": "binary",
      "docs/diagrams/flow.pdf": "binary",
      "data/exports/ledger-2025.csv": "too_large",
    });
    expect(first.files.length + first.skipped.length).toBe(
      h.server.model.commits.get(first.commitSha)?.snapshot.size,
    );
  });

  it("reads a blob's text, and null for binary content behind a text extension", async () => {
    const reader = readerFor();
    expect(await reader.readText(fileAt(first, "README.md"))).toBe(
      h.server.model.commits.get(first.commitSha)?.snapshot.get("README.md"),
    );
    expect(await reader.readText(fileAt(first, "data/legacy/ledger-export.txt"))).toBeNull();
  });

  it("reports recent commits newest first by their subject, and no most-changed files", async () => {
    const history = await readerFor().history(first.commitSha);
    expect(history?.recentCommits).toHaveLength(8);
    expect(history?.recentCommits[0]).toMatchObject({ sha: first.commitSha, author: expect.any(String) });
    expect(history?.recentCommits.at(-1)?.subject).toBe("Initial ledger");
    expect(history?.recentCommits.every((c) => !c.subject.includes("\n"))).toBe(true);
    expect(history?.mostChanged).toEqual([]);
  });

  it("makes 3 requests for snapshot and history, all answered 304 on an unchanged rerun", async () => {
    const client = h.client();
    const run = async () => {
      const reader = readerFor(client);
      const snapshot = await reader.snapshot();
      await reader.history(snapshot.commitSha);
      return snapshot;
    };
    await run();
    client.resetCallStats();
    const again = await run();
    expect(again.commitSha).toBe(first.commitSha);
    expect(client.callStats()[GITHUB_READER_LABEL]).toMatchObject({ requests: 3, notModified: 3 });
    client.resetCallStats();
    await readerFor(client, "main").snapshot();
    expect(client.callStats()[GITHUB_READER_LABEL]?.requests).toBe(2);
  });

  it("refuses a repository outside the allow-list before any request, and unsafe refs", () => {
    const before = h.server.requests.length;
    expect(() => readerFor(h.client({ allow: ["acme/other"] }))).toThrow(
      expect.objectContaining({ code: "forbidden" }),
    );
    expect(h.server.requests.length).toBe(before);
    for (const ref of ["--output=/tmp/x", "main..evil", "a b"]) {
      expect(() => readerFor(h.client(), ref)).toThrow(expect.objectContaining({ code: "invalid_request" }));
    }
  });

  it("sees a pushed commit: changed and added files get new blob SHAs, the rest keep theirs", async () => {
    const server = await startGitHubHarness({ repo: { commits: 5 } });
    try {
      const reader = () =>
        createGitHubReader({
          client: server.client(),
          source: { kind: "github", owner: "acme", repo: "ledger" },
          maxFileBytes: MAX_FILE_BYTES,
        });
      const before = await reader().snapshot();
      const sha = server.server.pushCommit({ "README.md": "# ledger v2\n", "src/new.ts": "export {};\n" });
      const after = await reader().snapshot();
      expect(after.commitSha).toBe(sha);
      expect(fileAt(after, "README.md").blobSha).not.toBe(fileAt(before, "README.md").blobSha);
      expect(fileAt(after, "src/post.ts").blobSha).toBe(fileAt(before, "src/post.ts").blobSha);
      expect(await reader().readText(fileAt(after, "src/new.ts"))).toBe("export {};\n");
    } finally {
      await server.close();
    }
  });

  it("fails clearly when GitHub truncates the tree, and maps a missing ref to not_found", async () => {
    const small = await startGitHubHarness({ repo: { treeEntryLimit: 5 } });
    try {
      const reader = createGitHubReader({
        client: small.client(),
        source: { kind: "github", owner: "acme", repo: "ledger" },
        maxFileBytes: MAX_FILE_BYTES,
      });
      await expect(reader.snapshot()).rejects.toMatchObject({
        code: "unprocessable",
        message: expect.stringMatching(/truncated.*local checkout/),
      });
    } finally {
      await small.close();
    }
    await expect(readerFor(h.client(), "no-such-branch").snapshot()).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringContaining("acme/ledger commits at no-such-branch"),
    });
  });
});

describe("blob texts shared by the readers of one client", () => {
  it("let the index run a docs run queues read no file from GitHub again", async () => {
    const client = h.client();
    const docs = readerFor(client);
    const snapshot = await docs.snapshot();
    const texts = new Map<string, string | null>();
    for (const file of snapshot.files) texts.set(file.path, await docs.readText(file));
    h.server.requests.length = 0;

    const database = await openTestDatabase();
    try {
      const result = await indexRepository({
        db: database.db,
        reader: readerFor(client, snapshot.commitSha),
        logger: createLogger({ level: "silent", service: "test" }),
      });
      expect(result.filesRead).toBe(snapshot.files.length);
    } finally {
      await database.close();
    }
    expect(h.server.requests.filter((r) => r.url.includes("/git/blobs/"))).toEqual([]);
    expect(client.blobTexts.stats().hits).toBeGreaterThanOrEqual(snapshot.files.length);
    // The same texts, from the same SHAs.
    const again = readerFor(client, snapshot.commitSha);
    const sample = snapshot.files[7] as RepoFile;
    expect(await again.readText(sample)).toBe(texts.get(sample.path));
  });
});
