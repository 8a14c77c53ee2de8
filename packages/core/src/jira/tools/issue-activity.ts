import { z } from "zod";
import { defineTool } from "../../agent/tool.ts";
import { changeLine, commentLine, JiraComment, JiraWorklog, listOf, worklogLine } from "../activity.ts";
import type { JiraApi } from "../client.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { cite, fitToBudget, moreHint, OUTPUT_BUDGET_CHARS, toJson } from "../format.ts";
import { JiraChangelog, parseJira } from "../schemas.ts";
import type { JiraToolDeps } from "./deps.ts";
import { issueKeyInput } from "./get-issue.ts";
import { cursorInput } from "./issue-list.ts";

const Kind = z.enum(["comments", "changelog", "worklogs"]);
type Kind = z.infer<typeof Kind>;

const input = z.strictObject({
  key: issueKeyInput,
  kind: Kind.describe("Which history to read, oldest first."),
  cursor: cursorInput,
});

const PAGE_SIZE = 30;
const Position = z.object({ o: z.number().int().min(0) });

/** Reads one page of the kind of activity at `startAt`, as lines for the model. */
async function readPage(
  api: JiraApi,
  key: string,
  kind: Kind,
  startAt: number,
): Promise<{ total: number; lines: object[] }> {
  const page = { issueIdOrKey: key, startAt, maxResults: PAGE_SIZE };
  if (kind === "comments") {
    const answer = await api.cloud.issueComments.getComments({ ...page, orderBy: "created" });
    const list = parseJira(listOf(JiraComment, "comments"), answer, "comments");
    return { total: list.total, lines: list.items.map((c) => commentLine(c, 800)) };
  }
  if (kind === "changelog") {
    const list = parseJira(
      listOf(JiraChangelog, "values"),
      await api.cloud.issues.getChangeLogs(page),
      "changelog",
    );
    return { total: list.total, lines: list.items.map(changeLine) };
  }
  const answer = await api.cloud.issueWorklogs.getIssueWorklog(page);
  const list = parseJira(listOf(JiraWorklog, "worklogs"), answer, "work logs");
  return { total: list.total, lines: list.items.map(worklogLine) };
}

/** `jira_issue_activity`: every comment, change or work log of an issue, a page at a time. */
export function issueActivityTool(deps: JiraToolDeps) {
  return defineTool({
    name: "jira_issue_activity",
    description:
      "Page through all comments, changelog entries or work logs of a Jira issue, oldest first " +
      "(jira_get_issue shows only the newest few).",
    kind: "read",
    input,
    async run(args, ctx) {
      const key = deps.allow.assertIssue(args.key);
      const scope = `activity:${key}:${args.kind}`;
      const startAt = args.cursor ? decodeCursor(args.cursor, scope, Position).o : 0;
      const { total, lines } = await readPage(deps.jira.api(ctx.signal), key, args.kind, startAt);
      const { kept } = fitToBudget(lines, OUTPUT_BUDGET_CHARS - 800);
      const end = startAt + kept.length;
      const cursor = end < total && kept.length > 0 ? encodeCursor(scope, { o: end }) : undefined;
      return {
        content: toJson({
          key,
          kind: args.kind,
          total,
          showing: kept.length ? `${startAt + 1}-${end}` : "none",
          [args.kind]: kept,
          nextCursor: cursor,
          note: moreHint("jira_issue_activity", cursor) ?? "This is the end of the list.",
        }),
        summary: `Read ${kept.length} of ${total} ${args.kind} of ${key}`,
        citations: [cite(deps.jira, key)],
      };
    },
  });
}
