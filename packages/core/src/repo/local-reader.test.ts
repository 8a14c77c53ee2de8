import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalReader, type LocalRepoReader } from "./local-reader.ts";
import type { RepoFile, RepoSnapshot } from "./types.ts";

const MAX_FILE_BYTES = 1000;
let dir: string;
let reader: LocalRepoReader;
let snapshot: RepoSnapshot;
const shas: string[] = [];

function git(cwd: string, ...args: string[]): string {
  const identity = ["-c", "user.name=Ada", "-c", "user.email=ada@example.test", "-c", "commit.gpgsign=false"];
  return execFileSync("git", [...identity, ...args], { cwd, encoding: "utf8" }).trim();
}

async function write(files: Record<string, string | Buffer>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

async function commit(
  message: string,
  files: Record<string, string | Buffer>,
  gitlink?: string,
): Promise<void> {
  await write(files);
  git(dir, "add", "-A");
  if (gitlink) git(dir, "update-index", "--add", "--cacheinfo", `160000,${shas[0]},${gitlink}`);
  git(dir, "commit", "-q", "-m", message);
  shas.push(git(dir, "rev-parse", "HEAD"));
}

const fileAt = (s: RepoSnapshot, path: string) => s.files.find((f) => f.path === path) as RepoFile;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "finchat-local-reader-"));
  git(dir, "init", "-q", "-b", "main");
  await symlink("README.md", join(dir, "link"));
  await commit("Initial import\n\nWith a body that is not the subject.", {
    "README.md": "# Ledger\n",
    "src/a.ts": "export const a = 1;\n",
    "src/b.ts": "export const b = 1;\n",
    "docs/ünïcode.md": "naïve\n",
    "node_modules/x/index.js": "module.exports = 1;\n",
    "dist/app.js": "console.log(1);\n",
    "logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]),
    "nul.txt": Buffer.from("text\u0000more"),
    "latin1.txt": Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
    "big.ts": "x".repeat(MAX_FILE_BYTES + 1),
  });
  git(dir, "tag", "v1");
  await commit("Change a", { "src/a.ts": "export const a = 2;\n" });
  const changes = { "src/a.ts": "export const a = 3;\n", "src/b.ts": "export const b = 3;\n" };
  await commit("Change a and b, add a submodule", changes, "libs/sub");
  reader = createLocalReader({ name: "ledger", path: dir, maxFileBytes: MAX_FILE_BYTES });
  snapshot = await reader.snapshot();
});

afterAll(async () => {
  reader.close();
  await rm(dir, { recursive: true, force: true });
});

