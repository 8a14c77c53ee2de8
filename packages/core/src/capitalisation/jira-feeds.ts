import { z } from "zod";
import type { JiraApi } from "../jira/client.ts";
import { parseJira } from "../jira/schemas.ts";
import type { CapIssueRow, WorklogRow } from "./worklogs.ts";

/** Jira's page size for the worklog feeds, and the most ids `POST /worklog/list` takes. */
export const WORKLOG_BATCH = 1000;

/** A row Jira sent that could not be used: reported in the sync result and logged, never dropped silently. */
export interface Rejected {
  what: "feed entry" | "worklog" | "issue";
  id: string | null;
  reason: string;
}

const FeedPage = z.object({
  values: z.array(z.unknown()),
  since: z.number().int().nonnegative().optional(),
  until: z.number().int().nonnegative().optional(),
  lastPage: z.boolean().optional(),
  nextPage: z.string().optional(),
});
const FeedEntry = z.object({ worklogId: z.number().int().positive(), updatedTime: z.number().int() });

/** One page of a worklog feed: the ids, the watermark to store, and where the next page starts. */
export interface FeedChanges {
  ids: string[];
  rejected: Rejected[];
  /** The `until` of a page that had entries; null when it had none (the cursor stays). */
  until: number | null;
  /** The `since` of the next page, or null on the last. */
  next: number | null;
}

function readFeed(value: unknown, what: string): FeedChanges {
  const page = parseJira(FeedPage, value, what);
  const ids: string[] = [];
  const rejected: Rejected[] = [];
  for (const entry of page.values) {
    const parsed = FeedEntry.safeParse(entry);
    if (parsed.success) ids.push(String(parsed.data.worklogId));
    else rejected.push({ what: "feed entry", id: idOf(entry, "worklogId"), reason: reasonOf(parsed.error) });
  }
  const until = page.values.length > 0 && page.until !== undefined ? page.until : null;
  const nextSince = page.nextPage ? Number(new URL(page.nextPage).searchParams.get("since")) : Number.NaN;
  const next =
    page.lastPage === false && until !== null ? (Number.isSafeInteger(nextSince) ? nextSince : until) : null;
  return { ids, rejected, until, next };
}

/** `GET /rest/api/3/worklog/updated?since=` through jira.js (it sends the documented path). */
export async function updatedWorklogs(api: JiraApi, since: number): Promise<FeedChanges> {
  const answer = await api.cloud.issueWorklogs.getIdsOfWorklogsModifiedSince({ since });
  return readFeed(answer, "the updated-worklogs feed");
}

/** `GET /rest/api/3/worklog/deleted?since=` through jira.js. */
export async function deletedWorklogs(api: JiraApi, since: number): Promise<FeedChanges> {
  const answer = await api.cloud.issueWorklogs.getIdsOfWorklogsDeletedSince({ since });
  return readFeed(answer, "the deleted-worklogs feed");
}

/** Jira's `started`: local date and time with the logger's offset (`2024-06-30T23:30:00.000-0700`). */
const STARTED = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})$/;

const JiraWorklog = z.object({
  id: z.string().regex(/^\d+$/),
  issueId: z.string().regex(/^\d+$/),
  author: z.object({ accountId: z.string().min(1), displayName: z.string().optional() }),
  started: z
    .string()
    .regex(STARTED, "not a Jira date-time with an offset")
    .refine((s) => !Number.isNaN(Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"))), "not a real date"),
  timeSpentSeconds: z.number().int().nonnegative(),
  updated: z.string().refine((s) => !Number.isNaN(Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")))),
});

/** The ISO 8601 UTC form of one of Jira's timestamps (`+0000` offsets have no colon). */
export function jiraInstant(text: string): string {
  return new Date(text.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")).toISOString();
}

/**
 * `POST /rest/api/3/worklog/list` (at most 1000 ids). Sent through the transport with our own
 * schema: jira.js's coerces `started` to a Date, which loses the offset the work date is read in.
 */
export async function worklogsByIds(
  api: JiraApi,
  ids: readonly string[],
): Promise<{ rows: WorklogRow[]; rejected: Rejected[] }> {
  const answer = await api.http.sendRequest<unknown>({
    url: "/rest/api/3/worklog/list",
    method: "POST",
    body: { ids: ids.map(Number) },
  });
  const list = parseJira(z.array(z.unknown()), answer, "the worklogs by id");
  const rows: WorklogRow[] = [];
  const rejected: Rejected[] = [];
  for (const item of list) {
    const parsed = JiraWorklog.safeParse(item);
    if (!parsed.success) {
      rejected.push({ what: "worklog", id: idOf(item, "id"), reason: reasonOf(parsed.error) });
      continue;
    }
    const w = parsed.data;
    rows.push({
      id: w.id,
      issueId: w.issueId,
      authorAccountId: w.author.accountId,
      authorName: w.author.displayName ?? w.author.accountId,
      started: w.started,
      workDate: (STARTED.exec(w.started) as RegExpExecArray)[1] as string,
      seconds: w.timeSpentSeconds,
      jiraUpdated: jiraInstant(w.updated),
    });
  }
  return { rows, rejected };
}

/** The fields an issue's facts come from. */
export const FACT_FIELDS = ["summary", "issuetype", "parent", "labels", "components", "project", "updated"];

const IssueType = z.object({ name: z.string().min(1), hierarchyLevel: z.number().int().optional() });
const FactFields = z.object({
  summary: z.string(),
  issuetype: IssueType,
  parent: z
    .object({ key: z.string().min(1), fields: z.object({ issuetype: IssueType.optional() }).optional() })
    .nullish(),
  labels: z.array(z.string()).nullish(),
  components: z.array(z.object({ name: z.string() })).nullish(),
  project: z.object({ key: z.string().min(1) }),
  updated: z.string().refine((s) => !Number.isNaN(Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")))),
});

const isEpic = (t: { name: string; hierarchyLevel?: number | undefined } | undefined) =>
  t !== undefined && (t.hierarchyLevel === 1 || t.name.toLowerCase() === "epic");

/** An issue's facts from a search result, or why they cannot be read. */
export function issueFacts(issue: {
  id?: string | undefined;
  key: string;
  fields: Record<string, unknown>;
}): CapIssueRow | Rejected {
  const parsed = FactFields.safeParse(issue.fields);
  if (!parsed.success || !issue.id || !/^\d+$/.test(issue.id)) {
    const reason = parsed.success ? "the issue has no numeric id" : reasonOf(parsed.error);
    return { what: "issue", id: issue.id ?? issue.key, reason: `${issue.key}: ${reason}` };
  }
  const f = parsed.data;
  const epicKey = isEpic(f.issuetype)
    ? issue.key
    : isEpic(f.parent?.fields?.issuetype)
      ? (f.parent?.key ?? null)
      : null;
  return {
    issueId: issue.id,
    issueKey: issue.key,
    projectKey: f.project.key,
    summary: f.summary,
    issueType: f.issuetype.name,
    epicKey,
    labels: f.labels ?? [],
    components: (f.components ?? []).map((c) => c.name),
    jiraUpdated: jiraInstant(f.updated),
  };
}

function idOf(value: unknown, field: string): string | null {
  const id = (value as Record<string, unknown> | null)?.[field];
  return typeof id === "string" || typeof id === "number" ? String(id) : null;
}

function reasonOf(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join(".") || "value"}: ${issue?.message ?? "invalid"}`;
}
