import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addTestUser, openTestDatabase, type TestDatabase } from "../db/test-database.ts";
import type { User } from "../db/users.ts";
import * as Policy from "./policy.ts";
import { seedWorklogs } from "./test-support.ts";
import { emptyRules } from "./types.ts";

let t: TestDatabase;
let admin: User;
beforeEach(async () => {
  t = await openTestDatabase();
  admin = await addTestUser(t.db, "Finance Lead");
});
afterEach(async () => {
  await t.close();
});

const rules = { ...emptyRules(), epics: ["FIN-1"], labels: ["rnd"] };

async function count(table: string): Promise<number> {
  const result = await t.db.execute(`SELECT count(*) AS n FROM ${table}`);
  return Number(result.rows[0]?.n);
}

describe("policies", () => {
  it("creates and replaces a project's policy, auditing who, when, before and after", async () => {
    const created = await Policy.putPolicy(t.db, "FIN", { currency: "USD", rules }, admin.id);
    expect(created).toMatchObject({ projectKey: "FIN", currency: "USD", rules, updatedBy: admin.id });
    await Policy.putPolicy(t.db, "FIN", { currency: "USD", rules: { ...rules, labels: [] } }, admin.id);
    expect(await Policy.listPolicies(t.db)).toMatchObject([{ rules: { labels: [] } }]);

    const audit = await Policy.listAudit(t.db);
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      entity: "policy",
      key: "FIN",
      action: "update",
      userId: admin.id,
      userEmail: admin.email,
      before: { rules: { labels: ["rnd"] } },
      after: { rules: { labels: [] } },
    });
    expect(audit[1]).toMatchObject({ action: "create", before: null });
    expect(Date.parse(audit[0]?.at ?? "")).toBeGreaterThan(Date.now() - 60_000);
  });

  it("refuses a bad currency, project key or rules and writes nothing", async () => {
    const bad: [string, unknown][] = [
      ["FIN", { currency: "usd", rules }],
      ["FIN", { currency: "XYZ", rules }],
      ["fin", { currency: "USD", rules }],
      ["FIN", { currency: "USD", rules: { ...rules, epics: ["not a key"] } }],
      ["FIN", { currency: "USD", rules: { ...rules, extra: [] } }],
      ["FIN", { currency: "USD" }],
    ];
    for (const [project, body] of bad) {
      await expect(Policy.putPolicy(t.db, project, body, admin.id)).rejects.toMatchObject({
        code: "invalid_request",
      });
    }
    expect(await count("cap_policies")).toBe(0);
    expect(await count("cap_audit")).toBe(0);
  });

  it("updateRules changes the stored rules in one transaction and needs a policy", async () => {
    await expect(Policy.updateRules(t.db, "FIN", (r) => r, admin.id)).rejects.toMatchObject({
      code: "not_found",
    });
    await Policy.putPolicy(t.db, "FIN", { currency: "EUR", rules }, admin.id);
    const changed = await Policy.updateRules(
      t.db,
      "FIN",
      (r) => ({ ...r, include: [...r.include, "FIN-9"] }),
      admin.id,
    );
    expect(changed.rules.include).toEqual(["FIN-9"]);
    expect((await Policy.getPolicy(t.db, "FIN"))?.rules.include).toEqual(["FIN-9"]);
    expect(await count("cap_audit")).toBe(2);
    // The same change again (a tool call carried out twice) writes nothing more.
    await Policy.updateRules(t.db, "FIN", (r) => ({ ...r, include: [...r.include, "FIN-9"] }), admin.id);
    expect(await count("cap_audit")).toBe(2);
  });

  it("keeps the audit append-only", async () => {
    await Policy.putPolicy(t.db, "FIN", { currency: "USD", rules }, admin.id);
    await expect(t.db.execute("UPDATE cap_audit SET user_id = 'someone'")).rejects.toThrow(/append-only/);
    await expect(t.db.execute("DELETE FROM cap_audit")).rejects.toThrow(/append-only/);
  });
});

describe("epic phases", () => {
  it("sets and clears an epic's dates, refusing post-implementation on or before development", async () => {
    const phases = await Policy.setEpicPhases(
      t.db,
      "FIN-1",
      { developmentFrom: "2026-07-01", postImplementationFrom: "2026-09-15" },
      admin.id,
    );
    expect(phases).toMatchObject({ epicKey: "FIN-1", projectKey: "FIN", updatedBy: admin.id });
    for (const body of [
      { developmentFrom: "2026-07-01", postImplementationFrom: "2026-07-01" },
      { developmentFrom: "2026-07-01", postImplementationFrom: "2026-06-30" },
      { developmentFrom: "2026-02-30", postImplementationFrom: null },
      { developmentFrom: "2026-07-01" },
    ]) {
      await expect(Policy.setEpicPhases(t.db, "FIN-1", body, admin.id)).rejects.toMatchObject({
        code: "invalid_request",
      });
    }
    // The same dates again change nothing and add no audit row.
    await Policy.setEpicPhases(
      t.db,
      "FIN-1",
      { developmentFrom: "2026-07-01", postImplementationFrom: "2026-09-15" },
      admin.id,
    );
    await Policy.setEpicPhases(
      t.db,
      "FIN-1",
      { developmentFrom: null, postImplementationFrom: null },
      admin.id,
    );
    expect(await Policy.listEpicPhases(t.db, "FIN")).toMatchObject([{ developmentFrom: null }]);
    const audit = await Policy.listAudit(t.db);
    expect(audit.map((a) => a.action)).toEqual(["update", "create"]);
    expect(audit[0]?.before).toMatchObject({ developmentFrom: "2026-07-01" });
  });
});

