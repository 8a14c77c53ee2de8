import { z } from "zod";
import { defineTool } from "../../agent/tool.ts";
import type { JiraApi } from "../client.ts";
import { cite, toJson } from "../format.ts";
import { parseJira } from "../schemas.ts";
import type { JiraToolDeps } from "./deps.ts";
import { issueKeyInput } from "./get-issue.ts";

const Transitions = z.object({
  transitions: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        isAvailable: z.boolean().optional(),
        to: z
          .object({ name: z.string(), statusCategory: z.object({ name: z.string().optional() }).optional() })
          .optional(),
      }),
    )
    .default([]),
});
export type Transition = z.infer<typeof Transitions>["transitions"][number];

/** The transitions Jira offers for the issue now. */
export async function transitionsOf(api: JiraApi, key: string): Promise<Transition[]> {
  const answer = await api.cloud.issues.getTransitions({ issueIdOrKey: key });
  return parseJira(Transitions, answer, `the transitions of ${key}`).transitions.filter(
    (t) => t.isAvailable !== false,
  );
}

/** `jira_transitions`: where an issue can move next. */
export function transitionsTool(deps: JiraToolDeps) {
  return defineTool({
    name: "jira_transitions",
    description: "List the workflow transitions available for a Jira issue now (id, name and target status).",
    kind: "read",
    input: z.strictObject({ key: issueKeyInput }),
    async run(args, ctx) {
      const key = deps.allow.assertIssue(args.key);
      const transitions = await transitionsOf(deps.jira.api(ctx.signal), key);
      return {
        content: toJson({
          key,
          transitions: transitions.map((t) => ({
            id: t.id,
            name: t.name,
            to: t.to?.name,
            category: t.to?.statusCategory?.name,
          })),
        }),
        summary: `${key} has ${transitions.length} transitions`,
        citations: [cite(deps.jira, key)],
      };
    },
  });
}
