import type { Citation } from "../agent/tool.ts";
import type { JiraClient } from "../jira/client.ts";
import { clip, fitToBudget } from "../jira/format.ts";
import type { CapEpicSummary, CapLine, CapPersonSummary, CapReport, Treatment } from "./types.ts";

/** Characters of the tool's answer: under the agent's 20 000 cap, so nothing is cut blindly. */
export const REPORT_BUDGET_CHARS = 16_000;
/** Exception lines shown to the model per kind (all are counted). */
export const EXCEPTIONS_SHOWN = 10;

/** The figure columns ending every epic and person row, in the order {@link figures} gives them. */
const FIGURE_COLUMNS = [
  "capitalisableHours",
  "capitalisableCost",
  "expensedHours",
  "expensedCost",
  "unclassifiedHours",
  "unclassifiedCost",
  "unratedHours",
  "worklogs",
] as const;
/** Column order of the epic and person rows: one array per row keeps 40 epics within budget. */
export const EPIC_COLUMNS = [
  "epicKey",
  "summary",
  "developmentFrom",
  "postImplementationFrom",
  ...FIGURE_COLUMNS,
] as const;
export const PERSON_COLUMNS = ["accountId", "name", "role", ...FIGURE_COLUMNS] as const;

const figures = (s: CapEpicSummary | CapPersonSummary) => [
  s.capitalisable.hours,
  s.capitalisable.cost,
  s.expensed.hours,
  s.expensed.cost,
  s.unclassified.hours,
  s.unclassified.cost,
  s.unratedHours,
  s.worklogs,
];

const brief = (line: CapLine) => ({
  worklogId: line.worklogId,
  issueKey: line.issueKey,
  person: line.authorName,
  workDate: line.workDate,
  hours: line.hours,
  cost: line.cost,
  reason: line.reason,
});

/** The link to a worklog in Jira: the issue page with the worklog in focus. */
export function worklogUrl(jira: JiraClient, issueKey: string, worklogId: string): string {
  return `${jira.browseUrl(issueKey)}?focusedWorklogId=${encodeURIComponent(worklogId)}`;
}

function evidenceOf(e: CapEpicSummary) {
  if (!e.evidence) return [];
  return [
    {
      epicKey: e.epicKey,
      pulls: e.evidence.pulls.map((p) => `${p.repo}#${p.number} ${clip(p.title, 80)}`),
      commits: e.evidence.commits.map((c) => `${c.repo}@${c.sha.slice(0, 7)} ${clip(c.message, 80)}`),
      morePulls: e.evidence.morePulls,
      moreCommits: e.evidence.moreCommits,
      unavailable: e.evidence.unavailable,
    },
  ];
}

/**
 * The report as the model reads it: the totals and every epic's and person's figures exactly as
 * {@link CapReport} has them (as rows under `epicColumns` / `personColumns`), the exceptions' first
 * lines, GitHub evidence, then each epic's worklog ids by treatment for as many epics as the
 * budget holds; a citation per epic and per listed worklog. What does not fit is counted.
 */