describe("cost rates", () => {
  const rate = {
    subjectKind: "person",
    subject: "acc-ada",
    hourlyRate: "85.125",
    currency: "USD",
    effectiveFrom: "2026-07-01",
  };

  it("refuses a rate in a currency no policy uses (a rate is not tied to one project)", async () => {
    await expect(Policy.addRate(t.db, rate, admin.id)).rejects.toMatchObject({ code: "invalid_request" });
    await Policy.putPolicy(t.db, "FIN", { currency: "EUR", rules }, admin.id);
    await expect(Policy.addRate(t.db, rate, admin.id)).rejects.toThrow(/rates must be in EUR/);
    await Policy.putPolicy(t.db, "OPS", { currency: "USD", rules }, admin.id);
    expect(await Policy.addRate(t.db, rate, admin.id)).toMatchObject({ ...rate, createdBy: admin.id });
  });

  it("validates the rate, its day and its subject, and refuses a second rate on the same day", async () => {
    await Policy.putPolicy(t.db, "FIN", { currency: "USD", rules }, admin.id);
    for (const bad of [
      { ...rate, hourlyRate: "0" },
      { ...rate, hourlyRate: "0.000000" },
      { ...rate, hourlyRate: "-5" },
      { ...rate, hourlyRate: "1.1234567" },
      { ...rate, hourlyRate: "1e3" },
      { ...rate, effectiveFrom: "2026-13-01" },
      { ...rate, subjectKind: "team" },
      { ...rate, subject: "" },
    ]) {
      await expect(Policy.addRate(t.db, bad, admin.id)).rejects.toMatchObject({ code: "invalid_request" });
    }
    await Policy.addRate(t.db, rate, admin.id);
    await expect(Policy.addRate(t.db, { ...rate, hourlyRate: "90" }, admin.id)).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await count("cap_cost_rates")).toBe(1);
  });

  it("deletes a rate with its audit row, and 404s an unknown id", async () => {
    await Policy.putPolicy(t.db, "FIN", { currency: "USD", rules }, admin.id);
    const added = await Policy.addRate(t.db, rate, admin.id);
    await Policy.deleteRate(t.db, added.id, admin.id);
    await expect(Policy.deleteRate(t.db, added.id, admin.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await Policy.listRates(t.db)).toEqual([]);
    const [deleted] = await Policy.listAudit(t.db, 1);
    expect(deleted).toMatchObject({
      entity: "rate",
      key: added.id,
      action: "delete",
      before: { hourlyRate: "85.125" },
      after: null,
    });
  });
});

describe("people's roles", () => {
  it("sets, changes and clears a role, each with an audit row", async () => {
    await Policy.setPersonRole(t.db, "acc-ada", { role: "Engineer" }, admin.id);
    await Policy.setPersonRole(t.db, "acc-ada", { role: "Senior Engineer" }, admin.id);
    expect(await Policy.personRoles(t.db)).toEqual(new Map([["acc-ada", "Senior Engineer"]]));
    await Policy.setPersonRole(t.db, "acc-ada", { role: null }, admin.id);
    expect((await Policy.personRoles(t.db)).size).toBe(0);
    expect((await Policy.listAudit(t.db)).map((a) => a.action)).toEqual(["delete", "update", "create"]);
    await expect(Policy.setPersonRole(t.db, "acc-ada", { role: "" }, admin.id)).rejects.toMatchObject({
      code: "invalid_request",
    });
  });
});

describe("what the policy is set on", () => {
  it("lists epics from the issue facts and the phases, and people from the worklogs with their roles", async () => {
    await seedWorklogs(
      t.db,
      [
        { key: "FIN-1", type: "Epic", epicKey: "FIN-1", summary: "Ledger v2" },
        { key: "FIN-2", epicKey: "FIN-1" },
        { key: "FIN-3", epicKey: "FIN-9" },
        { key: "OPS-1", epicKey: "OPS-7" },
      ],
      [
        { id: "w1", issueId: "id-FIN-2", accountId: "acc-ada", workDate: "2026-08-01", seconds: 60 },
        { id: "w2", issueId: "id-FIN-3", accountId: "acc-bob", workDate: "2026-08-01", seconds: 60 },
      ],
    );
    await Policy.setEpicPhases(
      t.db,
      "FIN-10",
      { developmentFrom: "2026-07-01", postImplementationFrom: null },
      admin.id,
    );
    await Policy.setPersonRole(t.db, "acc-bob", { role: "Engineer" }, admin.id);
    const epics = await Policy.listEpics(t.db, "FIN");
    expect(epics.map((e) => [e.epicKey, e.summary, e.phases?.developmentFrom ?? null])).toEqual([
      ["FIN-1", "Ledger v2", null],
      ["FIN-9", null, null],
      ["FIN-10", null, "2026-07-01"],
    ]);
    expect(await Policy.listPeople(t.db)).toEqual([
      { accountId: "acc-ada", name: "ada", role: null },
      { accountId: "acc-bob", name: "bob", role: "Engineer" },
    ]);
  });
});
