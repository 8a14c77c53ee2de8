import { z } from "zod";
import { isAppError } from "../../errors.ts";
import { issueCitation } from "../citations.ts";
import type { GitHubClient } from "../client.ts";
import { commentSchema } from "../schemas.ts";
import { allowedRepo, at, githubTool, parseGitHub, repoArg } from "./shared.ts";

const input = z.strictObject({
  repo: repoArg,
  number: z.number().int().min(1).describe("The issue or pull request number"),
  body: z.string().trim().min(1).max(10_000).describe("The comment, in GitHub Markdown"),
});

/** The one GitHub write: a comment on an issue or pull request, run only after a person approves it. */
export function commentTool(client: GitHubClient) {
  return githubTool(client, {
    name: "github_comment",
    kind: "write",
    description:
      "Posts a comment on an issue or pull request. It runs only after the person approves this exact call; use it only when the person asked for the comment.",
    // Checked while the call is validated: a repository outside the allow-list is refused at once,
    // never put to the person for approval (run checks again).
    input: input.extend({
      repo: repoArg.superRefine((repo, ctx) => {
        try {
          allowedRepo(client, repo);
        } catch (error) {
          if (!isAppError(error)) throw error;
          ctx.addIssue({ code: "custom", message: error.message });
        }
      }),
    }),
    target: (args) => `${args.repo} #${args.number}`,
    async run(args, ctx) {
      const repo = allowedRepo(client, args.repo);
      const { data } = await client.octokit.rest.issues.createComment({
        ...at(repo),
        issue_number: args.number,
        body: args.body,
        request: { signal: ctx.signal },
      });
      const comment = parseGitHub(commentSchema, data, "the new comment");
      return {
        content: JSON.stringify({ posted: true, url: comment.html_url }),
        summary: `Commented on ${repo.full}#${args.number}`,
        citations: [issueCitation(repo.full, args.number, comment.html_url)],
      };
    },
  });
}
