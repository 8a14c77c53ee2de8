import { z } from "zod";
import { isAppError } from "../../errors.ts";
import type { ProjectAllowList } from "../allow-list.ts";
import { issueKeyInput } from "./get-issue.ts";

/**
 * Arguments checked against JIRA_PROJECTS while the call is validated, before anything else: a
 * write call for a project outside the list is answered with the refusal at once, and never put
 * to the person for approval. The tools check again when they run.
 */
function refusedBy(check: (value: string) => unknown) {
  return (value: string, ctx: z.core.$RefinementCtx<string>) => {
    try {
      check(value);
    } catch (error) {
      if (!isAppError(error)) throw error;
      ctx.addIssue({ code: "custom", message: error.message });
    }
  };
}

/** A project key of an allowed project. */
export function allowedProjectInput(allow: ProjectAllowList) {
  return z
    .string()
    .max(20)
    .superRefine(refusedBy((key) => allow.assertProject(key)))
    .describe("The project key, e.g. FIN.");
}

/** An issue key of an allowed project. */
export function allowedIssueInput(allow: ProjectAllowList) {
  return issueKeyInput.superRefine(refusedBy((key) => allow.assertIssue(key)));
}
