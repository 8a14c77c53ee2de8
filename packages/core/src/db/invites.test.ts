import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Invites from "./invites.ts";
import { hashSecret } from "./secrets.ts";
import { addTestUser, openTestDatabase, type TestDatabase } from "./test-database.ts";

let t: TestDatabase;
beforeEach(async () => {
  t = await openTestDatabase();
});
afterEach(async () => {
  await t.close();
});

describe("Invites.create", () => {
  it("returns the code once, stores only its hash, and expires after the TTL", async () => {
    const admin = await addTestUser(t.db);
    const before = Date.now();
    const invite = await Invites.create(t.db, {
      createdBy: admin.id,
      email: " New@Example.com",
      ttlHours: 2,
    });
    expect(invite.code).toMatch(/^fci_[A-Za-z0-9_-]{43}$/);
    const expiresIn = Date.parse(invite.expiresAt) - before;
    expect(expiresIn).toBeGreaterThanOrEqual(2 * 3_600_000);
    expect(expiresIn).toBeLessThan(2 * 3_600_000 + 5_000);

    const rows = await t.db.execute("SELECT * FROM invites");
    expect(rows.rows).toHaveLength(1);
    expect(JSON.stringify(rows.rows)).not.toContain(invite.code);
    expect(rows.rows[0]).toMatchObject({ code_hash: hashSecret(invite.code), email: "new@example.com" });
  });

  it("defaults to a 72-hour TTL and refuses a non-positive one", async () => {
    const admin = await addTestUser(t.db);
    const invite = await Invites.create(t.db, { createdBy: admin.id });
    expect(Date.parse(invite.expiresAt) - Date.now()).toBeGreaterThan(71 * 3_600_000);
    await expect(Invites.create(t.db, { createdBy: admin.id, ttlHours: 0 })).rejects.toMatchObject({
      code: "invalid_request",
    });
  });
});
