import { z } from "zod";
import { defineTool } from "../../agent/tool.ts";
import { toJson } from "../format.ts";
import { parseJira } from "../schemas.ts";
import type { JiraToolDeps } from "./deps.ts";

const Users = z.array(
  z.object({
    accountId: z.string(),
    displayName: z.string().optional(),
    active: z.boolean().optional(),
    accountType: z.string().optional(),
  }),
);

/** `jira_find_users`: people by name or email, for their account ids. */
export function findUsersTool(deps: JiraToolDeps) {
  return defineTool({
    name: "jira_find_users",
    description: "Find Jira users by name or email; returns account ids (for assignees) and display names.",
    kind: "read",
    input: z.strictObject({ query: z.string().min(2).max(100) }),
    async run(args, ctx) {
      const answer = await deps.jira
        .api(ctx.signal)
        .cloud.userSearch.findUsers({ query: args.query, maxResults: 20 });
      const users = parseJira(Users, answer, "users")
        .filter((u) => u.accountType === undefined || u.accountType === "atlassian")
        .map((u) => ({ accountId: u.accountId, name: u.displayName, active: u.active }));
      return {
        content: toJson({ query: args.query, users }),
        summary: `Found ${users.length} Jira users for "${args.query.slice(0, 40)}"`,
      };
    },
  });
}
