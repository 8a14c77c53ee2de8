import { knownCurrencies } from "@finchat/core/agent/tools/finance/currencies";
import { z } from "@hono/zod-openapi";

/** The shapes of the R&D capitalisation routes (finance.ts). Money, rates and hours are decimal strings. */

export const ProjectKey = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,19}$/, "a Jira project key such as FIN")
  .openapi({ example: "FIN" });
export const IssueKey = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,19}-[1-9]\d{0,9}$/, "a Jira issue key such as FIN-12")
  .openapi({ example: "FIN-12" });
export const IsoDay = z.iso
  .date()
  .openapi({ description: "A calendar day, YYYY-MM-DD", example: "2026-07-01" });
export const Currency = z
  .string()
  .refine((code) => knownCurrencies.includes(code), `an ISO 4217 code, one of ${knownCurrencies.join(", ")}`)
  .openapi({ description: "ISO 4217, in capitals; the report rounds to its minor units", example: "EUR" });
const Decimal = (description: string) =>
  z
    .string()
    .regex(/^\d{1,12}(\.\d{1,6})?$/, "a non-negative decimal string such as 85.50")
    .openapi({ description, example: "85.00" });
const Money = Decimal("An amount in the report's currency, rounded to its minor units");
const Hours = Decimal("Hours, two decimal places");
/** A Jira account id (Cloud: 24-128 characters of letters, digits, colons and dashes). */
export const AccountId = z
  .string()
  .regex(/^[A-Za-z0-9:_-]{1,128}$/, "a Jira account id")
  .openapi({ example: "5b10a2844c20165700ede21g" });
const RoleName = z.string().trim().min(1).max(100);
const Label = z.string().trim().min(1).max(200);
const Treatment = z.enum(["capitalisable", "expensed", "unclassified"]);
const Phase = z.enum(["preliminary", "development", "post-implementation"]);

export const CapRules = z
  .object({
    epics: z.array(IssueKey).max(1000).openapi({ description: "Epics whose issues are in scope" }),
    issueTypes: z
      .array(Label)
      .max(1000)
      .openapi({ description: "Issue type names in scope (Story, Task …)" }),
    labels: z.array(Label).max(1000),
    components: z.array(Label).max(1000),
    include: z.array(IssueKey).max(1000).openapi({ description: "Always in scope, whatever the rules say" }),
    exclude: z
      .array(IssueKey)
      .max(1000)
      .openapi({ description: "Never in scope, whatever the rules say (wins over include)" }),
  })
  .strict()
  .openapi("CapRules");

export const CapPolicy = z
  .object({
    projectKey: z.string(),
    currency: z.string(),
    rules: CapRules,
    updatedBy: z.string(),
    updatedAt: z.string(),
  })
  .openapi("CapPolicy");
export const PolicyBody = z
  .object({ currency: Currency, rules: CapRules })
  .strict()
  .openapi("CapPolicyInput");
export const ProjectParam = z.object({
  projectKey: ProjectKey.openapi({ param: { name: "projectKey", in: "path" } }),
});

export const EpicPhases = z
  .object({
    epicKey: z.string(),
    projectKey: z.string(),
    developmentFrom: z.string().nullable(),
    postImplementationFrom: z.string().nullable(),
    updatedBy: z.string(),
    updatedAt: z.string(),
  })
  .openapi("EpicPhases");
export const PhasesBody = z
  .object({
    developmentFrom: IsoDay.nullable().openapi({ description: "First day of development; null: not yet" }),
    postImplementationFrom: IsoDay.nullable().openapi({
      description: "First day after development; must be after developmentFrom",
    }),
  })
  .strict()
  .refine(
    (p) => !p.developmentFrom || !p.postImplementationFrom || p.postImplementationFrom > p.developmentFrom,
    { message: "postImplementationFrom must be after developmentFrom", path: ["postImplementationFrom"] },
  )
  .openapi("EpicPhasesInput");
export const EpicParam = z.object({ epicKey: IssueKey.openapi({ param: { name: "epicKey", in: "path" } }) });
export const EpicItem = z
  .object({
    epicKey: z.string(),
    summary: z.string().nullable(),
    projectKey: z.string(),
    phases: z.union([EpicPhases, z.null()]),
  })
  .openapi("CapEpic");
export const EpicsQuery = z.object({
  project: ProjectKey.optional().openapi({ description: "One project" }),
});

export const CostRate = z
  .object({
    id: z.string(),
    subjectKind: z.enum(["person", "role"]),
    subject: z.string(),
    hourlyRate: z.string(),
    currency: z.string(),
    effectiveFrom: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi("CostRate");
export const RateBody = z
  .discriminatedUnion("subjectKind", [
    z.object({ subjectKind: z.literal("person"), subject: AccountId }).strict(),
    z.object({ subjectKind: z.literal("role"), subject: RoleName }).strict(),
  ])
  .and(
    z.object({
      hourlyRate: Decimal("Cost per hour, a decimal string above 0").refine(
        (rate) => /[1-9]/.test(rate),
        "the rate must be above 0",
      ),
      currency: Currency,
      effectiveFrom: IsoDay.openapi({ description: "The rate applies to work from this day on" }),
    }),
  )
  .openapi("CostRateInput");
export const RateParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const Person = z
  .object({ accountId: z.string(), name: z.string(), role: z.string().nullable() })
  .openapi("CapPerson");
export const PersonParam = z.object({
  accountId: AccountId.openapi({ param: { name: "accountId", in: "path" } }),
});
export const PersonBody = z
  .object({ role: RoleName.nullable().openapi({ description: "null: no role" }) })
  .strict()
  .openapi("CapPersonInput");

export const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });
export const AuditEntry = z
  .object({
    id: z.string().openapi({ description: "Increasing: a later change has a larger id (as a number)" }),
    at: z.string(),
    userId: z.string(),
    userEmail: z.string().nullable(),
    entity: z.enum(["policy", "epic_phases", "rate", "person_role"]),
    key: z.string(),
    action: z.enum(["create", "update", "delete"]),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
  })
  .openapi("CapAuditEntry");

