import type { z } from "zod";
import { issueCitation, jiraCitations } from "../citations.ts";
import { extractJiraKeys } from "../jira-keys.ts";
import type { commentSchema, issueSchema } from "../schemas.ts";
import { clip, labelNames } from "./shared.ts";

type Issue = z.infer<typeof issueSchema>;

/** One issue or pull request of a list, compact. */
export function issueLine(i: Issue) {
  return {
    number: i.number,
    kind: i.pull_request ? "pull_request" : "issue",
    title: clip(i.title, 200),
    state: i.pull_request?.merged_at ? "merged" : i.state,
    author: i.user?.login ?? null,
    labels: labelNames(i.labels),
    assignees: (i.assignees ?? []).map((a) => a.login),
    comments: i.comments ?? 0,
    updatedAt: i.updated_at,
    jiraKeys: extractJiraKeys(i.title),
  };
}

export function commentLine(c: z.infer<typeof commentSchema>, maxChars: number) {
  return { author: c.user?.login ?? null, createdAt: c.created_at, body: clip(c.body, maxChars) };
}

/** Citations for issues and pull requests of a result: each one's page, and the Jira keys in titles. */
export function issueCitations(full: string, issues: Issue[]) {
  return [
    ...issues.map((i) => issueCitation(full, i.number, i.html_url)),
    ...jiraCitations(...issues.map((i) => i.title)),
  ];
}
