import { z } from "zod";
import type { ToolResult } from "../../agent/tool.ts";
import { projectOfIssue } from "../allow-list.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { cite, fitToBudget, issueLine, moreHint, OUTPUT_BUDGET_CHARS, toJson } from "../format.ts";
import type { IssuePage } from "../search.ts";
import type { JiraToolDeps } from "./deps.ts";

/** Where a list of issues goes on: Jira's page token, issues of that page already shown, page size. */
const Position = z.object({
  t: z.string().optional(),
  s: z.number().int().min(0),
  n: z.number().int().min(1),
});
type Position = z.infer<typeof Position>;

export interface IssueListRequest {
  tool: string;
  /** What the cursor continues (e.g. the JQL); a cursor from another scope is refused. */
  scope: string;
  cursor: string | undefined;
  limit: number;
  fetch(nextPageToken: string | undefined, maxResults: number): Promise<IssuePage>;
  /** Added to the content, e.g. the JQL that ran. */
  header: Record<string, unknown>;
  describe(count: number, more: boolean): string;
}

/**
 * One page of an issue list for the model: the issues that fit the output budget, their
 * citations, and a cursor that continues exactly after the last one shown (inside Jira's page
 * when the budget cut it, else at Jira's next page).
 */
export async function issueListResult(deps: JiraToolDeps, request: IssueListRequest): Promise<ToolResult> {
  const at: Position = request.cursor
    ? decodeCursor(request.cursor, request.scope, Position)
    : { s: 0, n: request.limit };
  const page = await request.fetch(at.t, at.n);
  const visible = page.issues.filter((issue) => deps.allow.has(projectOfIssue(issue.key)));
  const lines = visible.slice(at.s).map(issueLine);
  const { kept, omitted } = fitToBudget(lines, OUTPUT_BUDGET_CHARS - 1500);
  const next: Position | undefined =
    omitted > 0
      ? { ...at, s: at.s + kept.length }
      : page.nextPageToken
        ? { t: page.nextPageToken, s: 0, n: at.n }
        : undefined;
  const cursor = next ? encodeCursor(request.scope, next) : undefined;
  return {
    content: toJson({
      ...request.header,
      issues: kept,
      ...(page.issues.length > visible.length
        ? { hiddenOutsideAllowedProjects: page.issues.length - visible.length }
        : {}),
      nextCursor: cursor,
      note: moreHint(request.tool, cursor) ?? "This is the end of the list.",
    }),
    summary: request.describe(kept.length, cursor !== undefined),
    citations: kept.map((line) => cite(deps.jira, line.key)),
  };
}

/** The page-size argument of list tools. */
export const limitInput = z
  .number()
  .int()
  .min(1)
  .max(50)
  .optional()
  .describe("Issues per call (default 20, at most 50).");

/** The cursor argument of list tools. */
export const cursorInput = z
  .string()
  .max(1000)
  .optional()
  .describe("The nextCursor of the previous call, to continue the same list. Omit it for the first page.");
