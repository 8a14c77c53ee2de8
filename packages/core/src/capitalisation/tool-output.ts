import type { Citation } from "../agent/tool.ts";
import type { JiraClient } from "../jira/client.ts";
import { fitToBudget, OUTPUT_BUDGET_CHARS } from "../jira/format.ts";
import type { CapLine, CapReport, Treatment } from "./types.ts";

/** Exception lines shown to the model per kind (all are counted). */
export const EXCEPTIONS_SHOWN = 15;

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

/**
 * The report as the model reads it: every figure of {@link CapReport} unchanged (totals, epics,
 * people), the exceptions' first lines, and each epic's worklog ids by treatment for as many
 * epics as the output budget holds, with a citation per epic and per listed worklog.
 */
export function reportForModel(report: CapReport, lines: readonly CapLine[], jira: JiraClient) {
  const base = {
    period: report.period,
    projects: report.projects,
    currency: report.currency,
    rounding: report.rounding,
    syncedAt: report.syncedAt,
    totals: report.totals,
    epics: report.epics.map((e) => ({
      ...e,
      evidence: e.evidence && {
        pulls: e.evidence.pulls.map((p) => `${p.repo}#${p.number} ${p.title}`),
        commits: e.evidence.commits.map((c) => `${c.repo}@${c.sha.slice(0, 7)} ${c.message}`),
        morePulls: e.evidence.morePulls,
        moreCommits: e.evidence.moreCommits,
        unavailable: e.evidence.unavailable,
      },
    })),
    people: report.people,
    exceptions: {
      unclassified: {
        count: report.exceptions.unclassified.length,
        first: report.exceptions.unclassified.slice(0, EXCEPTIONS_SHOWN).map(brief),
      },
      unrated: {
        count: report.exceptions.unrated.length,
        first: report.exceptions.unrated.slice(0, EXCEPTIONS_SHOWN).map(brief),
      },
    },
  };
  const citations: Citation[] = report.epics.flatMap((e) =>
    e.epicKey ? [{ kind: "jira" as const, label: e.epicKey, url: jira.browseUrl(e.epicKey) }] : [],
  );
  const grouped = new Map<string | null, Partial<Record<Treatment, string[]>>>();
  for (const line of lines) {
    const ids = grouped.get(line.epicKey) ?? {};
    const list = ids[line.treatment] ?? [];
    list.push(line.worklogId);
    ids[line.treatment] = list;
    grouped.set(line.epicKey, ids);
  }
  const idsByEpic = report.epics.map((e) => ({
    epicKey: e.epicKey,
    worklogIds: grouped.get(e.epicKey) ?? {},
  }));
  const room = OUTPUT_BUDGET_CHARS - JSON.stringify(base).length;
  const { kept, omitted } = room > 0 ? fitToBudget(idsByEpic, room) : { kept: [], omitted: idsByEpic.length };
  const listed = new Set(kept.flatMap((k) => Object.values(k.worklogIds).flat()));
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
    ...base,
    worklogIdsByEpic: kept,
    ...(omitted > 0
      ? {
          note: `Worklog ids of ${omitted} more epics did not fit; the Finance page and its drill-down list them.`,
        }
      : {}),
  };
  return { content, citations };
}
