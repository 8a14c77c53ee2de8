/** The testkit Jira server's state: plain records the routes read and the writes change. */

export type AdfDoc = { type: "doc"; version: 1; content: unknown[] };

export interface JiraUserRecord {
  accountId: string;
  displayName: string;
  email: string;
  active: boolean;
  accountType: "atlassian" | "app";
}

export interface StatusRecord {
  id: string;
  name: string;
  category: "new" | "indeterminate" | "done";
}

export interface IssueTypeRecord {
  id: string;
  name: string;
  subtask: boolean;
  hierarchyLevel: number;
}

export interface ProjectRecord {
  id: string;
  key: string;
  name: string;
  description: string;
  leadId: string;
  typeKey: "software" | "business";
  components: { id: string; name: string; description: string; leadId?: string }[];
  versions: {
    id: string;
    name: string;
    description: string;
    released: boolean;
    archived: boolean;
    startDate?: string;
    releaseDate?: string;
  }[];
}

export interface CommentRecord {
  id: string;
  authorId: string;
  body: AdfDoc;
  created: string;
  properties: { key: string; value: unknown }[];
}

export interface WorklogRecord {
  id: string;
  authorId: string;
  started: string;
  timeSpentSeconds: number;
  comment?: AdfDoc;
  created: string;
  /** When the work log last changed (ISO 8601 UTC); the updated-worklogs feed orders by it. */
  updated: string;
  /** The logger's UTC offset `started` is shown in (`+10:00`); UTC when absent. */
  startedOffset?: string;
}

/** A deleted work log, as the deleted-worklogs feed reports it. */
export interface DeletedWorklogRecord {
  id: string;
  issueId: string;
  deleted: string;
}