export const SyncStatus = z
  .object({
    syncedAt: z.string().nullable().openapi({ description: "When the last worklog sync finished" }),
    issues: z.number().int(),
    worklogs: z.number().int(),
    feeds: z.array(z.object({ feed: z.string(), sinceMs: z.number(), updatedAt: z.string() })),
  })
  .openapi("CapSyncStatus");

const PeriodFields = {
  from: IsoDay.optional().openapi({ description: "First day (inclusive); with `to`, instead of `period`" }),
  to: IsoDay.optional().openapi({ description: "Last day (inclusive)" }),
  period: z.string().max(10).optional().openapi({
    description: "A quarter (2026-Q3, or 2026-q3) or a month (2026-09) instead of from/to",
    example: "2026-Q3",
  }),
  projects: z
    .string()
    .max(1000)
    .optional()
    .openapi({ description: "Comma-separated project keys; default: every project with a policy" }),
};
export const ReportQuery = z.object(PeriodFields);
export const LinesQuery = z.object({
  ...PeriodFields,
  epic: z
    .union([IssueKey, z.literal("none")])
    .optional()
    .openapi({ description: "An epic key, or `none` for work on issues with no epic" }),
  accountId: AccountId.optional(),
  treatment: Treatment.optional(),
});

const HoursAndCost = z.object({ hours: Hours, cost: Money }).openapi("CapHoursAndCost");
const RateUsed = z.object({
  id: z.string(),
  subjectKind: z.enum(["person", "role"]),
  subject: z.string(),
  hourlyRate: z.string(),
  effectiveFrom: z.string(),
});
export const CapLine = z
  .object({
    worklogId: z.string(),
    issueKey: z.string().nullable(),
    issueSummary: z.string().nullable(),
    epicKey: z.string().nullable(),
    accountId: z.string(),
    authorName: z.string(),
    workDate: z.string(),
    seconds: z.number().int(),
    hours: Hours,
    treatment: Treatment,
    reason: z.string(),
    phase: Phase.nullable(),
    rate: RateUsed.nullable().openapi({ description: "null: no rate that day (the line is unrated)" }),
    cost: Money.nullable(),
  })
  .openapi("CapLine");
const Split = {
  capitalisable: HoursAndCost,
  expensed: HoursAndCost,
  unclassified: HoursAndCost,
  unratedHours: Hours,
  worklogs: z.number().int(),
};
const Evidence = z.object({
  pulls: z.array(
    z.object({ repo: z.string(), number: z.number().int(), title: z.string(), url: z.string() }),
  ),
  commits: z.array(z.object({ repo: z.string(), sha: z.string(), message: z.string(), url: z.string() })),
  morePulls: z
    .number()
    .int()
    .optional()
    .openapi({ description: "Matching pull requests beyond those listed" }),
  moreCommits: z.number().int().optional(),
  unavailable: z
    .array(z.string())
    .optional()
    .openapi({ description: "Repositories GitHub did not answer for" }),
});
export const CapReport = z
  .object({
    period: z.object({ from: z.string(), to: z.string() }),
    projects: z.array(z.string()),
    currency: z.string(),
    rounding: z.string().openapi({ description: "The rounding rule, stated" }),
    generatedAt: z.string().openapi({
      description: "When the report was computed; a repeat served from the Api's cache keeps this time",
    }),
    syncedAt: z.string().nullable(),
    totals: z.object({
      capitalisable: HoursAndCost,
      expensed: HoursAndCost,
      unclassified: HoursAndCost,
      total: HoursAndCost,
      unrated: z.object({ hours: Hours, worklogs: z.number().int() }),
      worklogs: z.number().int(),
    }),
    epics: z.array(
      z.object({
        epicKey: z.string().nullable(),
        summary: z.string().nullable(),
        projectKey: z.string().nullable(),
        phases: z
          .object({ developmentFrom: z.string().nullable(), postImplementationFrom: z.string().nullable() })
          .nullable(),
        ...Split,
        evidence: Evidence.nullable(),
      }),
    ),
    people: z.array(
      z.object({ accountId: z.string(), name: z.string(), role: z.string().nullable(), ...Split }),
    ),
    exceptions: z.object({ unclassified: z.array(CapLine), unrated: z.array(CapLine) }),
  })
  .openapi("CapReport");

export const ExportBody = z
  .object({
    from: IsoDay,
    to: IsoDay,
    projects: z.array(ProjectKey).min(1).max(50).optional(),
    format: z.enum(["csv", "xlsx"]),
  })
  .strict()
  .openapi("CapExportInput");
export const ExportCreated = z
  .object({ id: z.string(), format: z.enum(["csv", "xlsx"]), url: z.string() })
  .openapi("CapExport");
export const ExportParam = z.object({
  id: z
    .string()
    .regex(/^[0-9a-f-]{36}$/, "an export id")
    .openapi({ param: { name: "id", in: "path" } }),
});
