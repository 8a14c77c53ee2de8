import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addTestUser, openTestDatabase, type TestDatabase } from "../db/test-database.ts";
import { buildCapReport, reportLines } from "./report.ts";
import { seedQuarter, seedWorklogs } from "./test-support.ts";

let t: TestDatabase;
let adminId: string;

const Q3 = { from: "2026-07-01", to: "2026-09-30" };

beforeEach(async () => {
  t = await openTestDatabase();
  adminId = (await addTestUser(t.db)).id;
});
afterEach(async () => {
  await t.close();
});

describe("buildCapReport", () => {
  it("classifies by scope, phase on the work date, and the rate effective that day", async () => {
    await seedQuarter(t.db, adminId);
    const report = await buildCapReport(t.db, { ...Q3, projects: ["FIN"] });
    const lines = await reportLines(t.db, { ...Q3, projects: ["FIN"] });
    const byId = new Map(lines.map((l) => [l.worklogId, l]));
    expect(lines.map((l) => l.worklogId).sort()).toEqual([
      "w1",
      "w2",
      "w3",
      "w4",
      "w5",
      "w6",
      "w7",
      "w8",
      "w9",
    ]);
    // The epic changes phase mid-period: preliminary, development, post-implementation.
    expect(byId.get("w1")).toMatchObject({ treatment: "expensed", phase: "preliminary", cost: "180.00" });
    expect(byId.get("w2")).toMatchObject({ treatment: "capitalisable", phase: "development", cost: "90.00" });
    // The person's rate changes mid-period, and beats the role's.
    expect(byId.get("w3")).toMatchObject({
      treatment: "capitalisable",
      cost: "120.00",
      rate: { subjectKind: "person", hourlyRate: "120.00", effectiveFrom: "2026-08-15" },
    });
    expect(byId.get("w4")).toMatchObject({
      treatment: "expensed",
      phase: "post-implementation",
      cost: "60.00",
      rate: { subjectKind: "role", subject: "Engineer" },
    });
    // The explicit exclude wins over the epic rule; an issue matching no rule is expensed.
    expect(byId.get("w5")).toMatchObject({
      treatment: "expensed",
      reason: expect.stringContaining("excluded"),
    });
    expect(byId.get("w6")).toMatchObject({ treatment: "expensed", rate: null, cost: null, hours: "1.00" });
    // Included explicitly, but its epic has no phase dates; and an issue not synced yet.
    expect(byId.get("w7")).toMatchObject({
      treatment: "unclassified",
      reason: expect.stringContaining("FIN-10"),
    });
    expect(byId.get("w8")).toMatchObject({ treatment: "unclassified", issueKey: null, cost: "30.00" });
    expect(byId.get("w9")).toMatchObject({
      treatment: "capitalisable",
      reason: expect.stringContaining("label rnd"),
    });

    expect(report).toMatchObject({ period: Q3, projects: ["FIN"], currency: "USD" });
    expect(report.totals).toEqual({
      capitalisable: { hours: "4.00", cost: "330.00" },
      expensed: { hours: "5.00", cost: "300.00" },
      unclassified: { hours: "1.50", cost: "90.00" },
      total: { hours: "10.50", cost: "720.00" },
      unrated: { hours: "1.00", worklogs: 1 },
      worklogs: 9,
    });
    expect(report.exceptions.unclassified.map((l) => l.worklogId)).toEqual(["w7", "w8"]);
    expect(report.exceptions.unrated.map((l) => l.worklogId)).toEqual(["w6"]);
    expect(report.epics.map((e) => e.epicKey)).toEqual(["FIN-1", "FIN-10", "FIN-30", null]);
    expect(report.epics[0]).toMatchObject({
      summary: "Ledger v2",
      phases: { developmentFrom: "2026-08-01", postImplementationFrom: "2026-09-16" },
      capitalisable: { hours: "2.00", cost: "210.00" },
      expensed: { hours: "4.00", cost: "300.00" },
      worklogs: 5,
      evidence: null,
    });
    expect(report.people.find((p) => p.accountId === "acc-cy")).toMatchObject({
      role: null,
      unratedHours: "1.00",
    });
  });

  it("drills down by epic (or none), person and treatment", async () => {
    await seedQuarter(t.db, adminId);
    const q = { ...Q3, projects: ["FIN"] };
    expect((await reportLines(t.db, q, { epic: "none" })).map((l) => l.worklogId)).toEqual(["w6", "w8"]);
    expect(
      (await reportLines(t.db, q, { epic: "FIN-1", treatment: "capitalisable" })).map((l) => l.worklogId),
    ).toEqual(["w2", "w3"]);
    expect((await reportLines(t.db, q, { accountId: "acc-ada" })).map((l) => l.worklogId)).toEqual([
      "w1",
      "w2",
      "w3",
    ]);
    await expect(reportLines(t.db, q, { treatment: "maybe" as never })).rejects.toMatchObject({
      code: "invalid_request",
    });
  });

  it("defaults to every project with a policy, and refuses mixed currencies or no policy", async () => {
    await seedQuarter(t.db, adminId);
    await expect(buildCapReport(t.db, Q3)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(buildCapReport(t.db, { ...Q3, projects: ["FIN", "OPS"] })).rejects.toThrow(/one currency/);
    await expect(buildCapReport(t.db, { ...Q3, projects: ["ZZZ"] })).rejects.toThrow(
      /no capitalisation policy/,
    );
    await expect(buildCapReport(t.db, { ...Q3, projects: ["fin"] })).rejects.toMatchObject({
      code: "invalid_request",
    });
    // OPS alone: its work is out of scope (no rules), at no EUR rate, and the unsynced worklog shows too.
    const ops = await buildCapReport(t.db, { ...Q3, projects: ["OPS"] });
    expect(ops.currency).toBe("EUR");
    expect(ops.totals.expensed.hours).toBe("1.00");
    expect(ops.totals.unrated).toEqual({ hours: "1.50", worklogs: 2 });
  });

  it("lists a project without a policy as unclassified when asked for with one that has", async () => {
    await seedQuarter(t.db, adminId);
    await seedWorklogs(
      t.db,
      [{ key: "ABC-1" }],
      [{ id: "a1", issueId: "id-ABC-1", workDate: "2026-08-01", seconds: 60 }],
    );
    const report = await buildCapReport(t.db, { ...Q3, projects: ["FIN", "ABC"] });
    expect(report.currency).toBe("USD");
    const lines = await reportLines(t.db, { ...Q3, projects: ["FIN", "ABC"] }, { treatment: "unclassified" });
    expect(lines.find((l) => l.worklogId === "a1")?.reason).toMatch(/ABC has no capitalisation policy/);
  });
});
