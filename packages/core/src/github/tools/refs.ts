import { z } from "zod";
import { commitCitation, jiraCitations, shortSha } from "../citations.ts";
import type { GitHubClient } from "../client.ts";
import { decodeCursor, hasNextPage, nextPageCursor } from "../cursor.ts";
import { extractJiraKeys } from "../jira-keys.ts";
import { branchSchema, releaseSchema, tagSchema } from "../schemas.ts";
import {
  type AllowedRepo,
  allowedRepo,
  at,
  clip,
  cursorArg,
  fitJson,
  githubTool,
  PAGE_SIZE,
  parseGitHub,
  repoArg,
} from "./shared.ts";

const pageInput = z.strictObject({ repo: repoArg, cursor: cursorArg });

export function listReleasesTool(client: GitHubClient) {
  return githubTool(client, {
    name: "github_list_releases",
    description:
      "Lists the releases of a repository, newest first, with their tags, dates and notes (shortened), 20 per page with nextCursor.",
    input: pageInput,
    target: (args) => `releases of ${args.repo}`,
    async run(args, ctx) {
      const repo = allowedRepo(client, args.repo);
      const { page } = decodeCursor(args);
      const response = await client.octokit.rest.repos.listReleases({
        ...at(repo),
        per_page: PAGE_SIZE,
        page,
        request: { signal: ctx.signal },
      });
      const releases = parseGitHub(z.array(releaseSchema), response.data, "the release list");
      const result = {
        repository: repo.full,
        items: releases.map((r) => ({
          tag: r.tag_name,
          name: r.name ?? null,
          publishedAt: r.published_at ?? null,
          draft: r.draft,
          prerelease: r.prerelease,
          notes: clip(r.body, 400),
        })),
        nextCursor: nextPageCursor(args, page, response.headers.link),
      };
      return {
        content: fitJson(result, "items"),
        summary: `Listed ${releases.length} releases of ${repo.full}`,
        citations: releases.map((r) => ({
          kind: "github" as const,
          label: `${repo.full} ${r.tag_name}`,
          url: r.html_url,
        })),
      };
    },
  });
}

export function listTagsTool(client: GitHubClient) {
  return githubTool(client, {
    name: "github_list_tags",
    description:
      "Lists the tags of a repository with the commit each points at, 20 per page with nextCursor.",
    input: pageInput,
    target: (args) => `tags of ${args.repo}`,
    async run(args, ctx) {
      const repo = allowedRepo(client, args.repo);
      const { page } = decodeCursor(args);
      const response = await client.octokit.rest.repos.listTags({
        ...at(repo),
        per_page: PAGE_SIZE,
        page,
        request: { signal: ctx.signal },
      });
      const tags = parseGitHub(z.array(tagSchema), response.data, "the tag list");
      const result = {
        repository: repo.full,
        items: tags.map((t) => ({ tag: t.name, commit: shortSha(t.commit.sha) })),
        nextCursor: nextPageCursor(args, page, response.headers.link),
      };
      return {
        content: fitJson(result, "items"),
        summary: `Listed ${tags.length} tags of ${repo.full}`,
        citations: tags.map((t) => commitCitation(client.webUrl, repo.full, t.commit.sha)),
      };
    },
  });
}

const BRANCH_PAGE = 50;
const BRANCH_SCAN_PAGES = 10;

/**
 * Branches whose names contain `text` (case-insensitive), scanning at most 1000 branches; GitHub
 * has no server-side filter for names that do not start with the text.
 */
export async function findBranches(
  client: GitHubClient,
  repo: AllowedRepo,
  text: string,
  signal: AbortSignal,
) {
  const wanted = text.toLowerCase();
  const found: z.infer<typeof branchSchema>[] = [];
  for (let page = 1; page <= BRANCH_SCAN_PAGES; page += 1) {
    const response = await client.octokit.rest.repos.listBranches({
      ...at(repo),
      per_page: 100,
      page,
      request: { signal },
    });
    const branches = parseGitHub(z.array(branchSchema), response.data, "the branch list");
    found.push(...branches.filter((b) => b.name.toLowerCase().includes(wanted)));
    if (!hasNextPage(response.headers.link)) return { branches: found, complete: true };
  }
  return { branches: found, complete: false };
}

const branchInput = z.strictObject({
  repo: repoArg,
  contains: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe("Only branches whose name contains this text, e.g. FIN-42"),
  cursor: cursorArg,
});

export function listBranchesTool(client: GitHubClient) {
  return githubTool(client, {
    name: "github_list_branches",
    description:
      "Lists the branches of a repository with their head commits and protection, 50 per page with nextCursor; or only those whose name contains some text.",
    input: branchInput,
    target: (args) => `branches of ${args.repo}`,
    async run(args, ctx) {
      const repo = allowedRepo(client, args.repo);
      const { page } = decodeCursor(args);
      let branches: z.infer<typeof branchSchema>[];
      let nextCursor: string | null = null;
      if (args.contains) {
        branches = (await findBranches(client, repo, args.contains, ctx.signal)).branches.slice(
          0,
          BRANCH_PAGE,
        );
      } else {
        const response = await client.octokit.rest.repos.listBranches({
          ...at(repo),
          per_page: BRANCH_PAGE,
          page,
          request: { signal: ctx.signal },
        });
        branches = parseGitHub(z.array(branchSchema), response.data, "the branch list");
        nextCursor = nextPageCursor(args, page, response.headers.link);
      }
      const result = {
        repository: repo.full,
        items: branches.map((b) => ({
          name: b.name,
          commit: shortSha(b.commit.sha),
          protected: b.protected ?? false,
          jiraKeys: extractJiraKeys(b.name),
        })),
        nextCursor,
      };
      return {
        content: fitJson(result, "items"),
        summary: `Listed ${branches.length} branches of ${repo.full}`,
        citations: jiraCitations(...branches.map((b) => b.name)),
      };
    },
  });
}
