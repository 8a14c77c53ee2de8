import type { CommitFact } from "./types.ts";

/** How much history the readers report, whatever the source. */
export const HISTORY_LIMITS = {
  /** Commits kept in `recentCommits`. */
  recentCommits: 30,
  /** Commits read to count changes per file (local checkouts only). */
  changeWindow: 200,
  /** Files kept in `mostChanged`. */
  mostChanged: 20,
} as const;

/** A commit as history lists it, with the files it touched. */
export interface CommitWithFiles extends CommitFact {
  files: string[];
}

/** The files touched by the most of `commits`, most first (ties by path), at most `limit`. */
export function mostChangedFiles(
  commits: readonly { files: readonly string[] }[],
  limit: number = HISTORY_LIMITS.mostChanged,
): { path: string; commits: number }[] {
  const counts = new Map<string, number>();
  for (const commit of commits) {
    for (const path of new Set(commit.files)) counts.set(path, (counts.get(path) ?? 0) + 1);
  }
  return [...counts]
    .map(([path, count]) => ({ path, commits: count }))
    .sort((a, b) => b.commits - a.commits || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .slice(0, limit);
}

/** The first line of a commit message. */
export function subjectOf(message: string): string {
  return message.split("\n", 1)[0] ?? "";
}
