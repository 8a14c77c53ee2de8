import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { addTestUser, openTestDatabase, type TestDatabase } from "../db/test-database.ts";
import * as Policy from "./policy.ts";
import { buildCapReport, reportLines } from "./report.ts";
import { ReportCache, reportCacheFor } from "./report-cache.ts";
import { seedQuarter } from "./test-support.ts";
import { emptyRules } from "./types.ts";
import { cursorStatement, FEED, issueStatements, worklogStatements } from "./worklogs.ts";

let t: TestDatabase;
let adminId: string;

const Q = { from: "2026-07-01", to: "2026-09-30", projects: ["FIN"] };

beforeEach(async () => {
  t = await openTestDatabase();
  adminId = (await addTestUser(t.db)).id;
  await seedQuarter(t.db, adminId);
});
afterEach(async () => {
  await t.close();
});

/** Computes the report once, then runs `change` and reports whether the next report recomputed. */
async function recomputesAfter(change: () => Promise<unknown>) {
  const cache = reportCacheFor(t.db);
  const before = await buildCapReport(t.db, Q);
  const misses = cache.stats.misses;
  expect(await buildCapReport(t.db, Q)).toBe(before);
  expect(cache.stats.misses).toBe(misses);
  await change();
  const after = await buildCapReport(t.db, Q);
  return { recomputed: cache.stats.misses === misses + 1, before, after };
}

describe("the report cache", () => {
  it("serves a repeat, the same projects in another order, and the drill-down without reading the rows", async () => {
    const cache = reportCacheFor(t.db);
    const first = await buildCapReport(t.db, { ...Q, projects: ["FIN"] });
    expect(cache.stats).toEqual({ hits: 0, misses: 1 });
    const batch = vi.spyOn(t.db, "batch");
    const again = await buildCapReport(t.db, { ...Q, projects: ["FIN", "FIN"] });
    // The same object, computed when it was first asked: its generatedAt stays.
    expect(again).toBe(first);
    expect(again.generatedAt).toBe(first.generatedAt);
    const lines = await reportLines(t.db, Q, { epic: "FIN-1", treatment: "capitalisable" });
    expect(lines.map((l) => l.worklogId).sort()).toEqual(["w2", "w3"]);
    expect(batch).not.toHaveBeenCalled();
    expect(cache.stats).toEqual({ hits: 2, misses: 1 });
    // Another period is another entry.
    await buildCapReport(t.db, { ...Q, to: "2026-08-31" });
    expect(batch).toHaveBeenCalledTimes(1);
    expect(cache.stats.misses).toBe(2);
  });

  it("recomputes after a policy change", async () => {
    const r = await recomputesAfter(() =>
      Policy.putPolicy(
        t.db,
        "FIN",
        { currency: "USD", rules: { ...emptyRules(), epics: ["FIN-1"] } },
        adminId,
      ),
    );
    expect(r.recomputed).toBe(true);
    expect(r.after.totals.capitalisable).not.toEqual(r.before.totals.capitalisable);
  });

  it("recomputes after a rate is added or deleted", async () => {
    let id = "";
    const added = await recomputesAfter(async () => {
      id = (
        await Policy.addRate(
          t.db,
          {
            subjectKind: "person",
            subject: "acc-cy",
            hourlyRate: "50.00",
            currency: "USD",
            effectiveFrom: "2026-01-01",
          },
          adminId,
        )
      ).id;
    });
    expect(added.recomputed).toBe(true);
    expect(added.after.totals.unrated.worklogs).toBe(0);
    const deleted = await recomputesAfter(() => Policy.deleteRate(t.db, id, adminId));
    expect(deleted.recomputed).toBe(true);
    expect(deleted.after.totals.unrated.worklogs).toBe(1);
  });

  it("recomputes after a role change", async () => {
    const r = await recomputesAfter(() => Policy.setPersonRole(t.db, "acc-bob", { role: null }, adminId));
    expect(r.recomputed).toBe(true);
    expect(r.after.totals.unrated.worklogs).toBeGreaterThan(r.before.totals.unrated.worklogs);
  });

  it("recomputes after a phase change", async () => {
    const r = await recomputesAfter(() =>
      Policy.setEpicPhases(
        t.db,
        "FIN-1",
        { developmentFrom: "2026-07-01", postImplementationFrom: null },
        adminId,
      ),
    );
    expect(r.recomputed).toBe(true);
    expect(r.after.totals.capitalisable).not.toEqual(r.before.totals.capitalisable);
  });

  it("recomputes after a worklog sync page, even one that does not move its feed", async () => {
    const page = (id: string, at: string) =>
      t.db.batch(
        [
          ...worklogStatements(
            [
              {
                id,
                issueId: "id-FIN-2",
                authorAccountId: "acc-ada",
                authorName: "Ada",
                started: "2026-08-10T09:00:00.000+00:00",
                workDate: "2026-08-10",
                seconds: 3600,
                jiraUpdated: at,
              },
            ],
            at,
          ),
          cursorStatement(FEED.updated, 1_000, at),
        ],
        "write",
      );
    const r = await recomputesAfter(() => page("w-new", "2026-10-02T00:00:00.000Z"));
    expect(r.recomputed).toBe(true);
    expect(r.after.totals.worklogs).toBe(r.before.totals.worklogs + 1);
    const same = await recomputesAfter(() => page("w-newer", "2026-10-02T00:00:01.000Z"));
    expect(same.recomputed).toBe(true);
    expect(same.after.totals.worklogs).toBe(same.before.totals.worklogs + 1);
  });

  it("recomputes after an issue-facts page reclassifies an issue", async () => {
    const at = "2026-10-03T00:00:00.000Z";
    const r = await recomputesAfter(() =>
      t.db.batch(
        [
          ...issueStatements(
            [
              {
                issueId: "id-FIN-4",
                issueKey: "FIN-4",
                projectKey: "FIN",
                summary: "Now R&D",
                issueType: "Bug",
                epicKey: null,
                parentKey: null,
                inheritsEpic: false,
                labels: ["rnd"],
                components: [],
                jiraUpdated: at,
              },
            ],
            at,
          ),
          cursorStatement(FEED.issues("FIN"), Date.parse(at), at),
        ],
        "write",
      ),
    );
    expect(r.recomputed).toBe(true);
    // FIN-4 was expensed (no rule matched); with the label it is in scope, but has no epic phases.
    expect(r.after.totals.expensed).not.toEqual(r.before.totals.expensed);
    const [w6] = await reportLines(t.db, Q, { accountId: "acc-cy" });
    expect(w6).toMatchObject({ worklogId: "w6", treatment: expect.not.stringMatching(/^expensed$/) });
  });
});

describe("ReportCache", () => {
  const entry = (lines: number) => ({ report: {} as never, lines: Array.from({ length: lines }) as never[] });

  it("drops the least recently used entry past its entry or line bound, and keeps no report above the line bound", () => {
    const cache = new ReportCache({ entries: 2, lines: 10 });
    cache.set("a", entry(4));
    cache.set("b", entry(4));
    cache.get("a");
    cache.set("c", entry(4));
    expect([cache.get("a"), cache.get("b"), cache.get("c")].map(Boolean)).toEqual([true, false, true]);
    cache.set("d", entry(8));
    expect(cache.size).toBe(1);
    expect(cache.get("d")).toBeDefined();
    cache.set("e", entry(11));
    expect(cache.get("e")).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});
