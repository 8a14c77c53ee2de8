import { describe, expect, it } from "vitest";
import type { JiraIssue } from "./schemas.ts";
import { type SprintFacts, sprintIssueFacts, summarizeSprint } from "./sprint-summary.ts";

const closed: SprintFacts = {
  id: 7,
  state: "closed",
  startDate: "2024-06-03T09:00:00.000Z",
  completeDate: "2024-06-14T16:00:00.000Z",
};

function issue(key: string, fields: Record<string, unknown>, histories: unknown[] = []): JiraIssue {
  return { key, fields: { created: "2024-05-01T00:00:00.000+0000", ...fields }, changelog: { histories } };
}
const done = { status: { name: "Done", statusCategory: { key: "done" } } };
const sprintMove = (created: string, from: string, to: string) => ({
  created,
  items: [{ field: "Sprint", from, to }],
});

describe("sprintIssueFacts", () => {
  it("counts an issue added to the sprint after its start as not committed", () => {
    const added = issue("A-1", { points: 3 }, [sprintMove("2024-06-05T10:00:00.000+0000", "6", "6, 7")]);
    const planned = issue("A-2", { points: 5 }, [sprintMove("2024-06-01T10:00:00.000+0000", "", "7")]);
    const carriedIn = issue("A-3", {}, [sprintMove("2024-06-04T10:00:00.000+0000", "7", "7, 8")]);
    expect(sprintIssueFacts(added, closed, "points")).toEqual({
      key: "A-1",
      points: 3,
      committed: false,
      done: false,
    });
    expect(sprintIssueFacts(planned, closed, "points")).toMatchObject({ committed: true, points: 5 });
    expect(sprintIssueFacts(carriedIn, closed, "points")).toMatchObject({ committed: true, points: null });
  });

  it("counts an issue created after the start as added, and one resolved after the end as not done", () => {
    const late = issue("A-4", {
      created: "2024-06-10T00:00:00.000Z",
      ...done,
      resolutiondate: "2024-06-11T00:00:00.000Z",
    });
    const after = issue("A-5", { ...done, resolutiondate: "2024-06-15T09:00:00.000+0000" });
    expect(sprintIssueFacts(late, closed, undefined)).toMatchObject({
      committed: false,
      done: true,
      points: null,
    });
    expect(sprintIssueFacts(after, closed, undefined)).toMatchObject({ committed: true, done: false });
  });

  it("treats every issue of a sprint that has not started as committed", () => {
    const future = { id: 9, state: "future", startDate: null, completeDate: null };
    const added = issue("A-6", {}, [sprintMove("2024-06-05T10:00:00.000+0000", "", "9")]);
    expect(sprintIssueFacts(added, future, undefined)).toMatchObject({ committed: true });
  });
});

describe("summarizeSprint", () => {
  it("tallies issues and points, with null completion when nothing is estimated", () => {
    expect(
      summarizeSprint([
        { key: "A-1", points: 2.5, committed: true, done: true },
        { key: "A-2", points: null, committed: false, done: false },
      ]),
    ).toEqual({
      committed: { issues: 1, points: 2.5, doneIssues: 1, donePoints: 2.5 },
      addedAfterStart: { issues: 1, points: 0, keys: ["A-2"] },
      done: { issues: 1, points: 2.5 },
      notDone: { issues: 1, points: 0, keys: ["A-2"] },
      unestimated: 1,
      completionPercent: 100,
    });
    expect(
      summarizeSprint([{ key: "A-3", points: null, committed: true, done: false }]).completionPercent,
    ).toBeNull();
  });
});
