import type { CommitFact } from "../../repo/types.ts";
import { code, count, type PageWriter, sections, table, text } from "./markdown.ts";
import type { PlanContext } from "./plan-context.ts";
import { PAGE_TITLES, type PagePlan } from "./types.ts";

export interface ActivityData {
  kind: "activity";
  commits: CommitFact[];
  mostChanged: { path: string; commits: number }[];
}

const MAX_COMMITS = 20;
const MAX_FILES = 15;

/**
 * Recent history. It changes with every commit, so it has a page of its own that is always the
 * skeleton (no model text): the pages that cost model calls do not change just because time passed.
 */
export function planActivity(context: PlanContext): PagePlan | null {
  const history = context.analysis.history;
  if (!history || (history.recentCommits.length === 0 && history.mostChanged.length === 0)) return null;
  const data: ActivityData = {
    kind: "activity",
    commits: history.recentCommits.slice(0, MAX_COMMITS),
    mostChanged: history.mostChanged.filter((f) => context.facts.has(f.path)).slice(0, MAX_FILES),
  };
  const sources = data.mostChanged.map((f) => f.path);
  return { path: "activity.md", kind: "activity", title: PAGE_TITLES.activity, data, sources, summarize: [] };
}

export function renderActivity(data: ActivityData, w: PageWriter): string {
  return sections(
    data.commits.length > 0 &&
      `## Latest commits\n\n${table(
        ["Commit", "Date", "Author", "Subject"],
        data.commits.map((c) => [
          w.commit(c.sha),
          code(c.date.slice(0, 10)),
          text(c.author),
          text(c.subject),
        ]),
      )}`,
    data.mostChanged.length > 0 &&
      `## Most changed files\n\nFiles touched by the most of the commits read.\n\n${table(
        ["File", "Commits"],
        data.mostChanged.map((f) => [w.file(f.path), count(f.commits)]),
      )}`,
  );
}
