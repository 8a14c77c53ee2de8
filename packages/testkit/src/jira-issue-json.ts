import {
  formatDuration,
  type IssueRecord,
  jiraTime,
  SPRINT_FIELD,
  STORY_POINTS_FIELD,
} from "./jira-model.ts";
import type { JiraRenderer } from "./jira-render.ts";

type FieldWriter = (r: JiraRenderer, issue: IssueRecord) => unknown;

const WORKLOGS_EMBEDDED = 20;

const FIELDS: Record<string, FieldWriter> = {
  summary: (_r, i) => i.summary,
  status: (r, i) => r.status(i),
  issuetype: (r, i) => r.issueType(i),
  priority: (r, i) => ({ self: `${r.base}/rest/api/3/priority/3`, name: i.priority, id: "3" }),
  assignee: (r, i) => r.user(i.assigneeId),
  reporter: (r, i) => r.user(i.reporterId),
  creator: (r, i) => r.user(i.reporterId),
  labels: (_r, i) => i.labels,
  created: (_r, i) => jiraTime(i.created),
  updated: (_r, i) => jiraTime(i.updated),
  resolutiondate: (_r, i) => (i.resolved ? jiraTime(i.resolved) : null),
  resolution: (r, i) =>
    i.resolved ? { self: `${r.base}/rest/api/3/resolution/1`, id: "1", name: "Done" } : null,
  duedate: (_r, i) => i.due,
  description: (_r, i) => i.description,
  project: (r, i) => r.project(i.projectKey),
  parent: (r, i) => (i.parentKey ? r.issueRef(i.parentKey) : undefined),
  subtasks: (r, i) =>
    r.state.issues.filter((s) => s.parentKey === i.key && s.typeId === "10004").map((s) => r.issueRef(s.key)),
  issuelinks: (r, i) => links(r, i),
  components: (r, i) =>
    i.components.map((name) => ({ self: `${r.base}/rest/api/3/component/${name}`, id: name, name })),
  fixVersions: (r, i) =>
    i.fixVersions.map((name) => ({
      self: `${r.base}/rest/api/3/version/${name}`,
      id: name,
      name,
      archived: false,
      released: false,
    })),
  timetracking: (_r, i) => timetracking(i),
  comment: (r, i) => ({
    comments: i.comments.map((c) => r.comment(i, c)),
    self: `${r.base}/rest/api/3/issue/${i.id}/comment`,
    maxResults: i.comments.length,
    total: i.comments.length,
    startAt: 0,
  }),
  worklog: (r, i) => ({
    startAt: 0,
    maxResults: WORKLOGS_EMBEDDED,
    total: i.worklogs.length,
    worklogs: i.worklogs.slice(0, WORKLOGS_EMBEDDED).map((w) => r.worklog(i, w)),
  }),
  [STORY_POINTS_FIELD]: (_r, i) => i.storyPoints,
  [SPRINT_FIELD]: (r, i) =>
    i.sprintIds.length
      ? i.sprintIds.map((id) => ({ ...r.sprint(id), boardId: r.sprint(id)?.originBoardId }))
      : null,
};

/** Which fields a `fields` parameter selects (`*all`, `*navigable`, names, `-name` exclusions). */
export function selectFields(requested: string[], fallback: string): string[] {
  const tokens = (requested.length ? requested : [fallback])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  const all = Object.keys(FIELDS);
  const chosen = new Set<string>();
  const navigable = all.filter((f) => f !== "comment" && f !== "worklog");
  for (const token of tokens) {
    const names = token === "*all" ? all : token === "*navigable" ? navigable : FIELDS[token] ? [token] : [];
    for (const name of names) chosen.add(name);
  }
  for (const token of tokens) if (token.startsWith("-")) chosen.delete(token.slice(1));
  return [...chosen];
}

/** An issue as the REST API answers it: only the selected fields, the changelog when expanded. */
export function issueJson(r: JiraRenderer, issue: IssueRecord, fields: string[], expand: string[]) {
  const rendered: Record<string, unknown> = {};
  for (const name of fields) {
    const value = (FIELDS[name] as FieldWriter)(r, issue);
    if (value !== undefined) rendered[name] = value;
  }
  const histories = issue.changelog.map((h) => r.history(h));
  return {
    expand: "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
    id: issue.id,
    self: `${r.base}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
    ...(fields.length ? { fields: rendered } : {}),
    ...(expand.includes("changelog")
      ? { changelog: { startAt: 0, maxResults: histories.length, total: histories.length, histories } }
      : {}),
  };
}

function links(r: JiraRenderer, issue: IssueRecord) {
  const names = {
    Blocks: ["blocks", "is blocked by"],
    Relates: ["relates to", "relates to"],
    Duplicate: ["duplicates", "is duplicated by"],
  };
  return r.state.links
    .filter((l) => l.outwardKey === issue.key || l.inwardKey === issue.key)
    .map((l) => {
      const [outward, inward] = names[l.type];
      const type = {
        id: l.type,
        name: l.type,
        inward,
        outward,
        self: `${r.base}/rest/api/3/issueLinkType/${l.type}`,
      };
      const base = { id: l.id, self: `${r.base}/rest/api/3/issueLink/${l.id}`, type };
      return l.outwardKey === issue.key
        ? { ...base, outwardIssue: r.issueRef(l.inwardKey) }
        : { ...base, inwardIssue: r.issueRef(l.outwardKey) };
    });
}

function timetracking(issue: IssueRecord) {
  const spent = issue.worklogs.reduce((sum, w) => sum + w.timeSpentSeconds, 0);
  const original = issue.originalEstimateSeconds;
  if (original === null && spent === 0) return {};
  const fmt = formatDuration;
  const remaining = Math.max(0, (original ?? 0) - spent);
  return {
    ...(original !== null ? { originalEstimate: fmt(original), originalEstimateSeconds: original } : {}),
    remainingEstimate: fmt(remaining),
    remainingEstimateSeconds: remaining,
    ...(spent ? { timeSpent: fmt(spent), timeSpentSeconds: spent } : {}),
  };
}
