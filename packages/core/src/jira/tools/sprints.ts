import { z } from "zod";
import { defineTool } from "../../agent/tool.ts";
import { AppError, isAppError } from "../../errors.ts";
import { projectOfIssue } from "../allow-list.ts";
import type { JiraApi } from "../client.ts";
import { cite, LIST_FIELDS, toJson } from "../format.ts";
import { JiraIssue, parseJira } from "../schemas.ts";
import { collectPages, type IssuePage } from "../search.ts";
import { sprintIssueFacts, summarizeSprint } from "../sprint-summary.ts";
import { allowedSprint, sprintLine } from "./agile-access.ts";
import type { JiraToolDeps } from "./deps.ts";
import { cursorInput, issueListResult, limitInput } from "./issue-list.ts";

/** Issues a summary reads at most (following pages to the end or this cap). */
const SUMMARY_CAP = 500;

const sprintIdInput = z.number().int().positive().describe("The sprint id from jira_sprints.");

/** A page of the Agile API's sprint issues: offset-paged, with the total. */
const SprintIssuePage = z.object({
  startAt: z.number().int().min(0).default(0),
  total: z.number().int().min(0).optional(),
  isLast: z.boolean().optional(),
  issues: z.array(JiraIssue).default([]),
});

/**
 * Pages of `GET /rest/agile/1.0/sprint/{id}/issue`, Atlassian's documented Agile API (jira.js calls
 * the Software API path instead). It pages by offset; the offset of the next page is the token.
 */
function sprintPage(
  api: JiraApi,
  sprintId: number,
  request: { jql: string; fields: string[]; expand?: string },
) {
  return async (nextPageToken: string | undefined, maxResults: number): Promise<IssuePage> => {
    const startAt = nextPageToken === undefined ? 0 : Number(nextPageToken);
    const answer = await api.http.sendRequest<unknown>({
      url: `/rest/agile/1.0/sprint/${sprintId}/issue`,
      method: "GET",
      searchParams: {
        jql: request.jql,
        fields: request.fields.join(","),
        startAt,
        maxResults,
        ...(request.expand ? { expand: request.expand } : {}),
      },
    });
    const page = parseJira(SprintIssuePage, answer, `the issues of sprint ${sprintId}`);
    const end = page.startAt + page.issues.length;
    const last =
      page.issues.length === 0 || page.isLast === true || (page.total !== undefined && end >= page.total);
    return { issues: page.issues, nextPageToken: last ? undefined : String(end) };
  };
}

/** `jira_sprint_issues`: the issues of a sprint, a page at a time. */
export function sprintIssuesTool(deps: JiraToolDeps) {
  return defineTool({
    name: "jira_sprint_issues",
    description: "List the issues of a sprint (in rank order), a page at a time.",
    kind: "read",
    input: z.strictObject({ sprintId: sprintIdInput, limit: limitInput, cursor: cursorInput }),
    async run(args, ctx) {
      const api = deps.jira.api(ctx.signal);
      const { sprint } = await allowedSprint(api, deps, args.sprintId);
      return issueListResult(deps, {
        tool: "jira_sprint_issues",
        scope: `sprint:${sprint.id}`,
        cursor: args.cursor,
        limit: args.limit ?? 20,
        fetch: sprintPage(api, sprint.id, { jql: deps.allow.scope(""), fields: LIST_FIELDS }),
        header: { sprint: sprintLine(sprint) },
        describe: (count, more) => `Listed ${count}${more ? "+" : ""} issues of ${sprint.name}`,
      });
    },
  });
}

/** `jira_sprint_summary`: committed vs done, story points and carried-over work, computed in code. */
export function sprintSummaryTool(deps: JiraToolDeps) {
  return defineTool({
    name: "jira_sprint_summary",
    description:
      "Summarise a sprint: issues and story points committed at the start vs added later, done vs not done " +
      "(carried over when the sprint is closed), and completion. Computed from every issue of the sprint.",
    kind: "read",
    input: z.strictObject({ sprintId: sprintIdInput }),
    async run(args, ctx) {
      const api = deps.jira.api(ctx.signal);
      const { sprint, board } = await allowedSprint(api, deps, args.sprintId);
      const pointsField = await deps.storyPointsField(api).catch((error: unknown) => {
        if (ctx.signal.aborted || !(error instanceof Error)) throw error;
        // Without the field the points cannot be added up: say which request failed.
        throw new AppError(
          isAppError(error) ? error.code : "unavailable",
          `Could not find the story-points field, so ${sprint.name} cannot be summed up: ${error.message}`,
        );
      });
      const fields = ["status", "created", "resolutiondate", ...(pointsField ? [pointsField] : [])];
      const fetch = sprintPage(api, sprint.id, { jql: deps.allow.scope(""), fields, expand: "changelog" });
      const { issues, complete } = await collectPages((token) => fetch(token, 100), SUMMARY_CAP);
      const facts = issues
        .filter((issue) => deps.allow.has(projectOfIssue(issue.key)))
        .map((issue) => sprintIssueFacts(issue, sprint, pointsField));
      const summary = summarizeSprint(facts);
      const closed = sprint.state === "closed";
      const { notDone, ...rest } = summary;
      return {
        content: toJson({
          sprint: sprintLine(sprint),
          board: { id: board.id, name: board.name },
          storyPointsField: pointsField ?? "none found: points count as 0",
          ...rest,
          [closed ? "carriedOver" : "notDoneYet"]: notDone,
          ...(complete ? {} : { note: `Only the first ${SUMMARY_CAP} issues were counted.` }),
        }),
        summary: `${sprint.name}: ${summary.done.issues}/${facts.length} issues done, ${summary.done.points} points`,
        citations: [...summary.addedAfterStart.keys, ...notDone.keys].map((key) => cite(deps.jira, key)),
      };
    },
  });
}
