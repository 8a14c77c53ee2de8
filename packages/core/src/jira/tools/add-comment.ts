import { z } from "zod";
import { defineTool } from "../../agent/tool.ts";
import { textToAdf } from "../adf.ts";
import { cite, clip, toJson } from "../format.ts";
import { parseJira } from "../schemas.ts";
import { allowedIssueInput } from "./allowed-input.ts";
import type { JiraToolDeps } from "./deps.ts";

/** `jira_add_comment` (write: runs only after a person approves it). */
export function addCommentTool(deps: JiraToolDeps) {
  return defineTool({
    name: "jira_add_comment",
    description:
      "Add a comment to a Jira issue. Needs the person's approval before it runs; call it only when the person asked for it.",
    kind: "write",
    input: z.strictObject({
      key: allowedIssueInput(deps.allow),
      body: z.string().trim().min(1).max(20_000).describe("Plain text; blank lines separate paragraphs."),
    }),
    async run(args, ctx) {
      const key = deps.allow.assertIssue(args.key);
      const answer = await deps.jira
        .api(ctx.signal)
        .cloud.issueComments.addComment({ issueIdOrKey: key, body: textToAdf(args.body) });
      const { id } = parseJira(z.object({ id: z.string() }), answer, "the new comment");
      return {
        content: toJson({ key, commentId: id, added: true }),
        summary: `Commented on ${key}: ${clip(args.body, 100)}`,
        citations: [cite(deps.jira, key)],
      };
    },
  });
}