export function reportForModel(report: CapReport, lines: readonly CapLine[], jira: JiraClient) {
  const omitted: string[] = [];
  const fit = <T>(items: T[], room: number, what: string): T[] => {
    const { kept, omitted: left } = room > 0 ? fitToBudget(items, room) : { kept: [], omitted: items.length };
    if (left > 0) omitted.push(`${left} ${what}`);
    return kept;
  };
  const head = {
    period: report.period,
    projects: report.projects,
    currency: report.currency,
    rounding: report.rounding,
    syncedAt: report.syncedAt,
    totals: report.totals,
    epicColumns: EPIC_COLUMNS,
    personColumns: PERSON_COLUMNS,
  };
  const exceptions = {
    unclassified: {
      count: report.exceptions.unclassified.length,
      first: report.exceptions.unclassified.slice(0, EXCEPTIONS_SHOWN).map(brief),
    },
    unrated: {
      count: report.exceptions.unrated.length,
      first: report.exceptions.unrated.slice(0, EXCEPTIONS_SHOWN).map(brief),
    },
  };
  let room = REPORT_BUDGET_CHARS - JSON.stringify({ head, exceptions }).length - 400;
  const epicRows = report.epics.map((e) => [
    e.epicKey,
    clip(e.summary, 80) ?? null,
    e.phases?.developmentFrom ?? null,
    e.phases?.postImplementationFrom ?? null,
    ...figures(e),
  ]);
  const epics = fit(epicRows, room, "more epics");
  room -= JSON.stringify(epics).length;
  const people = fit(
    report.people.map((p) => [p.accountId, p.name, p.role, ...figures(p)]),
    room,
    "more people",
  );
  room -= JSON.stringify(people).length;
  const evidence = fit(report.epics.flatMap(evidenceOf), room, "more epics' evidence");
  room -= JSON.stringify(evidence).length;
  const grouped = new Map<string | null, Partial<Record<Treatment, string[]>>>();
  for (const line of lines) {
    const ids = grouped.get(line.epicKey) ?? {};
    const list = ids[line.treatment] ?? [];
    list.push(line.worklogId);
    ids[line.treatment] = list;
    grouped.set(line.epicKey, ids);
  }
  const worklogIds = idsWithin(
    report.epics.map((e) => ({ epicKey: e.epicKey, ...grouped.get(e.epicKey) })),
    room,
  );
  const idsLeft = lines.length - worklogIds.reduce((n, e) => n + idCount(e), 0);
  if (idsLeft > 0) omitted.push(`the ids of ${idsLeft} worklogs`);
  const citations: Citation[] = report.epics.flatMap((e) =>
    e.epicKey ? [{ kind: "jira" as const, label: e.epicKey, url: jira.browseUrl(e.epicKey) }] : [],
  );
  const listed = new Set(worklogIds.flatMap((e) => treatmentsOf.flatMap((t) => e[t] ?? [])));
  for (const line of lines) {
    if (listed.has(line.worklogId) && line.issueKey) {
      citations.push({
        kind: "jira",
        label: `${line.issueKey} worklog ${line.worklogId}`,
        url: worklogUrl(jira, line.issueKey, line.worklogId),
      });
    }
  }
  const content = {
    ...head,
    epics,
    people,
    exceptions,
    ...(evidence.length ? { evidence } : {}),
    worklogIdsByEpic: worklogIds,
    ...(omitted.length
      ? {
          omitted: `Left out to stay within the output budget: ${omitted.join(", ")}. The Finance page and its drill-down list everything; a narrower period or project list fits more.`,
        }
      : {}),
  };
  return { content, citations };
}

type EpicIds = { epicKey: string | null } & Partial<Record<Treatment, string[]>>;
const treatmentsOf: Treatment[] = ["capitalisable", "expensed", "unclassified"];
const idCount = (e: EpicIds) => treatmentsOf.reduce((n, t) => n + (e[t]?.length ?? 0), 0);

/**
 * Each epic's worklog ids while they fit in `room` characters: whole epics first, then as many
 * of the next epic's ids as fit (so one large epic cannot push the answer over the budget).
 */
function idsWithin(epics: EpicIds[], room: number): EpicIds[] {
  const kept: EpicIds[] = [];
  let left = room;
  for (const epic of epics) {
    const size = JSON.stringify(epic).length + 1;
    if (size <= left) {
      kept.push(epic);
      left -= size;
      continue;
    }
    const part: EpicIds = { epicKey: epic.epicKey };
    left -= JSON.stringify(part).length + 1;
    for (const t of treatmentsOf) {
      for (const id of epic[t] ?? []) {
        if (left < id.length + 16) break;
        const list = part[t] ?? [];
        list.push(id);
        part[t] = list;
        left -= id.length + 3;
      }
    }
    if (idCount(part) > 0) kept.push(part);
    break;
  }
  return kept;
}
