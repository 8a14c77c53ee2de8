import { z } from "zod";
import { AppError } from "../errors.ts";

/**
 * The parts of Jira's answers Finchat relies on, checked with zod. jira.js types issue fields as
 * `Record<string, any>`, and some of its dates come back as Date objects: these schemas take both.
 */

/** A timestamp as Jira or jira.js gives it, as ISO 8601 (or null). */
export const JiraDate = z
  .union([z.date(), z.string()])
  .nullish()
  .transform((v) => {
    if (v === null || v === undefined) return null;
    const ms = v instanceof Date ? v.getTime() : Date.parse(v);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  });

export const JiraUser = z
  .object({ accountId: z.string().optional(), displayName: z.string().optional() })
  .nullish()
  .transform((u) => (u ? (u.displayName ?? u.accountId ?? null) : null));

const Named = z.object({ name: z.string() });

export const JiraStatus = z.object({
  name: z.string(),
  statusCategory: z.object({ key: z.string().optional(), name: z.string().optional() }).optional(),
});

const LinkedIssue = z.object({
  key: z.string(),
  fields: z.object({ summary: z.string().optional(), status: JiraStatus.optional() }).optional(),
});

export const JiraIssueFields = z.object({
  summary: z.string().optional(),
  status: JiraStatus.optional(),
  issuetype: z.object({ name: z.string(), subtask: z.boolean().optional() }).optional(),
  priority: Named.nullish(),
  assignee: JiraUser,
  reporter: JiraUser,
  labels: z.array(z.string()).optional(),
  created: JiraDate,
  updated: JiraDate,
  resolutiondate: JiraDate,
  duedate: z.string().nullish(),
  description: z.unknown().optional(),
  project: z.object({ key: z.string(), name: z.string().optional() }).optional(),
  parent: LinkedIssue.optional(),
  subtasks: z.array(LinkedIssue).optional(),
  issuelinks: z
    .array(
      z.object({
        type: z.object({ name: z.string(), inward: z.string().optional(), outward: z.string().optional() }),
        inwardIssue: LinkedIssue.optional(),
        outwardIssue: LinkedIssue.optional(),
      }),
    )
    .optional(),
  components: z.array(Named).optional(),
  fixVersions: z.array(Named).optional(),
  timetracking: z
    .object({
      originalEstimate: z.string().optional(),
      remainingEstimate: z.string().optional(),
      timeSpent: z.string().optional(),
    })
    .optional(),
});
export type JiraIssueFields = z.infer<typeof JiraIssueFields>;

export const JiraIssue = z.object({
  id: z.string().optional(),
  key: z.string(),
  fields: z.record(z.string(), z.unknown()).default({}),
  changelog: z.object({ histories: z.array(z.unknown()).optional() }).optional(),
});
export type JiraIssue = z.infer<typeof JiraIssue>;

export const JiraChangelog = z.object({
  id: z.string().optional(),
  author: JiraUser,
  created: JiraDate,
  items: z
    .array(
      // Own properties only: a missing `toString` must not read as Object.prototype.toString.
      z.preprocess(
        (v) => (v !== null && typeof v === "object" ? Object.assign(Object.create(null), v) : v),
        z.object({
          field: z.string(),
          fieldId: z.string().optional(),
          from: z.string().nullish(),
          fromString: z.string().nullish(),
          to: z.string().nullish(),
          toString: z.string().nullish(),
        }),
      ),
    )
    .default([]),
});
export type JiraChangelog = z.infer<typeof JiraChangelog>;

/**
 * Parses Jira data with `schema`.
 * @throws AppError("internal") naming what was unexpected, so a changed API fails loudly instead of quietly wrong.
 */
export function parseJira<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
  throw new AppError("internal", `Jira sent ${what} in an unexpected shape${where}: ${issue?.message ?? ""}`);
}

/** The fields of an issue as Finchat reads them. */
export function issueFields(issue: JiraIssue): JiraIssueFields {
  return parseJira(JiraIssueFields, issue.fields, `the fields of ${issue.key}`);
}
