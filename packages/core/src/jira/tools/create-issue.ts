import { createHash } from "node:crypto";
import { z } from "zod";
import { defineTool } from "../../agent/tool.ts";
import { textToAdf } from "../adf.ts";
import type { JiraApi } from "../client.ts";
import { cite, toJson } from "../format.ts";
import { jqlString } from "../jql.ts";
import { parseJira } from "../schemas.ts";
import { searchPage } from "../search.ts";
import { allowedIssueInput, allowedProjectInput } from "./allowed-input.ts";
import type { JiraToolDeps } from "./deps.ts";
import { issueKeyInput } from "./get-issue.ts";

const input = z.strictObject({
  project: z.string().max(20).describe("The project key, e.g. FIN."),
  issueType: z.string().min(1).max(60).default("Task").describe("Task, Story, Bug, Epic or Sub-task."),
  summary: z.string().trim().min(1).max(255),
  description: z.string().max(20_000).optional().describe("Plain text; blank lines separate paragraphs."),
  labels: z
    .array(z.string().regex(/^\S{1,100}$/, "labels have no spaces"))
    .max(10)
    .optional(),
  priority: z.string().max(40).optional().describe("e.g. High, Medium, Low."),
  parent: issueKeyInput.optional().describe("The parent issue (an epic, or the issue of a sub-task)."),
  assigneeAccountId: z.string().max(128).optional().describe("From jira_find_users."),
});
type CreateArgs = z.infer<typeof input>;

const Created = z.object({ id: z.string(), key: z.string() });

/**
 * The label that marks the issue created for one approved call. It is derived from the call's
 * idempotency key, so running the call again finds the issue it already made instead of making another.
 */
export function creationMarker(idempotencyKey: string): string {
  return `finchat-${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 16)}`;
}

async function findMarked(api: JiraApi, project: string, marker: string): Promise<string | undefined> {
  const jql = `project = ${jqlString(project)} AND labels = ${jqlString(marker)}`;
  const page = await searchPage(api, { jql, fields: ["summary"], maxResults: 1 });
  return page.issues[0]?.key;
}

function issueFieldsOf(
  args: CreateArgs,
  project: string,
  parent: string | undefined,
  marker: string | undefined,
) {
  const labels = [...(args.labels ?? []), ...(marker ? [marker] : [])];
  return {
    project: { key: project },
    issuetype: { name: args.issueType },
    summary: args.summary,
    ...(args.description ? { description: textToAdf(args.description) } : {}),
    ...(labels.length ? { labels } : {}),
    ...(args.priority ? { priority: { name: args.priority } } : {}),
    ...(parent ? { parent: { key: parent } } : {}),
    ...(args.assigneeAccountId ? { assignee: { accountId: args.assigneeAccountId } } : {}),
  };
}

/**
 * `jira_create_issue` (write: runs only after a person approves it). Idempotent per call: the new
 * issue carries a label derived from the call id, and an issue with that label is looked for
 * first, so a call run again after a crash reports the issue it made the first time.
 */
export function createIssueTool(deps: JiraToolDeps) {
  return defineTool({
    name: "jira_create_issue",
    description:
      "Create a Jira issue. Needs the person's approval before it runs; call it only when the person asked for a new issue.",
    kind: "write",
    input: input.extend({
      project: allowedProjectInput(deps.allow),
      parent: allowedIssueInput(deps.allow)
        .optional()
        .describe("The parent issue (an epic, or the issue of a sub-task)."),
    }),
    async run(args, ctx) {
      const project = deps.allow.assertProject(args.project);
      const parent = args.parent ? deps.allow.assertIssue(args.parent) : undefined;
      const api = deps.jira.api(ctx.signal);
      const marker = ctx.idempotencyKey ? creationMarker(ctx.idempotencyKey) : undefined;
      const existing = marker ? await findMarked(api, project, marker) : undefined;
      if (existing) {
        return {
          content: toJson({
            created: false,
            key: existing,
            url: deps.jira.browseUrl(existing),
            note: "Already created by this action",
          }),
          summary: `${existing} was already created by this action`,
          citations: [cite(deps.jira, existing)],
        };
      }
      const answer = await api.cloud.issues.createIssue({
        fields: issueFieldsOf(args, project, parent, marker),
        ...(ctx.idempotencyKey
          ? {
              properties: [
                { key: "finchat", value: { idempotencyKey: ctx.idempotencyKey, userId: ctx.userId } },
              ],
            }
          : {}),
      });
      const { key } = parseJira(Created, answer, "the created issue");
      return {
        content: toJson({ created: true, key, url: deps.jira.browseUrl(key), summary: args.summary }),
        summary: `Created ${key}: ${args.summary}`.slice(0, 160),
        citations: [cite(deps.jira, key)],
      };
    },
  });
}
