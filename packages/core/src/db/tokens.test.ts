import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashSecret } from "./secrets.ts";
import { addTestUser, openTestDatabase, type TestDatabase } from "./test-database.ts";
import * as Tokens from "./tokens.ts";

let t: TestDatabase;
beforeEach(async () => {
  t = await openTestDatabase();
});
afterEach(async () => {
  await t.close();
});

async function lastUsedAt(id: string) {
  const result = await t.db.execute({ sql: "SELECT last_used_at FROM api_tokens WHERE id = ?", args: [id] });
  return result.rows[0]?.last_used_at;
}

describe("Tokens", () => {
  it("returns the token once and stores only its SHA-256", async () => {
    const user = await addTestUser(t.db);
    const created = await Tokens.create(t.db, user.id, "ci");
    expect(created).toMatchObject({ name: "ci", scope: "full", lastUsedAt: null });
    expect(created.token).toMatch(/^fct_[A-Za-z0-9_-]{43}$/);
    const rows = await t.db.execute("SELECT * FROM api_tokens");
    expect(JSON.stringify(rows.rows)).not.toContain(created.token.slice(4));
    expect(rows.rows[0]?.token_hash).toBe(hashSecret(created.token));
  });

  it("authenticates the owner, and nobody with a wrong, altered or malformed token", async () => {
    const user = await addTestUser(t.db);
    const { token } = await Tokens.create(t.db, user.id, "ci");
    expect(await Tokens.authenticate(t.db, token)).toEqual({ user, scope: "full" });
    for (const wrong of [`${token}x`, token.slice(0, -1), "", "fct_", "' OR 1=1 --", "x".repeat(10_000)]) {
      expect(await Tokens.authenticate(t.db, wrong)).toBeNull();
    }
  });

  it("stores each token's scope, lists it, and hands it back with the owner", async () => {
    const user = await addTestUser(t.db);
    const reader = await Tokens.create(t.db, user.id, "dashboard", "read");
    const writer = await Tokens.create(t.db, user.id, "bot", "full");
    expect(await Tokens.authenticate(t.db, reader.token)).toEqual({ user, scope: "read" });
    expect(await Tokens.authenticate(t.db, writer.token)).toEqual({ user, scope: "full" });
    expect((await Tokens.list(t.db, user.id)).map((token) => [token.name, token.scope])).toEqual([
      ["bot", "full"],
      ["dashboard", "read"],
    ]);
    await expect(
      t.db.execute({ sql: "UPDATE api_tokens SET scope = 'admin' WHERE id = ?", args: [reader.id] }),
    ).rejects.toThrow(/CHECK constraint/);
  });

  it("records last use at most once a minute", async () => {
    const user = await addTestUser(t.db);
    const { id, token } = await Tokens.create(t.db, user.id, "ci");
    await Tokens.authenticate(t.db, token);
    const first = await lastUsedAt(id);
    expect(first).toMatch(/Z$/);
    await new Promise((r) => setTimeout(r, 5));
    await Tokens.authenticate(t.db, token);
    expect(await lastUsedAt(id)).toBe(first);

    const twoMinutesAgo = new Date(Date.now() - 120_000).toISOString();
    await t.db.execute({
      sql: "UPDATE api_tokens SET last_used_at = ? WHERE id = ?",
      args: [twoMinutesAgo, id],
    });
    await Tokens.authenticate(t.db, token);
    expect(String(await lastUsedAt(id)) > String(first)).toBe(true);
  });

  it("lists newest first and removes only the owner's tokens", async () => {
    const [alice, bob] = [await addTestUser(t.db), await addTestUser(t.db)];
    const older = await Tokens.create(t.db, alice.id, "older");
    const newer = await Tokens.create(t.db, alice.id, "newer");
    await Tokens.create(t.db, bob.id, "bob's");
    expect((await Tokens.list(t.db, alice.id)).map((token) => token.name)).toEqual(["newer", "older"]);

    expect(await Tokens.remove(t.db, bob.id, older.id)).toBe(false);
    expect(await Tokens.authenticate(t.db, older.token)).toEqual({ user: alice, scope: "full" });
    expect(await Tokens.remove(t.db, alice.id, older.id)).toBe(true);
    expect(await Tokens.remove(t.db, alice.id, older.id)).toBe(false);
    expect(await Tokens.authenticate(t.db, older.token)).toBeNull();
    expect((await Tokens.list(t.db, alice.id)).map((token) => token.id)).toEqual([newer.id]);
  });

  it("disappear with their user", async () => {
    const user = await addTestUser(t.db);
    const { token } = await Tokens.create(t.db, user.id, "ci");
    await t.db.execute({ sql: "DELETE FROM users WHERE id = ?", args: [user.id] });
    expect(await Tokens.authenticate(t.db, token)).toBeNull();
    expect((await t.db.execute("SELECT count(*) AS n FROM api_tokens")).rows[0]?.n).toBe(0);
  });
});
