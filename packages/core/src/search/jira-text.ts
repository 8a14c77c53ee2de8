import { JiraComment, listOf } from "../jira/activity.ts";
import { adfToText } from "../jira/adf.ts";
import { issueFields, type JiraIssue, parseJira } from "../jira/schemas.ts";

/** The fields a Jira sync asks for: what its text is made of, and `updated` for the watermark. */
export const INDEX_FIELDS = [
  "summary",
  "description",
  "comment",
  "updated",
  "status",
  "issuetype",
  "project",
];

const MAX_DESCRIPTION_CHARS = 20_000;
const MAX_COMMENT_CHARS = 4000;

/** An issue as the index reads it: the text its chunks are cut from, its project and its `updated`. */
export interface IssueForIndex {
  key: string;
  project: string | undefined;
  updated: string | null;
  text: string;
}

/** Summary, description and comments of an issue as plain text, with a heading line per part. */
export function issueForIndex(issue: JiraIssue): IssueForIndex {
  const fields = issueFields(issue);
  const comments = parseJira(listOf(JiraComment, "comments"), issue.fields.comment ?? {}, "comments");
  const kind = [fields.issuetype?.name, fields.status?.name].filter(Boolean).join(", ");
  const parts = [`${issue.key}: ${fields.summary ?? ""}${kind ? ` (${kind})` : ""}`];
  const description = adfToText(fields.description, MAX_DESCRIPTION_CHARS);
  if (description) parts.push(description);
  for (const comment of comments.items) {
    const text = adfToText(comment.body, MAX_COMMENT_CHARS);
    if (!text) continue;
    const by = [comment.author, comment.created?.slice(0, 10)].filter(Boolean).join(", ");
    parts.push(`Comment${by ? ` (${by})` : ""}:\n${text}`);
  }
  return {
    key: issue.key,
    project: fields.project?.key ?? issue.key.split("-")[0],
    updated: fields.updated,
    text: `${parts.join("\n\n")}\n`,
  };
}
