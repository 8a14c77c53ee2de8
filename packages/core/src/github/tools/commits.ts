import { z } from "zod";
import { commitCitation, fileCitation, jiraCitations, shortSha } from "../citations.ts";
import type { GitHubClient } from "../client.ts";
import { decodeCursor, encodeCursor, hasNextPage } from "../cursor.ts";
import { extractJiraKeys } from "../jira-keys.ts";
import { commitDetailSchema, commitSchema, type diffEntrySchema } from "../schemas.ts";
import {
  allowedRepo,
  at,
  clip,
  cursorArg,
  firstLine,
  fitJson,
  githubTool,
  PAGE_SIZE,
  parseGitHub,
  refArg,
  repoArg,
  takeWithinBudget,
} from "./shared.ts";

const PATCH_CHARS = 1500;

const listInput = z.strictObject({
  repo: repoArg,
  ref: refArg,
  path: z.string().max(500).optional().describe("Only commits that touched this file or directory"),
  author: z.string().max(100).optional().describe("Only commits by this GitHub login or email"),
  since: z.iso.datetime({ offset: true }).optional().describe("Only commits after this time (ISO 8601)"),
  until: z.iso.datetime({ offset: true }).optional().describe("Only commits before this time (ISO 8601)"),
  cursor: cursorArg,
});

/** One commit of a list, compact: short SHA, date, author, first line and its Jira keys. */
export function commitLine(c: z.infer<typeof commitSchema>) {
  return {
    sha: shortSha(c.sha),
    date: c.commit.author?.date ?? null,
    author: c.author?.login ?? c.commit.author?.name ?? null,
    message: clip(firstLine(c.commit.message), 200),
    jiraKeys: extractJiraKeys(c.commit.message),
  };
}

export function listCommitsTool(client: GitHubClient) {
  return githubTool(client, {
    name: "github_list_commits",
    description:
      "Lists commits of a repository, newest first, optionally on a branch/tag, touching a path, by an author or within dates. Each shows its Jira keys. Pages of 20 with nextCursor.",
    input: listInput,
    target: (args) => `commits of ${args.repo}`,
    async run(args, ctx) {
      const repo = allowedRepo(client, args.repo);
      const { page } = decodeCursor(args);
      const response = await client.octokit.rest.repos.listCommits({
        ...at(repo),
        ...(args.ref ? { sha: args.ref } : {}),
        ...(args.path ? { path: args.path } : {}),
        ...(args.author ? { author: args.author } : {}),
        ...(args.since ? { since: args.since } : {}),
        ...(args.until ? { until: args.until } : {}),
        per_page: PAGE_SIZE,
        page,
        request: { signal: ctx.signal },
      });
      const commits = parseGitHub(z.array(commitSchema), response.data, "the commit list");
      const more = hasNextPage(response.headers.link);
      const result = {
        repository: repo.full,
        page,
        commits: commits.map(commitLine),
        nextCursor: more ? encodeCursor(args, { page: page + 1 }) : null,
      };
      return {
        content: fitJson(result, "commits"),
        summary: `Listed ${commits.length} commits of ${repo.full}${more ? " (more available)" : ""}`,
        citations: [
          ...commits.map((c) => commitCitation(client.webUrl, repo.full, c.sha)),
          ...jiraCitations(...commits.map((c) => c.commit.message)),
        ],
      };
    },
  });
}

const getInput = z.strictObject({
  repo: repoArg,
  sha: z.string().min(4).max(250).describe("The commit SHA (full or short), or a branch or tag"),
  cursor: cursorArg,
});

function fileWithPatch(f: z.infer<typeof diffEntrySchema>) {
  return {
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    patch: clip(f.patch, PATCH_CHARS),
  };
}

export function getCommitTool(client: GitHubClient) {
  return githubTool(client, {
    name: "github_get_commit",
    description:
      "One commit with its full message, author, stats and changed files with their patches (shortened when long). When the files do not fit, nextCursor fetches the rest.",
    input: getInput,
    target: (args) => `commit ${args.sha} in ${args.repo}`,
    async run(args, ctx) {
      const repo = allowedRepo(client, args.repo);
      const { page } = decodeCursor(args);
      const { data } = await client.octokit.rest.repos.getCommit({
        ...at(repo),
        ref: args.sha,
        request: { signal: ctx.signal },
      });
      const c = parseGitHub(commitDetailSchema, data, "the commit");
      const files = c.files ?? [];
      const message = clip(c.commit.message, 2000);
      // The cursor's page is the index of the next file plus one.
      const { shown, next } = takeWithinBudget(files, page - 1, fileWithPatch, message.length + 600);
      const result = {
        repository: repo.full,
        sha: c.sha,
        author: c.author?.login ?? c.commit.author?.name ?? null,
        date: c.commit.author?.date ?? null,
        message,
        jiraKeys: extractJiraKeys(c.commit.message),
        parents: (c.parents ?? []).map((p) => shortSha(p.sha)),
        stats: c.stats ?? null,
        totalFiles: files.length,
        files: shown,
        nextCursor: next === null ? null : encodeCursor(args, { page: next + 1 }),
      };
      return {
        content: JSON.stringify(result),
        summary: `Read commit ${shortSha(c.sha)} of ${repo.full}: ${clip(firstLine(c.commit.message), 80)}`,
        citations: [
          commitCitation(client.webUrl, repo.full, c.sha),
          ...shown
            .filter((f) => f.status !== "removed")
            .map((f) => fileCitation(client.webUrl, repo.full, c.sha, f.filename)),
          ...jiraCitations(c.commit.message),
        ],
      };
    },
  });
}