export interface ChangeItem {
  field: string;
  fieldtype: "jira" | "custom";
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface HistoryRecord {
  id: string;
  authorId: string;
  created: string;
  items: ChangeItem[];
}

export interface IssueRecord {
  id: string;
  key: string;
  projectKey: string;
  typeId: string;
  summary: string;
  description: AdfDoc | null;
  statusId: string;
  priority: string;
  assigneeId: string | null;
  reporterId: string;
  labels: string[];
  created: string;
  updated: string;
  resolved: string | null;
  due: string | null;
  parentKey: string | null;
  components: string[];
  fixVersions: string[];
  storyPoints: number | null;
  sprintIds: number[];
  originalEstimateSeconds: number | null;
  comments: CommentRecord[];
  worklogs: WorklogRecord[];
  changelog: HistoryRecord[];
  properties: Record<string, unknown>;
}

/** What a caller chooses about a new issue; {@link newIssueRecord} fills the rest. */
export type NewIssueFields = Pick<
  IssueRecord,
  "id" | "key" | "projectKey" | "typeId" | "summary" | "reporterId" | "labels" | "parentKey" | "components"
> &
  Partial<Pick<IssueRecord, "description" | "priority" | "assigneeId" | "properties">>;

/**
 * A new issue as this server creates one: open (status 10000), created and updated `now`, with no
 * due day, versions, points, sprints, estimate, comments, worklogs or history yet; priority Medium,
 * unassigned, no description and no properties unless `fields` says otherwise.
 */
export function newIssueRecord(fields: NewIssueFields, now: string): IssueRecord {
  return {
    id: fields.id,
    key: fields.key,
    projectKey: fields.projectKey,
    typeId: fields.typeId,
    summary: fields.summary,
    description: fields.description ?? null,
    statusId: "10000",
    priority: fields.priority ?? "Medium",
    assigneeId: fields.assigneeId ?? null,
    reporterId: fields.reporterId,
    labels: fields.labels,
    created: now,
    updated: now,
    resolved: null,
    due: null,
    parentKey: fields.parentKey,
    components: fields.components,
    fixVersions: [],
    storyPoints: null,
    sprintIds: [],
    originalEstimateSeconds: null,
    comments: [],
    worklogs: [],
    changelog: [],
    properties: fields.properties ?? {},
  };
}

export interface LinkRecord {
  id: string;
  type: "Blocks" | "Relates" | "Duplicate";
  outwardKey: string;
  inwardKey: string;
}

export interface BoardRecord {
  id: number;
  name: string;
  type: "scrum" | "kanban";
  projectKey: string;
}

export interface SprintRecord {
  id: number;
  name: string;
  state: "future" | "active" | "closed";
  boardId: number;
  goal: string;
  createdDate: string;
  startDate?: string;
  endDate?: string;
  completeDate?: string;
}

export interface JiraState {
  users: JiraUserRecord[];
  statuses: StatusRecord[];
  issueTypes: IssueTypeRecord[];
  priorities: string[];
  projects: ProjectRecord[];
  issues: IssueRecord[];
  links: LinkRecord[];
  boards: BoardRecord[];
  sprints: SprintRecord[];
  /** Work logs deleted since the site started, for `GET /rest/api/3/worklog/deleted`. */
  deletedWorklogs: DeletedWorklogRecord[];
  /** Ids handed out to new records (issues, comments, work logs, histories). */
  nextId: number;
}

/** The workflow: every status can be reached from every other, through the transition named here. */
export const TRANSITIONS: { id: string; name: string; toStatusId: string }[] = [
  { id: "11", name: "To Do", toStatusId: "10000" },
  { id: "21", name: "Start progress", toStatusId: "3" },
  { id: "31", name: "Review", toStatusId: "10001" },
  { id: "41", name: "Done", toStatusId: "10002" },
];

export const STORY_POINTS_FIELD = "customfield_10016";
export const SPRINT_FIELD = "customfield_10020";

/** Finds a record or returns undefined, by a case-insensitive key. */
export function findIssue(state: JiraState, keyOrId: string): IssueRecord | undefined {
  const wanted = keyOrId.toUpperCase();
  return state.issues.find((i) => i.key === wanted || i.id === keyOrId);
}

export function userOf(state: JiraState, accountId: string | null): JiraUserRecord | undefined {
  return accountId ? state.users.find((u) => u.accountId === accountId) : undefined;
}

export function statusOf(state: JiraState, issue: IssueRecord): StatusRecord {
  return state.statuses.find((s) => s.id === issue.statusId) as StatusRecord;
}

export function typeOf(state: JiraState, issue: IssueRecord): IssueTypeRecord {
  return state.issueTypes.find((t) => t.id === issue.typeId) as IssueTypeRecord;
}

/** Jira's timestamp format: `2024-05-06T09:00:00.000+0000`. */
export function jiraTime(iso: string): string {
  return new Date(iso).toISOString().replace("Z", "+0000");
}

/** `iso` shown in a UTC offset (`+10:00`, `-0700`) in Jira's format: `2024-05-06T19:00:00.000+1000`. */
export function jiraTimeIn(iso: string, offset: string | undefined): string {
  const match = offset ? /^([+-])(\d{2}):?(\d{2})$/.exec(offset) : null;
  if (!match) return jiraTime(iso);
  const minutes = (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
  const local = new Date(Date.parse(iso) + minutes * 60_000).toISOString().replace("Z", "");
  return `${local}${match[1]}${match[2]}${match[3]}`;
}

/** A plain-text ADF document, one paragraph per blank-line-separated block. */
export function adf(text: string): AdfDoc {
  return {
    type: "doc",
    version: 1,
    content: text.split(/\n{2,}/).map((p) => ({ type: "paragraph", content: [{ type: "text", text: p }] })),
  };
}

/** Seconds as Jira writes a duration: `1d 2h 30m` (8-hour days, 5-day weeks). */
export function formatDuration(seconds: number): string {
  const parts: string[] = [];
  let rest = Math.round(seconds / 60);
  for (const [unit, minutes] of [
    ["w", 2400],
    ["d", 480],
    ["h", 60],
    ["m", 1],
  ] as const) {
    if (rest >= minutes) {
      parts.push(`${Math.floor(rest / minutes)}${unit}`);
      rest %= minutes;
    }
  }
  return parts.join(" ") || "0m";
}

/** Parses `1h 30m`, `2d`, `1.5h`; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const units: Record<string, number> = { w: 144_000, d: 28_800, h: 3600, m: 60 };
  const parts = text.trim().toLowerCase().split(/\s+/);
  let total = 0;
  for (const part of parts) {
    const match = /^(\d+(?:\.\d+)?)([wdhm])$/.exec(part);
    if (!match) return undefined;
    total += Number(match[1]) * (units[match[2] as string] as number);
  }
  return total > 0 ? Math.round(total) : undefined;
}
