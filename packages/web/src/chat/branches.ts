import type { Schemas } from "../api/client.ts";

type StoredMessage = Schemas["Message"];
export type StoredRun = Schemas["TurnRun"];

/**
 * Which version the person chose at a branch point: by parent (a run id, or `root` for first
 * questions) the question shown, by question the answer (run) shown. Points not named show the
 * way to the newest run (the one just asked, regenerated or edited), else their newest version.
 */
export type Selection = { questions: Record<string, string>; answers: Record<string, string> };
export const noSelection: Selection = { questions: {}, answers: {} };

/** One position among a branch point's versions, oldest first. */
export type Versions = { index: number; count: number; previous: string | null; next: string | null };

/** One question and its shown answer on the branch the page shows. */
export type BranchTurn = {
  question: StoredMessage;
  /** The question's versions (the original and its edits), by id. */
  questionVersions: Versions;
  run: StoredRun | null;
  /** The answer's versions (regenerated runs), by run id. */
  answerVersions: Versions;
  /** What the shown run wrote: its steps, tool results and answer. */
  messages: StoredMessage[];
};

/** A run the page follows that the stored conversation may not hold yet (just posted). */
export type NewestRun = { runId: string; question: StoredMessage };

const ROOT = "root";

/** The branch of the conversation's tree that the page shows, from the first question down. */
export function shownBranch(
  messages: readonly StoredMessage[],
  storedRuns: readonly StoredRun[],
  selection: Selection,
  newest: NewestRun | null = null,
): BranchTurn[] {
  const questions = messages.filter((m) => m.role === "user");
  const runs = [...storedRuns];
  if (newest && !questions.some((q) => q.id === newest.question.id)) questions.push(newest.question);
  if (newest && !runs.some((r) => r.id === newest.runId))
    runs.push({ id: newest.runId, questionId: newest.question.id, status: "queued", error: null });
  const children = groupBy(questions, (q) => q.parentRunId ?? ROOT);
  const answers = groupBy(runs, (r) => r.questionId ?? "");
  const written = groupBy(
    messages.filter((m) => m.role !== "user" && m.runId !== null),
    (m) => m.runId ?? "",
  );
  const preferred = pathTo(runs.at(-1) ?? null, runs, questions);
  const turns: BranchTurn[] = [];
  const seen = new Set<string>();
  for (let parent = ROOT; !seen.has(parent); ) {
    seen.add(parent);
    const siblings = children.get(parent) ?? [];
    const question = choose(siblings, selection.questions[parent], preferred, (q) => q.id);
    if (!question) break;
    const versions = answers.get(question.id) ?? [];
    const run = choose(versions, selection.answers[question.id], preferred, (r) => r.id) ?? null;
    turns.push({
      question,
      questionVersions: versionsOf(siblings, question, (q) => q.id),
      run,
      answerVersions: versionsOf(versions, run, (r) => r.id),
      messages: run ? (written.get(run.id) ?? []) : [],
    });
    if (!run) break;
    parent = run.id;
  }
  return turns;
}

/** The ids of the questions and runs on the way from the top to `run`. */
function pathTo(
  run: StoredRun | null,
  runs: readonly StoredRun[],
  questions: readonly StoredMessage[],
): Set<string> {
  const questionOf = new Map(runs.map((r) => [r.id, r.questionId]));
  const byId = new Map(questions.map((q) => [q.id, q]));
  const path = new Set<string>();
  for (let current = run?.id ?? null; current !== null && !path.has(current); ) {
    path.add(current);
    const questionId = questionOf.get(current);
    if (!questionId) break;
    path.add(questionId);
    current = byId.get(questionId)?.parentRunId ?? null;
  }
  return path;
}

function choose<T>(
  options: readonly T[],
  chosen: string | undefined,
  preferred: Set<string>,
  idOf: (option: T) => string,
): T | undefined {
  return (
    options.find((o) => idOf(o) === chosen) ?? options.find((o) => preferred.has(idOf(o))) ?? options.at(-1)
  );
}

function versionsOf<T>(options: readonly T[], shown: T | null | undefined, idOf: (o: T) => string): Versions {
  const index = shown ? options.indexOf(shown) : -1;
  const at = (i: number) => {
    const option = options[i];
    return option === undefined || i < 0 ? null : idOf(option);
  };
  return { index, count: options.length, previous: at(index - 1), next: at(index + 1) };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}