describe("local git reader", () => {
  it("lists the checked-out branch's committed tree with what it skipped and why", () => {
    expect(snapshot).toMatchObject({ label: "local/ledger", ref: "main", commitSha: shas[2] });
    expect(snapshot.files.map((f) => f.path)).toEqual([
      "README.md",
      "docs/ünïcode.md",
      "latin1.txt",
      "nul.txt",
      "src/a.ts",
      "src/b.ts",
    ]);
    expect(Object.fromEntries(snapshot.skipped.map((s) => [s.path, s.reason]))).toEqual({
      "big.ts": "too_large",
      "dist/app.js": "generated",
      "libs/sub": "not_a_file",
      link: "not_a_file",
      "logo.png": "binary",
      "node_modules/x/index.js": "vendored",
    });
    expect(fileAt(snapshot, "src/a.ts")).toMatchObject({
      size: 20,
      blobSha: git(dir, "rev-parse", "HEAD:src/a.ts"),
    });
  });

  it("reads text by blob SHA, null for NUL bytes or invalid UTF-8, many reads at once", async () => {
    expect(await reader.readText(fileAt(snapshot, "src/a.ts"))).toBe("export const a = 3;\n");
    expect(await reader.readText(fileAt(snapshot, "docs/ünïcode.md"))).toBe("naïve\n");
    expect(await reader.readText(fileAt(snapshot, "nul.txt"))).toBeNull();
    expect(await reader.readText(fileAt(snapshot, "latin1.txt"))).toBeNull();
    const all = await Promise.all([...snapshot.files, ...snapshot.files].map((f) => reader.readText(f)));
    expect(all.slice(0, 2)).toEqual(["# Ledger\n", "naïve\n"]);
    expect(all.slice(snapshot.files.length)).toEqual(all.slice(0, snapshot.files.length));
    const missing = { path: "gone.ts", blobSha: "0".repeat(40), size: 1 };
    await expect(reader.readText(missing)).rejects.toMatchObject({ code: "not_found" });
    reader.close();
    expect(await reader.readText(fileAt(snapshot, "src/b.ts"))).toBe("export const b = 3;\n");
  });

  it("reports recent commits and the most-changed files", async () => {
    const history = await reader.history(snapshot.commitSha);
    expect(history?.recentCommits.map((c) => c.subject)).toEqual([
      "Change a and b, add a submodule",
      "Change a",
      "Initial import",
    ]);
    expect(history?.recentCommits[0]).toMatchObject({ sha: shas[2], author: "Ada" });
    expect(Date.parse(history?.recentCommits[0]?.date ?? "")).toBeGreaterThan(0);
    expect(history?.mostChanged.slice(0, 2)).toEqual([
      { path: "src/a.ts", commits: 3 },
      { path: "src/b.ts", commits: 2 },
    ]);
  });

  it("reads a tag's tree and refuses unknown refs and refs that look like options", async () => {
    const tagged = createLocalReader({ name: "ledger", path: dir, ref: "v1", maxFileBytes: MAX_FILE_BYTES });
    const atTag = await tagged.snapshot();
    expect(atTag).toMatchObject({ ref: "v1", commitSha: shas[0], source: { kind: "local", ref: "v1" } });
    expect(await tagged.readText(fileAt(atTag, "src/a.ts"))).toBe("export const a = 1;\n");
    tagged.close();
    const unknown = createLocalReader({
      name: "ledger",
      path: dir,
      ref: "nope",
      maxFileBytes: MAX_FILE_BYTES,
    });
    await expect(unknown.snapshot()).rejects.toMatchObject({ code: "not_found" });
    for (const ref of ["--output=/tmp/pwned", "-h", "HEAD..main", "main;rm", "a\nb", ""]) {
      expect(() => createLocalReader({ name: "ledger", path: dir, ref, maxFileBytes: 1 })).toThrow(
        expect.objectContaining({ code: "invalid_request" }),
      );
    }
    await expect(reader.history("--all")).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("says clearly when the path is missing or not a git checkout", async () => {
    const missing = createLocalReader({ name: "gone", path: join(dir, "missing"), maxFileBytes: 1 });
    await expect(missing.snapshot()).rejects.toMatchObject({ code: "not_found", message: /not a directory/ });
    const plain = await mkdtemp(join(tmpdir(), "finchat-not-git-"));
    const notGit = createLocalReader({ name: "plain", path: plain, maxFileBytes: 1 });
    await expect(notGit.snapshot()).rejects.toMatchObject({
      code: "not_found",
      message: /not a git checkout/,
    });
    await rm(plain, { recursive: true, force: true });
  });
});

const projectRoot = resolve(import.meta.dirname, "../../../..");

describe.skipIf(!existsSync(join(projectRoot, ".git")))("local git reader on this project's checkout", () => {
  it("reads the committed tree, this contract among it, and the history", async () => {
    const own = createLocalReader({ name: "finchat", path: projectRoot, maxFileBytes: 256 * 1024 });
    try {
      const snap = await own.snapshot();
      expect(snap.files.length).toBeGreaterThan(200);
      expect(snap.skipped).toContainEqual(
        expect.objectContaining({ path: "package-lock.json", reason: "generated" }),
      );
      const contract = await own.readText(fileAt(snap, "packages/core/src/repo/types.ts"));
      expect(contract).toContain("export interface RepoReader");
      const history = await own.history(snap.commitSha);
      expect(history?.recentCommits.length).toBeGreaterThan(0);
      expect(history?.mostChanged.length).toBeGreaterThan(0);
    } finally {
      own.close();
    }
  });
});
