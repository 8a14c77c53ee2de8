import { z } from "zod";
import { JiraChangelog, JiraDate, type JiraIssue, JiraStatus, parseJira } from "./schemas.ts";

/** The sprint facts the summary needs (dates as ISO 8601). */
export interface SprintFacts {
  id: number;
  state: string;
  startDate: string | null;
  completeDate: string | null;
}

/** One issue of the sprint as the summary sees it. */
export interface SprintIssueFacts {
  key: string;
  points: number | null;
  /** In the sprint when it started (false when added later; true when the start is unknown). */
  committed: boolean;
  /** Done (status category `done`), and by the sprint's end when the sprint is closed. */
  done: boolean;
}

export interface Tally {
  issues: number;
  points: number;
}

export interface SprintSummary {
  committed: Tally & { doneIssues: number; donePoints: number };
  addedAfterStart: Tally & { keys: string[] };
  done: Tally;
  /** Not done: carried over when the sprint is closed, still open otherwise. */
  notDone: Tally & { keys: string[] };
  unestimated: number;
  /** Done points over the points of every issue in the sprint, in percent (null with no points). */
  completionPercent: number | null;
}

const SummaryFields = z.object({
  status: JiraStatus.optional(),
  created: JiraDate,
  resolutiondate: JiraDate,
});

/**
 * What the summary needs of an issue: its points, whether it was in the sprint at the start
 * (from the changelog of the Sprint field, or its creation time), and whether it was done in time.
 */
export function sprintIssueFacts(
  issue: JiraIssue,
  sprint: SprintFacts,
  storyPointsField: string | undefined,
): SprintIssueFacts {
  const f = parseJira(SummaryFields, issue.fields, `the fields of ${issue.key}`);
  const raw = storyPointsField ? issue.fields[storyPointsField] : undefined;
  const points = typeof raw === "number" && Number.isFinite(raw) ? raw : null;
  const start = sprint.startDate;
  const addedAt = addedToSprintAt(issue, sprint.id);
  const committed = !start || (!(addedAt && addedAt > start) && !(f.created && f.created > start));
  const doneCategory = f.status?.statusCategory?.key === "done";
  const inTime =
    sprint.state !== "closed" ||
    !sprint.completeDate ||
    !f.resolutiondate ||
    f.resolutiondate <= sprint.completeDate;
  return { key: issue.key, points, committed, done: doneCategory && inTime };
}

/** When the changelog last shows the issue entering the sprint (undefined if it never does). */
function addedToSprintAt(issue: JiraIssue, sprintId: number): string | undefined {
  const id = String(sprintId);
  const ids = (value: string | null | undefined) => (value ?? "").split(",").map((s) => s.trim());
  let latest: string | undefined;
  for (const raw of issue.changelog?.histories ?? []) {
    const history = parseJira(JiraChangelog, raw, `the changelog of ${issue.key}`);
    const entered = history.items.some(
      (item) => item.field === "Sprint" && ids(item.to).includes(id) && !ids(item.from).includes(id),
    );
    if (entered && history.created && (!latest || history.created > latest)) latest = history.created;
  }
  return latest;
}

/** Adds up the sprint: committed vs added, done vs not, in issues and story points. */
export function summarizeSprint(issues: readonly SprintIssueFacts[], keysShown = 30): SprintSummary {
  const tally = (list: readonly SprintIssueFacts[]): Tally => ({
    issues: list.length,
    points: round(list.reduce((sum, i) => sum + (i.points ?? 0), 0)),
  });
  const committed = issues.filter((i) => i.committed);
  const added = issues.filter((i) => !i.committed);
  const done = issues.filter((i) => i.done);
  const notDone = issues.filter((i) => !i.done);
  const all = tally(issues);
  const committedDone = tally(committed.filter((i) => i.done));
  return {
    committed: { ...tally(committed), doneIssues: committedDone.issues, donePoints: committedDone.points },
    addedAfterStart: { ...tally(added), keys: added.slice(0, keysShown).map((i) => i.key) },
    done: tally(done),
    notDone: { ...tally(notDone), keys: notDone.slice(0, keysShown).map((i) => i.key) },
    unestimated: issues.filter((i) => i.points === null).length,
    completionPercent: all.points > 0 ? round((tally(done).points / all.points) * 100) : null,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
