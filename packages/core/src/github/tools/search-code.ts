import { z } from "zod";
import { AppError } from "../../errors.ts";
import { fileCitation, shortSha } from "../citations.ts";
import type { GitHubClient } from "../client.ts";
import { decodeCursor, encodeCursor, hasNextPage } from "../cursor.ts";
import { codeSearchSchema } from "../schemas.ts";
import {
  allowedRepo,
  clip,
  cursorArg,
  fitJson,
  githubTool,
  PAGE_SIZE,
  parseGitHub,
  repoArg,
  SEARCH_TIMED_OUT,
} from "./shared.ts";

const input = z.strictObject({
  repo: repoArg,
  query: z
    .string()
    .min(1)
    .max(200)
    .describe(
      "Words or an identifier to find in the code, e.g. postEntry; GitHub qualifiers such as language:ts are allowed",
    ),
  path: z.string().max(300).optional().describe("Only files under this path, e.g. src/"),
  cursor: cursorArg,
});

/** Rejects qualifiers that would widen a search beyond the repository the tool scopes it to. */
export function assertNoScopeQualifiers(query: string): void {
  if (/(^|\s)(repo|org|user):/i.test(query)) {
    throw new AppError(
      "invalid_request",
      "Name the repository in the repo argument, not with repo:, org: or user: in the query",
    );
  }
}

export function searchCodeTool(client: GitHubClient) {
  return githubTool(client, {
    name: "github_search_code",
    description:
      "Searches the code of one repository (its default branch) and returns matching files with a matching fragment. Read a hit with github_get_file.",
    input,
    target: (args) => `code matching "${args.query}" in ${args.repo}`,
    async run(args, ctx) {
      const repo = allowedRepo(client, args.repo);
      assertNoScopeQualifiers(args.query);
      const { page } = decodeCursor(args);
      const q = `${args.query} repo:${repo.full}${args.path ? ` path:${args.path}` : ""}`;
      const response = await client.octokit.rest.search.code({
        q,
        per_page: PAGE_SIZE,
        page,
        mediaType: { format: "text-match" },
        request: { signal: ctx.signal },
      });
      const found = parseGitHub(codeSearchSchema, response.data, "the code search");
      const hits = found.items.map((item) => ({
        path: item.path,
        sha: item.html_url.match(/\/blob\/([0-9a-f]{40})\//)?.[1],
        fragment: clip(item.text_matches?.[0]?.fragment, 300),
      }));
      const more = hasNextPage(response.headers.link);
      const result = {
        repository: repo.full,
        query: args.query,
        totalCount: found.total_count,
        hits: hits.map(({ path, sha, fragment }) => ({ path, commit: sha ? shortSha(sha) : null, fragment })),
        nextCursor: more ? encodeCursor(args, { page: page + 1 }) : null,
        ...(found.incomplete_results ? { incomplete: SEARCH_TIMED_OUT } : {}),
      };
      return {
        content: fitJson(result, "hits"),
        summary:
          `Found ${found.total_count} files matching "${args.query}" in ${repo.full}` +
          (found.incomplete_results ? " (incomplete: GitHub's search timed out)" : ""),
        citations: hits.flatMap((h) =>
          h.sha ? [fileCitation(client.webUrl, repo.full, h.sha, h.path)] : [],
        ),
      };
    },
  });
}
