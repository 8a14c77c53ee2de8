import { z } from "zod";
import { defineTool } from "../../agent/tool.ts";
import { clip, LIST_FIELDS } from "../format.ts";
import { searchPage } from "../search.ts";
import type { JiraToolDeps } from "./deps.ts";
import { cursorInput, issueListResult, limitInput } from "./issue-list.ts";

const input = z.strictObject({
  jql: z
    .string()
    .min(1)
    .max(2000)
    .describe('JQL, e.g. project = FIN AND status = "In Progress" ORDER BY updated DESC'),
  limit: limitInput,
  cursor: cursorInput,
});

/** `jira_search`: issues matching JQL, restricted to the allowed projects, a page at a time. */
export function searchTool(deps: JiraToolDeps) {
  return defineTool({
    name: "jira_search",
    description:
      "Search Jira issues with JQL. Only the allowed projects are searched (the restriction is added for you). " +
      "Returns key, summary, status, type, priority, assignee and last update per issue, and a nextCursor when more exist.",
    kind: "read",
    input,
    async run(args, ctx) {
      const api = deps.jira.api(ctx.signal);
      const jql = deps.allow.scope(args.jql);
      return issueListResult(deps, {
        tool: "jira_search",
        scope: `search:${args.jql}`,
        cursor: args.cursor,
        limit: args.limit ?? 20,
        fetch: (nextPageToken, maxResults) =>
          searchPage(api, { jql, fields: LIST_FIELDS, maxResults, nextPageToken }),
        header: { jql },
        describe: (count, more) => `Found ${count}${more ? "+" : ""} issues for ${clip(args.jql, 80)}`,
      });
    },
  });
}
