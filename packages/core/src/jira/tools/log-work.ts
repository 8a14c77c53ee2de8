import { z } from "zod";
import { defineTool } from "../../agent/tool.ts";
import { textToAdf } from "../adf.ts";
import { cite, toJson } from "../format.ts";
import { parseJira } from "../schemas.ts";
import { allowedIssueInput } from "./allowed-input.ts";
import type { JiraToolDeps } from "./deps.ts";
import { issueKeyInput } from "./get-issue.ts";

const input = z.strictObject({
  key: issueKeyInput,
  timeSpent: z
    .string()
    .trim()
    .regex(/^(\d+(\.\d+)?\s*[wdhm]\s*)+$/i, 'a Jira duration such as "1h 30m" or "2d"')
    .max(40),
  started: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("When the work started (ISO 8601); default now."),
  comment: z.string().trim().max(5000).optional(),
});

/** A time as Jira's worklog API wants it: `2024-05-01T09:30:00.000+0000`. */
export function jiraDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+0000");
}

/** `jira_log_work` (write: runs only after a person approves it). */
export function logWorkTool(deps: JiraToolDeps) {
  return defineTool({
    name: "jira_log_work",
    description:
      "Log time worked on a Jira issue. Needs the person's approval before it runs; call it only when the person asked for it.",
    kind: "write",
    input: input.extend({ key: allowedIssueInput(deps.allow) }),
    async run(args, ctx) {
      const key = deps.allow.assertIssue(args.key);
      const started = args.started ? new Date(args.started) : new Date();
      const answer = await deps.jira.api(ctx.signal).cloud.issueWorklogs.addWorklog({
        issueIdOrKey: key,
        timeSpent: args.timeSpent,
        started: jiraDateTime(started),
        ...(args.comment ? { comment: textToAdf(args.comment) } : {}),
      });
      const worklog = parseJira(
        z.object({ id: z.string(), timeSpent: z.string().optional() }),
        answer,
        "the work log",
      );
      return {
        content: toJson({ key, worklogId: worklog.id, timeSpent: worklog.timeSpent ?? args.timeSpent }),
        summary: `Logged ${args.timeSpent} on ${key}`,
        citations: [cite(deps.jira, key)],
      };
    },
  });
}
