import type {
  CapLine,
  CapPolicy,
  CapRules,
  CostRate,
  EpicPhases,
  IsoDate,
  Phase,
  Treatment,
} from "./types.ts";

/** One worklog with its issue's facts (null when the sync has not seen the issue yet). */
export interface WorklogRow {
  worklogId: string;
  accountId: string;
  authorName: string;
  workDate: IsoDate;
  seconds: number;
  issue: {
    key: string;
    projectKey: string;
    summary: string;
    type: string;
    epicKey: string | null;
    labels: string[];
    components: string[];
  } | null;
}

/** Everything a report needs besides the worklogs: the policy as it stands. */
export interface PolicySnapshot {
  /** The report's projects' policies, by project key. */
  policies: Map<string, CapPolicy>;
  phases: Map<string, Pick<EpicPhases, "developmentFrom" | "postImplementationFrom">>;
  /** Rates in the report's currency. */
  rates: CostRate[];
  roles: Map<string, string>;
  /** Epic summaries from the synced issue facts, by epic key. */
  epicSummaries: Map<string, { summary: string; projectKey: string }>;
}

type Scope = { inScope: boolean; why: string };

/** Whether the issue is in the rules' scope, and which rule decided (the explicit lists win). */
export function scopeOf(rules: CapRules, issue: NonNullable<WorklogRow["issue"]>): Scope {
  if (rules.exclude.includes(issue.key))
    return { inScope: false, why: `${issue.key} is excluded explicitly` };
  if (rules.include.includes(issue.key)) return { inScope: true, why: `${issue.key} is included explicitly` };
  if (issue.epicKey && rules.epics.includes(issue.epicKey))
    return { inScope: true, why: `epic ${issue.epicKey} is in scope` };
  if (rules.issueTypes.includes(issue.type))
    return { inScope: true, why: `issue type ${issue.type} is in scope` };
  const label = issue.labels.find((l) => rules.labels.includes(l));
  if (label) return { inScope: true, why: `label ${label} is in scope` };
  const component = issue.components.find((c) => rules.components.includes(c));
  if (component) return { inScope: true, why: `component ${component} is in scope` };
  return { inScope: false, why: `${issue.key} matches no capitalisation rule` };
}

/** The epic's phase on `day`; null when its dates do not decide it. */
export function phaseOn(
  phases: Pick<EpicPhases, "developmentFrom" | "postImplementationFrom"> | undefined,
  day: IsoDate,
): Phase | null {
  if (!phases) return null;
  const { developmentFrom: dev, postImplementationFrom: post } = phases;
  if (post && day >= post) return "post-implementation";
  if (dev && day >= dev) return "development";
  if (dev) return "preliminary";
  return null;
}

/** The rate for the person on `day`: their own (latest effectiveFrom ≤ day) wins over their role's. */
export function rateFor(
  rates: readonly CostRate[],
  accountId: string,
  role: string | undefined,
  day: IsoDate,
): CostRate | null {
  const latest = (kind: CostRate["subjectKind"], subject: string) => {
    let found: CostRate | null = null;
    for (const rate of rates) {
      if (rate.subjectKind !== kind || rate.subject !== subject || rate.effectiveFrom > day) continue;
      if (!found || rate.effectiveFrom > found.effectiveFrom) found = rate;
    }
    return found;
  };
  return latest("person", accountId) ?? (role ? latest("role", role) : null);
}

/** A line's treatment, phase and reason (its hours and cost are rounded later, all lines together). */
export function classify(
  row: WorklogRow,
  snapshot: PolicySnapshot,
): { treatment: Treatment; phase: Phase | null; reason: string } {
  const issue = row.issue;
  if (!issue)
    return { treatment: "unclassified", phase: null, reason: "the issue's facts are not synced yet" };
  const policy = snapshot.policies.get(issue.projectKey);
  if (!policy) {
    return {
      treatment: "unclassified",
      phase: null,
      reason: `project ${issue.projectKey} has no capitalisation policy`,
    };
  }
  const phase = issue.epicKey ? phaseOn(snapshot.phases.get(issue.epicKey), row.workDate) : null;
  const scope = scopeOf(policy.rules, issue);
  if (!scope.inScope) return { treatment: "expensed", phase, reason: `${scope.why}: expensed` };
  if (!issue.epicKey) {
    return {
      treatment: "unclassified",
      phase,
      reason: `${scope.why}, but ${issue.key} has no epic to take phase dates from`,
    };
  }
  if (!phase) {
    return {
      treatment: "unclassified",
      phase,
      reason: `${scope.why}, but epic ${issue.epicKey} has no phase dates that decide ${row.workDate}`,
    };
  }
  const treatment = phase === "development" ? "capitalisable" : "expensed";
  return {
    treatment,
    phase,
    reason: `${scope.why} and epic ${issue.epicKey} is in ${phase} on ${row.workDate}`,
  };
}

/** The rate a line shows. */
export function lineRate(rate: CostRate | null): CapLine["rate"] {
  return rate
    ? {
        id: rate.id,
        subjectKind: rate.subjectKind,
        subject: rate.subject,
        hourlyRate: rate.hourlyRate,
        effectiveFrom: rate.effectiveFrom,
      }
    : null;
}
