import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gitBlobSha } from "./github-git.ts";
import { type GitHubServer, startGitHubServer } from "./github-server.ts";

let server: GitHubServer;
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/repos/acme/ledger${path}`, { headers: { authorization: "token t", ...headers } });

interface TreeBody {
  truncated: boolean;
  tree: { path: string; type: string; sha: string; size?: number }[];
}

beforeAll(async () => {
  server = await startGitHubServer({ repo: { sourceFiles: 200 } });
});
afterAll(() => server.close());

describe("testkit GitHub server git data", () => {
  it("serves blobs by SHA in base64 with an ETag, and binary content byte for byte", async () => {
    const tree = (await (await get("/git/trees/HEAD?recursive=1")).json()) as TreeBody;
    const readme = tree.tree.find((e) => e.path === "README.md");
    const res = await get(`/git/blobs/${readme?.sha}`);
    const blob = (await res.json()) as { content: string; encoding: string; size: number; sha: string };
    expect(blob).toMatchObject({ encoding: "base64", sha: readme?.sha, size: readme?.size });
    expect(Buffer.from(blob.content, "base64").toString("utf8")).toMatch(/^# ledger/);
    expect(
      (await get(`/git/blobs/${readme?.sha}`, { "if-none-match": res.headers.get("etag") ?? "" })).status,
    ).toBe(304);
    const logo = tree.tree.find((e) => e.path === "assets/logo.png");
    const png = (await (await get(`/git/blobs/${logo?.sha}`)).json()) as { content: string };
    const bytes = Buffer.from(png.content, "base64");
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(bytes.length).toBe(logo?.size);
    expect((await get(`/git/blobs/${"0".repeat(40)}`)).status).toBe(404);
  });

  it("generates a multi-language tree with manifests, tests and files to skip", async () => {
    const tree = (await (await get("/git/trees/main?recursive=1")).json()) as TreeBody;
    const paths = tree.tree.filter((e) => e.type === "blob").map((e) => e.path);
    for (const ext of [".ts", ".js", ".py", ".go"]) {
      expect(paths.filter((p) => p.endsWith(ext)).length).toBeGreaterThan(20);
    }
    expect(paths).toEqual(
      expect.arrayContaining([
        "packages/ledger-core/package.json",
        "services/forecast/pyproject.toml",
        "services/gateway/go.mod",
        "services/gateway/cmd/gateway/main.go",
        "node_modules/left-pad/index.js",
        "package-lock.json",
        "data/exports/ledger-2025.csv",
      ]),
    );
    expect(paths.some((p) => p.endsWith(".test.ts"))).toBe(true);
    expect(paths.some((p) => /\/test_.*\.py$/.test(p))).toBe(true);
  });

  it("pushes a commit on the default branch that adds, changes and deletes files", async () => {
    const before = server.model.branches.get("main");
    const sha = server.pushCommit({ "src/new.ts": "export const n = 1;\n", "README.md": null }, "Add new");
    const resolved = await (await get("/commits/HEAD", { accept: "application/vnd.github.sha" })).text();
    expect(resolved).toBe(sha);
    const commit = (await (await get(`/commits/${sha}`)).json()) as { parents: { sha: string }[] };
    expect(commit.parents[0]?.sha).toBe(before);
    const tree = (await (await get(`/git/trees/${sha}?recursive=1`)).json()) as TreeBody;
    const added = tree.tree.find((e) => e.path === "src/new.ts");
    expect(added?.sha).toBe(gitBlobSha("export const n = 1;\n"));
    expect(tree.tree.some((e) => e.path === "README.md")).toBe(false);
    expect((await get(`/git/blobs/${added?.sha}`)).status).toBe(200);
  });

  it("truncates recursive trees past the configured entry limit", async () => {
    const small = await startGitHubServer({ repo: { treeEntryLimit: 5 } });
    const res = await fetch(`${small.url}/repos/acme/ledger/git/trees/main?recursive=1`, {
      headers: { authorization: "token t" },
    });
    const tree = (await res.json()) as TreeBody;
    await small.close();
    expect(tree).toMatchObject({ truncated: true });
    expect(tree.tree).toHaveLength(5);
  });
});
