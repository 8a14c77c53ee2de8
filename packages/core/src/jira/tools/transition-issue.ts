import { z } from "zod";
import { defineTool } from "../../agent/tool.ts";
import { AppError } from "../../errors.ts";
import { textToAdf } from "../adf.ts";
import { cite, toJson } from "../format.ts";
import { allowedIssueInput } from "./allowed-input.ts";
import type { JiraToolDeps } from "./deps.ts";
import { issueKeyInput } from "./get-issue.ts";
import { type Transition, transitionsOf } from "./transitions.ts";

const input = z.strictObject({
  key: issueKeyInput,
  transition: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .describe("The transition's id or name, or the status to move to (see jira_transitions)."),
  comment: z.string().trim().max(20_000).optional().describe("A comment to add with the transition."),
});

/** The transition named by id, by name, or by the status it leads to (case-insensitive). */
function pick(transitions: Transition[], wanted: string): Transition | undefined {
  const lower = wanted.toLowerCase();
  return (
    transitions.find((t) => t.id === wanted) ??
    transitions.find((t) => t.name.toLowerCase() === lower) ??
    transitions.find((t) => t.to?.name.toLowerCase() === lower)
  );
}

/** `jira_transition_issue` (write: runs only after a person approves it). */
export function transitionIssueTool(deps: JiraToolDeps) {
  return defineTool({
    name: "jira_transition_issue",
    description:
      "Move a Jira issue through its workflow (e.g. to In Progress or Done), optionally with a comment. Needs the " +
      "person's approval before it runs; call it only when the person asked for it.",
    kind: "write",
    input: input.extend({ key: allowedIssueInput(deps.allow) }),
    async run(args, ctx) {
      const key = deps.allow.assertIssue(args.key);
      const api = deps.jira.api(ctx.signal);
      const transitions = await transitionsOf(api, key);
      const chosen = pick(transitions, args.transition);
      if (!chosen) {
        const offered = transitions.map((t) => `${t.name} (id ${t.id}) → ${t.to?.name ?? "?"}`).join("; ");
        throw new AppError(
          "invalid_request",
          `${key} has no transition "${args.transition}" now. Available: ${offered || "none"}`,
        );
      }
      await api.cloud.issues.doTransition({
        issueIdOrKey: key,
        transition: { id: chosen.id },
        ...(args.comment ? { update: { comment: [{ add: { body: textToAdf(args.comment) } }] } } : {}),
      });
      return {
        content: toJson({
          key,
          transition: chosen.name,
          status: chosen.to?.name,
          commented: Boolean(args.comment),
        }),
        summary: `Moved ${key} to ${chosen.to?.name ?? chosen.name}`,
        citations: [cite(deps.jira, key)],
      };
    },
  });
}
