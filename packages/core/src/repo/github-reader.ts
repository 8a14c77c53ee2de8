import { z } from "zod";
import { AppError } from "../errors.ts";
import { parseRepo } from "../github/allow-list.ts";
import type { GitHubClient } from "../github/client.ts";
import { toAppError } from "../github/errors.ts";
import { commitSchema, repositorySchema } from "../github/schemas.ts";
import { partitionTree } from "./filters.ts";
import { HISTORY_LIMITS, subjectOf } from "./history.ts";
import { assertSafeRef } from "./refs.ts";
import { decodeText } from "./text.ts";
import type { CommitFact, RepoReader, RepoSnapshot, RepoSource } from "./types.ts";

/** The label the reader's GitHub requests are counted under in `client.callStats()`. */
export const GITHUB_READER_LABEL = "repo-reader";

export interface GitHubReaderOptions {
  client: GitHubClient;
  source: Extract<RepoSource, { kind: "github" }>;
  /** Larger files are skipped as `too_large`. */
  maxFileBytes: number;
  /** Cancels the reader's requests (a job being stopped). */
  signal?: AbortSignal;
}

const treeSchema = z.object({
  sha: z.string(),
  truncated: z.boolean().optional(),
  tree: z.array(
    z.object({
      path: z.string(),
      mode: z.string(),
      type: z.string(),
      sha: z.string(),
      size: z.number().optional(),
    }),
  ),
});

const blobSchema = z.object({ content: z.string(), encoding: z.string() });

/**
 * Reads a GitHub repository through the Finchat client (allow-list, throttling, retries, ETag
 * cache; requests counted under `repo-reader`). Costs per run:
 * - `snapshot()`: one page of commits from the ref (it resolves the ref to its commit and is
 *   kept for `history()`), then ONE recursive tree call. Without a ref, one more request first
 *   reads the default branch's name. So snapshot + history is 2 requests with a ref and 3
 *   without; on an unchanged rerun they are all 304s from the ETag cache.
 * - `readText()`: one blob request per file not in the client's `blobTexts` (texts by blob SHA
 *   that every reader of the client shares: an index run after a docs run reads none again).
 * - `history()`: free for the commit `snapshot()` resolved; one commits page otherwise.
 *   `mostChanged` is always empty: GitHub lists a commit's files only one commit per request.
 *
 * A tree GitHub truncates (over 100,000 entries or 7 MB) fails the snapshot rather than being
 * walked directory by directory, which would take a request per directory: such a repository
 * is better read from a local checkout (`LOCAL_REPOS`).
 * @throws AppError `forbidden` when the repository is not in the allow-list (nothing is fetched),
 *   `invalid_request` for a malformed name or ref.
 */
export function createGitHubReader(options: GitHubReaderOptions): RepoReader {
  const { client, source, maxFileBytes, signal } = options;
  const { owner, repo } = parseRepo(`${source.owner}/${source.repo}`);
  client.allow.assert(owner, repo);
  if (source.ref !== undefined) assertSafeRef(source.ref);
  const label = `${owner}/${repo}`;
  const request = { signal };
  /** Commits listed from a commit SHA by `snapshot()`, so `history()` need not list them again. */
  const listed = new Map<string, CommitFact[]>();

  const call = <T>(what: string, fn: () => Promise<T>): Promise<T> =>
    client.withLabel(GITHUB_READER_LABEL, async () => {
      try {
        return await fn();
      } catch (error) {
        throw toAppError(error, `${label} ${what}`);
      }
    });

  const defaultBranch = () =>
    call("repository", async () => {
      const { data } = await client.octokit.rest.repos.get({ owner, repo, request });
      return parse(repositorySchema, data, "the repository").default_branch;
    });

  const listCommits = (ref: string) =>
    call(`commits at ${ref}`, async () => {
      const { data } = await client.octokit.rest.repos.listCommits({
        owner,
        repo,
        sha: ref,
        per_page: HISTORY_LIMITS.recentCommits,
        request,
      });
      return parse(z.array(commitSchema), data, "the commit list").map(toCommitFact);
    });

  const listTree = (commitSha: string) =>
    call(`tree at ${commitSha}`, async () => {
      const { data } = await client.octokit.rest.git.getTree({
        owner,
        repo,
        tree_sha: commitSha,
        recursive: "1",
        request,
      });
      return parse(treeSchema, data, "the tree");
    });

  return {
    async snapshot(): Promise<RepoSnapshot> {
      const ref = source.ref ?? (await defaultBranch());
      const commits = await listCommits(ref);
      const head = commits[0];
      if (!head) throw new AppError("not_found", `${label} has no commits at ${ref}`);
      listed.set(head.sha, commits);
      const tree = await listTree(head.sha);
      if (tree.truncated) {
        throw new AppError(
          "unprocessable",
          `GitHub truncated the tree of ${label} at ${head.sha} (over 100,000 entries or 7 MB); ` +
            "read this repository from a local checkout (LOCAL_REPOS) instead",
        );
      }
      const entries = tree.tree.filter((e) => e.type !== "tree");
      return { source, label, ref, commitSha: head.sha, ...partitionTree(entries, maxFileBytes) };
    },

    readText: (file) => {
      // The snapshot listed this SHA in this repository's tree, so the kept text is this file's.
      const known = client.blobTexts.get(file.blobSha);
      if (known !== undefined) return Promise.resolve(known);
      return call(`blob ${file.path}`, async () => {
        const { data } = await client.octokit.rest.git.getBlob({
          owner,
          repo,
          file_sha: file.blobSha,
          request,
        });
        const blob = parse(blobSchema, data, `the blob of ${file.path}`);
        const encoding = blob.encoding === "base64" ? "base64" : "utf8";
        const text = decodeText(Buffer.from(blob.content, encoding));
        client.blobTexts.set(file.blobSha, text);
        return text;
      });
    },

    async history(commitSha) {
      const recentCommits = listed.get(commitSha) ?? (await listCommits(assertSafeRef(commitSha)));
      return { recentCommits, mostChanged: [] };
    },
  };
}

function toCommitFact(commit: z.infer<typeof commitSchema>): CommitFact {
  return {
    sha: commit.sha,
    date: commit.commit.author?.date ?? "",
    author: commit.commit.author?.name ?? commit.author?.login ?? "unknown",
    subject: subjectOf(commit.commit.message),
  };
}

function parse<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new AppError("unavailable", `GitHub answered ${what} in an unexpected shape`);
  return parsed.data;
}
