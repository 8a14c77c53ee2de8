/**
 * The shapes of R&D capitalisation shared by the store, the report, the REST routes, the agent's
 * tools, the exports and the SPA. Money and hours travel as decimal strings, never as floats.
 */

/** A decimal amount in the report's currency, rounded to its minor units: "1234.50". */
export type Money = string;
/** Hours as a decimal string with two places: "7.50". */
export type Hours = string;
/** A calendar day, YYYY-MM-DD. */
export type IsoDate = string;

/** The three stages of ASC 350-40 (preliminary project, application development, post-implementation). */
export type Phase = "preliminary" | "development" | "post-implementation";

/** How a worklog's cost is treated. */
export type Treatment = "capitalisable" | "expensed" | "unclassified";

/** Which work of a project is capitalisable. An issue key in `exclude` or `include` wins over the rules. */
export interface CapRules {
  /** Epics whose issues are in scope. */
  epics: string[];
  /** Issue type names in scope (Story, Task, ...). */
  issueTypes: string[];
  labels: string[];
  components: string[];
  /** Issue keys always in scope, whatever the rules say. */
  include: string[];
  /** Issue keys never in scope, whatever the rules say (wins over `include`). */
  exclude: string[];
}

/** Rules that put nothing in scope: a new policy's, and the defaults a stored policy is read over. */
export const emptyRules = (): CapRules => ({
  epics: [],
  issueTypes: [],
  labels: [],
  components: [],
  include: [],
  exclude: [],
});

export interface CapPolicy {
  projectKey: string;
  /** ISO 4217 code; every rate used for the project's worklogs is in it. */
  currency: string;
  rules: CapRules;
  updatedBy: string;
  updatedAt: string;
}

/** When an epic's phases begin; work before `developmentFrom` is preliminary. */
export interface EpicPhases {
  epicKey: string;
  projectKey: string;
  developmentFrom: IsoDate | null;
  postImplementationFrom: IsoDate | null;
  updatedBy: string;
  updatedAt: string;
}

/** An hourly cost rate for one person (Jira account id) or one role, from a day on. */
export interface CostRate {
  id: string;
  subjectKind: "person" | "role";
  subject: string;
  /** Decimal string per hour, e.g. "85.00". */
  hourlyRate: string;
  currency: string;
  effectiveFrom: IsoDate;
  createdBy: string;
  createdAt: string;
}

/** One worklog as the report counts it. */
export interface CapLine {
  worklogId: string;
  issueKey: string | null;
  issueSummary: string | null;
  epicKey: string | null;
  accountId: string;
  authorName: string;
  workDate: IsoDate;
  seconds: number;
  hours: Hours;
  treatment: Treatment;
  /** Why, in words: "epic FIN-1 is in scope and in development on 2026-08-03". */
  reason: string;
  phase: Phase | null;
  /** The rate used; null when the person has none on that day (the line is unrated). */
  rate: Pick<CostRate, "id" | "subjectKind" | "subject" | "hourlyRate" | "effectiveFrom"> | null;
  cost: Money | null;
}

export interface HoursAndCost {
  hours: Hours;
  cost: Money;
}

export interface EpicEvidence {
  pulls: { repo: string; number: number; title: string; url: string }[];
  commits: { repo: string; sha: string; message: string; url: string }[];
  /** Matches beyond the ones listed (each list is bounded). Added after the first cut: optional. */
  morePulls?: number;
  moreCommits?: number;
  /** Repositories GitHub did not answer for (the lists may then miss matches). */
  unavailable?: string[];
}

export interface CapEpicSummary {
  /** null: work on issues with no epic. */
  epicKey: string | null;
  summary: string | null;
  projectKey: string | null;
  phases: Pick<EpicPhases, "developmentFrom" | "postImplementationFrom"> | null;
  capitalisable: HoursAndCost;
  expensed: HoursAndCost;
  unclassified: HoursAndCost;
  /** Hours with no rate (their cost is not in any figure). */
  unratedHours: Hours;
  worklogs: number;
  /** Filled when GitHub is configured; null when it was not looked up. */
  evidence: EpicEvidence | null;
}

export interface CapPersonSummary {
  accountId: string;
  name: string;
  role: string | null;
  capitalisable: HoursAndCost;
  expensed: HoursAndCost;
  unclassified: HoursAndCost;
  unratedHours: Hours;
  worklogs: number;
}

export interface CapReport {
  /** Inclusive days, compared with each worklog's work date. */
  period: { from: IsoDate; to: IsoDate };
  projects: string[];
  currency: string;
  /** The rounding rule, stated. */
  rounding: string;
  /** When the report was computed; a report served from the cache keeps its first time. */
  generatedAt: string;
  /** When the worklog sync last finished; null when it never ran. */
  syncedAt: string | null;
  totals: {
    capitalisable: HoursAndCost;
    expensed: HoursAndCost;
    unclassified: HoursAndCost;
    /** Everything rated: the three above added up. */
    total: HoursAndCost;
    unrated: { hours: Hours; worklogs: number };
    worklogs: number;
  };
  epics: CapEpicSummary[];
  people: CapPersonSummary[];
  /** Never dropped: work that could not be classified, and work with no rate. */
  exceptions: { unclassified: CapLine[]; unrated: CapLine[] };
}
