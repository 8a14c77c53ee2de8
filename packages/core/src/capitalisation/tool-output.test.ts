import { describe, expect, it } from "vitest";
import type { JiraClient } from "../jira/client.ts";
import type { PolicySnapshot, WorklogRow } from "./classify.ts";
import { computeCapReport } from "./report-compute.ts";
import { REPORT_BUDGET_CHARS, reportForModel } from "./tool-output.ts";
import { emptyRules } from "./types.ts";

const jira = { browseUrl: (key: string) => `https://jira.example/browse/${key}` } as JiraClient;

function reportOf(epicSizes: number[]) {
  const rows: WorklogRow[] = epicSizes.flatMap((size, e) =>
    Array.from({ length: size }, (_, i) => ({
      worklogId: `${e}${String(i).padStart(6, "0")}`,
      accountId: `acc-${i % 40}`,
      authorName: `Person ${i % 40}`,
      workDate: "2026-08-03",
      seconds: 3600,
      issue: {
        key: `FIN-${100 + e}`,
        projectKey: "FIN",
        summary: "x",
        type: "Story",
        epicKey: `FIN-${e + 1}`,
        labels: [],
        components: [],
      },
    })),
  );
  const snapshot: PolicySnapshot = {
    policies: new Map([
      [
        "FIN",
        {
          projectKey: "FIN",
          currency: "USD",
          rules: { ...emptyRules(), issueTypes: ["Story"] },
          updatedBy: "u",
          updatedAt: "",
        },
      ],
    ]),
    phases: new Map(
      epicSizes.map((_, e) => [
        `FIN-${e + 1}`,
        { developmentFrom: "2026-07-01", postImplementationFrom: null },
      ]),
    ),
    rates: [],
    roles: new Map(),
    epicSummaries: new Map(),
  };
  return computeCapReport(rows, snapshot, {
    from: "2026-07-01",
    to: "2026-09-30",
    projects: ["FIN"],
    currency: "USD",
    syncedAt: null,
    generatedAt: "2026-10-01T00:00:00.000Z",
  });
}

describe("reportForModel", () => {
  it("lists as many worklog ids as fit, even of one very large epic, and counts the rest", () => {
    const { report, lines } = reportOf([3000, 20]);
    const { content, citations } = reportForModel(report, lines, jira);
    const text = JSON.stringify(content);
    expect(text.length).toBeLessThanOrEqual(REPORT_BUDGET_CHARS);
    const listed = content.worklogIdsByEpic[0]?.capitalisable ?? [];
    expect(listed.length).toBeGreaterThan(100);
    expect(listed.length).toBeLessThan(3000);
    expect(content.omitted).toContain(`the ids of ${3020 - listed.length} worklogs`);
    expect(citations.filter((c) => c.label.includes("worklog"))).toHaveLength(listed.length);
    expect(citations).toContainEqual({
      kind: "jira",
      label: `FIN-100 worklog ${listed[0]}`,
      url: `https://jira.example/browse/FIN-100?focusedWorklogId=${listed[0]}`,
    });
  });

  it("keeps every epic's ids when they fit, with nothing left out", () => {
    const { report, lines } = reportOf([3, 2]);
    const { content } = reportForModel(report, lines, jira);
    expect(content.worklogIdsByEpic).toEqual([
      { epicKey: "FIN-1", capitalisable: ["0000000", "0000001", "0000002"] },
      { epicKey: "FIN-2", capitalisable: ["1000000", "1000001"] },
    ]);
    expect(content.omitted).toBeUndefined();
  });
});
