import { z } from "zod";
import { commitCitation, jiraCitations, shortSha } from "../citations.ts";
import type { GitHubClient } from "../client.ts";
import { decodeCursor, nextPageCursor } from "../cursor.ts";
import { compareSchema } from "../schemas.ts";
import { commitLine } from "./commits.ts";
import { allowedRepo, at, cursorArg, fitJson, githubTool, parseGitHub, repoArg } from "./shared.ts";

const COMMITS_PER_PAGE = 25;
const MAX_FILES = 50;

const input = z.strictObject({
  repo: repoArg,
  base: z.string().min(1).max(250).describe("The older ref: a branch, tag or commit SHA, e.g. v1.1.0"),
  head: z.string().min(1).max(250).describe("The newer ref: a branch, tag or commit SHA, e.g. main"),
  cursor: cursorArg,
});

export function compareTool(client: GitHubClient) {
  return githubTool(client, {
    name: "github_compare",
    description:
      "Compares two refs of a repository: whether head is ahead, behind or diverged, the commits in head since their merge base (25 per page with nextCursor) and the changed files (on the first page).",
    input,
    target: (args) => `the comparison ${args.base}...${args.head} in ${args.repo}`,
    async run(args, ctx) {
      const repo = allowedRepo(client, args.repo);
      const { page } = decodeCursor(args);
      const response = await client.octokit.rest.repos.compareCommitsWithBasehead({
        ...at(repo),
        basehead: `${args.base}...${args.head}`,
        per_page: COMMITS_PER_PAGE,
        page,
        request: { signal: ctx.signal },
      });
      const cmp = parseGitHub(compareSchema, response.data, "the comparison");
      const files = page === 1 ? (cmp.files ?? []) : [];
      const result = {
        repository: repo.full,
        base: args.base,
        head: args.head,
        status: cmp.status,
        aheadBy: cmp.ahead_by,
        behindBy: cmp.behind_by,
        mergeBase: shortSha(cmp.merge_base_commit.sha),
        commits: cmp.commits.map(commitLine),
        ...(page === 1
          ? {
              totalFiles: files.length,
              files: files.slice(0, MAX_FILES).map((f) => ({
                filename: f.filename,
                status: f.status,
                additions: f.additions,
                deletions: f.deletions,
              })),
            }
          : {}),
        nextCursor: nextPageCursor(args, page, response.headers.link),
      };
      return {
        content: fitJson(result, "commits"),
        summary: `${args.head} is ${cmp.status} of ${args.base} in ${repo.full} (+${cmp.ahead_by} / -${cmp.behind_by} commits)`,
        citations: [
          ...(cmp.html_url
            ? [
                {
                  kind: "github" as const,
                  label: `${repo.full} ${args.base}...${args.head}`,
                  url: cmp.html_url,
                },
              ]
            : []),
          ...cmp.commits.map((c) => commitCitation(client.webUrl, repo.full, c.sha)),
          ...jiraCitations(...cmp.commits.map((c) => c.commit.message)),
        ],
      };
    },
  });
}
