import { describe, expect, it } from "vitest";
import { noSelection, shownBranch } from "./branches.ts";

const at = "2026-01-01T00:00:00.000Z";
const q = (id: string, runId: string, parentRunId: string | null) =>
  ({ id, role: "user", content: id, runId, parentRunId, createdAt: at }) as const;
const a = (id: string, runId: string) =>
  ({ id, role: "assistant", content: id, runId, createdAt: at }) as const;
const run = (id: string, questionId: string) =>
  ({ id, questionId, status: "completed", error: null }) as const;

// q1 → r1 (regenerated as r1b); q2 below r1, edited as q2e below r1.
const messages = [
  q("q1", "r1", null),
  a("a1", "r1"),
  a("a1b", "r1b"),
  q("q2", "r2", "r1"),
  a("a2", "r2"),
  q("q2e", "r3", "r1"),
  a("a3", "r3"),
];
const runs = [run("r1", "q1"), run("r1b", "q1"), run("r2", "q2"), run("r3", "q2e")];
const shown = (selection = noSelection) =>
  shownBranch(messages, runs, selection).map((t) => [t.question.id, t.run?.id, t.messages.map((m) => m.id)]);

describe("the branch a conversation shows", () => {
  it("is the way to the newest run by default, with each point's versions", () => {
    expect(shown()).toEqual([
      ["q1", "r1", ["a1"]],
      ["q2e", "r3", ["a3"]],
    ]);
    const [first, second] = shownBranch(messages, runs, noSelection);
    expect(first?.answerVersions).toEqual({ index: 0, count: 2, previous: null, next: "r1b" });
    expect(second?.questionVersions).toEqual({ index: 1, count: 2, previous: "q2", next: null });
  });

  it("follows the person's choices, and a choice that leads nowhere yet ends the branch", () => {
    expect(shown({ questions: { r1: "q2" }, answers: {} })).toEqual([
      ["q1", "r1", ["a1"]],
      ["q2", "r2", ["a2"]],
    ]);
    expect(shown({ questions: {}, answers: { q1: "r1b" } })).toEqual([["q1", "r1b", ["a1b"]]]);
  });

  it("shows a run just posted before the stored conversation has it", () => {
    const newest = { runId: "r9", question: { ...q("q9", "r9", "r1b"), content: "new" } };
    const turns = shownBranch(messages, runs, noSelection, newest);
    expect(turns.map((t) => [t.question.id, t.run?.id])).toEqual([
      ["q1", "r1b"],
      ["q9", "r9"],
    ]);
  });
});
