import { z } from "zod";
import { defineTool } from "../../agent/tool.ts";
import { AppError } from "../../errors.ts";
import { projectOfIssue } from "../allow-list.ts";
import { capText, toJson } from "../format.ts";
import { DETAIL_FIELDS, issueDetail } from "../issue-detail.ts";
import { JiraIssue, parseJira } from "../schemas.ts";
import type { JiraToolDeps } from "./deps.ts";

export const issueKeyInput = z.string().min(3).max(40).describe("An issue key such as FIN-123.");

const input = z.strictObject({ key: issueKeyInput });

/** `jira_get_issue`: one issue with its description, links, sub-tasks and newest activity. */
export function getIssueTool(deps: JiraToolDeps) {
  return defineTool({
    name: "jira_get_issue",
    description:
      "Read one Jira issue: fields, description, parent, sub-tasks, links, story points, and its newest comments, " +
      "changes and work logs with their totals.",
    kind: "read",
    input,
    async run(args, ctx) {
      const key = deps.allow.assertIssue(args.key);
      const api = deps.jira.api(ctx.signal);
      // The field list only says where story points live: when it cannot be read, the issue is
      // still shown, with its points named as unknown rather than left out as if it had none.
      let pointsUnknown: string | undefined;
      const pointsField = await deps.storyPointsField(api).catch((error: unknown) => {
        if (ctx.signal.aborted) throw error;
        pointsUnknown = error instanceof Error ? error.message : String(error);
        return undefined;
      });
      const answer = await api.cloud.issues.getIssue({
        issueIdOrKey: key,
        fields: pointsField ? [...DETAIL_FIELDS, pointsField] : DETAIL_FIELDS,
        expand: "changelog",
      });
      const issue = parseJira(JiraIssue, answer, `issue ${key}`);
      if (!deps.allow.has(projectOfIssue(issue.key))) {
        throw new AppError("forbidden", `${key} has moved to ${issue.key}, outside the allowed projects`);
      }
      const { detail, citations } = issueDetail(issue, { ...deps, storyPointsField: pointsField });
      return {
        content: capText(
          toJson(
            pointsUnknown
              ? {
                  ...detail,
                  incomplete: {
                    storyPoints: `Unknown: Jira's field list could not be read (${pointsUnknown})`,
                  },
                }
              : detail,
          ),
        ),
        summary: `Read ${issue.key}: ${detail.summary ?? ""}`.slice(0, 160),
        citations,
      };
    },
  });
}
