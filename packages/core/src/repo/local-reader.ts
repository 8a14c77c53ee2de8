import { stat } from "node:fs/promises";
import { AppError } from "../errors.ts";
import { CatFileBatch } from "./cat-file.ts";
import { partitionTree } from "./filters.ts";
import { HISTORY_LIMITS, mostChangedFiles } from "./history.ts";
import { type GitRun, logArgs, parseLog, parseLsTree, runGit, tryGit } from "./local-git.ts";
import { assertSafeRef } from "./refs.ts";
import { decodeText } from "./text.ts";
import type { RepoReader, RepoSnapshot } from "./types.ts";

export interface LocalReaderOptions {
  /** The checkout's name in `LOCAL_REPOS`: labels and citations say `local/<name>`. */
  name: string;
  /** The checkout's directory (the caller resolves it from `LOCAL_REPOS`; see `openReader`). */
  path: string;
  /** A branch, tag or commit; the checked-out branch (or detached HEAD) when omitted. */
  ref?: string;
  /** Larger files are skipped as `too_large`. */
  maxFileBytes: number;
  signal?: AbortSignal;
}

/** A local reader also lets its caller end its `git cat-file` process at once. */
export interface LocalRepoReader extends RepoReader {
  /** Ends the blob-reading process now (it also ends by itself after 2 s without reads). */
  close(): void;
}

const COMMIT_SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * Reads a git checkout on the worker's disk with the `git` CLI: `rev-parse` resolves the ref,
 * one `ls-tree -r` lists the tree, one long-lived `cat-file --batch` serves blobs, and `git log`
 * over the last 200 commits gives recent commits and the most-changed files. Reads the committed
 * tree, never the working directory, so uncommitted edits are not seen.
 * @throws AppError `invalid_request` for a ref that is not a plain branch, tag or commit name.
 */
export function createLocalReader(options: LocalReaderOptions): LocalRepoReader {
  const { name, path, maxFileBytes, signal } = options;
  if (options.ref !== undefined) assertSafeRef(options.ref);
  const run: GitRun = { cwd: path, label: `local/${name}`, ...(signal ? { signal } : {}) };
  const blobs = new CatFileBatch({ cwd: path, label: run.label, ...(signal ? { signal } : {}) });

  async function resolve(ref: string): Promise<string> {
    const sha = await tryGit(run, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    if (!sha?.trim()) throw new AppError("not_found", `${run.label} has no commit ${ref}`);
    return sha.trim();
  }

  return {
    async snapshot(): Promise<RepoSnapshot> {
      await assertDirectory(path, run.label);
      const ref = options.ref ?? (await currentBranch(run));
      const commitSha = await resolve(ref);
      const tree = parseLsTree(await runGit(run, ["ls-tree", "-r", "-l", "-z", "--full-tree", commitSha]));
      return {
        source: { kind: "local", name, ...(options.ref ? { ref: options.ref } : {}) },
        label: run.label,
        ref,
        commitSha,
        ...partitionTree(tree, maxFileBytes),
      };
    },

    async readText(file) {
      const bytes = await blobs.read(file.blobSha);
      if (bytes === null)
        throw new AppError("not_found", `${run.label} has no blob ${file.blobSha} (${file.path})`);
      return decodeText(bytes);
    },

    async history(commitSha) {
      if (!COMMIT_SHA.test(commitSha))
        throw new AppError("invalid_request", `"${commitSha.slice(0, 80)}" is not a commit SHA`);
      const commits = parseLog(await runGit(run, logArgs(commitSha, HISTORY_LIMITS.changeWindow)));
      return {
        recentCommits: commits
          .slice(0, HISTORY_LIMITS.recentCommits)
          .map(({ sha, date, author, subject }) => ({ sha, date, author, subject })),
        mostChanged: mostChangedFiles(commits),
      };
    },

    close: () => blobs.close(),
  };
}

/** The checked-out branch's name, or `HEAD` when it is detached. */
async function currentBranch(run: GitRun): Promise<string> {
  const name = (await runGit(run, ["rev-parse", "--abbrev-ref", "HEAD"])).trim();
  return name === "" ? "HEAD" : name;
}

async function assertDirectory(path: string, label: string): Promise<void> {
  const found = await stat(path).catch(() => undefined);
  if (!found?.isDirectory()) throw new AppError("not_found", `${label}: ${path} is not a directory`);
}
