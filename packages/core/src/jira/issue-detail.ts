import type { Citation } from "../agent/tool.ts";
import {
  changeLine,
  commentLine,
  JiraComment,
  JiraWorklog,
  listOf,
  newest,
  worklogLine,
} from "./activity.ts";
import { adfToText } from "./adf.ts";
import { type ProjectAllowList, projectOfIssue } from "./allow-list.ts";
import type { JiraClient } from "./client.ts";
import { cite, clip } from "./format.ts";
import { issueFields, JiraChangelog, type JiraIssue, parseJira } from "./schemas.ts";

/** The fields `jira_get_issue` asks for (plus the story-points field when the site has one). */
export const DETAIL_FIELDS = [
  "summary",
  "status",
  "issuetype",
  "priority",
  "assignee",
  "reporter",
  "labels",
  "created",
  "updated",
  "resolutiondate",
  "duedate",
  "description",
  "project",
  "parent",
  "subtasks",
  "issuelinks",
  "components",
  "fixVersions",
  "timetracking",
  "comment",
  "worklog",
];

const LATEST_COMMENTS = 5;
const LATEST_CHANGES = 10;
const LATEST_WORKLOGS = 5;
const MAX_RELATED = 15;

type Related = {
  key: string;
  fields?: { summary?: string | undefined; status?: { name: string } | undefined };
};

/**
 * An issue as the model reads it: its fields, a bounded description, links and sub-tasks (issues
 * of other projects show their key only), and the newest comments, changes and work logs with
 * their totals. Returns the citations of every allowed issue it names.
 */
export function issueDetail(
  issue: JiraIssue,
  context: { jira: JiraClient; allow: ProjectAllowList; storyPointsField: string | undefined },
) {
  const f = issueFields(issue);
  const citations: Citation[] = [cite(context.jira, issue.key)];
  const related = (other: Related, extra: Record<string, string> = {}) => {
    if (!context.allow.has(projectOfIssue(other.key)))
      return { ...extra, key: other.key, note: "outside the allowed projects" };
    citations.push(cite(context.jira, other.key));
    return {
      ...extra,
      key: other.key,
      summary: clip(other.fields?.summary, 120),
      status: other.fields?.status?.name,
    };
  };
  const comments = parseJira(listOf(JiraComment, "comments"), issue.fields.comment ?? {}, "comments");
  const worklogs = parseJira(listOf(JiraWorklog, "worklogs"), issue.fields.worklog ?? {}, "work logs");
  const changes = parseJira(listOf(JiraChangelog, "histories"), issue.changelog ?? {}, "the changelog");
  const points = context.storyPointsField ? issue.fields[context.storyPointsField] : undefined;
  const detail = {
    key: issue.key,
    project: f.project?.key,
    summary: f.summary,
    type: f.issuetype?.name,
    status: f.status?.name,
    statusCategory: f.status?.statusCategory?.name,
    priority: f.priority?.name,
    assignee: f.assignee ?? "unassigned",
    reporter: f.reporter ?? undefined,
    created: f.created ?? undefined,
    updated: f.updated ?? undefined,
    resolved: f.resolutiondate ?? undefined,
    due: f.duedate ?? undefined,
    storyPoints: typeof points === "number" ? points : undefined,
    labels: f.labels?.length ? f.labels : undefined,
    components: f.components?.map((c) => c.name),
    fixVersions: f.fixVersions?.map((v) => v.name),
    timeTracking: f.timetracking,
    parent: f.parent ? related(f.parent) : undefined,
    description: adfToText(f.description, 2500),
    subtasks: (f.subtasks ?? []).slice(0, MAX_RELATED).map((s) => related(s)),
    links: (f.issuelinks ?? []).slice(0, MAX_RELATED).flatMap((link) => {
      if (link.outwardIssue)
        return [related(link.outwardIssue, { relation: link.type.outward ?? link.type.name })];
      if (link.inwardIssue)
        return [related(link.inwardIssue, { relation: link.type.inward ?? link.type.name })];
      return [];
    }),
    comments: {
      total: comments.total,
      newest: newest(comments.items, (c) => c.created, LATEST_COMMENTS).map((c) => commentLine(c, 500)),
    },
    changes: {
      total: changes.total,
      newest: newest(changes.items, (h) => h.created, LATEST_CHANGES).map(changeLine),
    },
    worklogs: {
      total: worklogs.total,
      newest: newest(worklogs.items, (w) => w.started, LATEST_WORKLOGS).map(worklogLine),
    },
    note: "Only the newest comments, changes and work logs are shown; jira_issue_activity pages through all of them.",
  };
  return { detail, citations };
}
