import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Invites from "./invites.ts";
import { openTestDatabase, type TestDatabase } from "./test-database.ts";
import * as Users from "./users.ts";

let t: TestDatabase;
beforeEach(async () => {
  t = await openTestDatabase();
});
afterEach(async () => {
  await t.close();
});

const base = { name: "Ada", passwordHash: "scrypt$hash" };

async function admin() {
  return Users.create(t.db, { ...base, email: "admin@example.com", signup: "closed" });
}

describe("Users.create", () => {
  it("makes the first user an admin even when sign-up is closed, storing the email normalised", async () => {
    const first = await Users.create(t.db, { ...base, email: "  Ada@Example.COM ", signup: "closed" });
    expect(first).toMatchObject({ email: "ada@example.com", name: "Ada", role: "admin" });
    expect(first.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const open = await Users.create(t.db, { ...base, email: "bob@example.com", signup: "open" });
    expect(open.role).toBe("member");
  });

  it("refuses later users when sign-up is closed", async () => {
    await admin();
    await expect(
      Users.create(t.db, { ...base, email: "bob@example.com", signup: "closed" }),
    ).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringMatching(/Sign-up is closed/),
    });
    expect(await Users.findByEmail(t.db, "bob@example.com")).toBeNull();
  });

  it("rejects a duplicate email whatever its case", async () => {
    await admin();
    await expect(
      Users.create(t.db, { ...base, email: " ADMIN@example.com", signup: "open" }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: "An account with this email already exists",
    });
  });

  it("admits exactly one admin when the first two sign-ups race", async () => {
    const users = await Promise.all(
      ["a@example.com", "b@example.com", "c@example.com"].map((email) =>
        Users.create(t.db, { ...base, email, signup: "open" }),
      ),
    );
    expect(users.filter((u) => u.role === "admin")).toHaveLength(1);
  });
});

describe("Users.create with invites", () => {
  it("admits with a valid code once, then refuses the used code", async () => {
    const { id: adminId } = await admin();
    const invite = await Invites.create(t.db, { createdBy: adminId });
    const bob = await Users.create(t.db, {
      ...base,
      email: "bob@example.com",
      signup: "invite",
      inviteCode: invite.code,
    });
    expect(bob.role).toBe("member");
    const row = await t.db.execute({
      sql: "SELECT used_by, used_at FROM invites WHERE id = ?",
      args: [invite.id],
    });
    expect(row.rows[0]?.used_by).toBe(bob.id);
    await expect(
      Users.create(t.db, { ...base, email: "carol@example.com", signup: "invite", inviteCode: invite.code }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("refuses a missing, unknown or expired code", async () => {
    const { id: adminId } = await admin();
    const attempt = (inviteCode?: string) =>
      Users.create(t.db, {
        ...base,
        email: "bob@example.com",
        signup: "invite",
        ...(inviteCode ? { inviteCode } : {}),
      });
    await expect(attempt()).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringMatching(/code/),
    });
    await expect(attempt("fci_unknown")).rejects.toMatchObject({ code: "forbidden" });
    const invite = await Invites.create(t.db, { createdBy: adminId });
    await t.db.execute({
      sql: "UPDATE invites SET expires_at = ? WHERE id = ?",
      args: [new Date(Date.now() - 1000).toISOString(), invite.id],
    });
    await expect(attempt(invite.code)).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringMatching(/expired/),
    });
  });

  it("only admits the email an invite names (any case)", async () => {
    const { id: adminId } = await admin();
    const invite = await Invites.create(t.db, { createdBy: adminId, email: "Bob@Example.com" });
    await expect(
      Users.create(t.db, {
        ...base,
        email: "mallory@example.com",
        signup: "invite",
        inviteCode: invite.code,
      }),
    ).rejects.toMatchObject({ code: "forbidden", message: expect.stringMatching(/different email/) });
    const bob = await Users.create(t.db, {
      ...base,
      email: "BOB@example.com",
      signup: "invite",
      inviteCode: invite.code,
    });
    expect(bob.email).toBe("bob@example.com");
  });

  it("leaves the invite unused when the sign-up fails for another reason", async () => {
    const { id: adminId } = await admin();
    const invite = await Invites.create(t.db, { createdBy: adminId });
    await expect(
      Users.create(t.db, { ...base, email: "admin@example.com", signup: "invite", inviteCode: invite.code }),
    ).rejects.toMatchObject({ code: "conflict" });
    const bob = await Users.create(t.db, {
      ...base,
      email: "bob@example.com",
      signup: "invite",
      inviteCode: invite.code,
    });
    expect(bob.role).toBe("member");
  });
});

describe("Users.findByEmail / findById", () => {
  it("finds by email in any case with the password hash, and by id without it", async () => {
    const created = await admin();
    expect(await Users.findByEmail(t.db, " ADMIN@EXAMPLE.COM")).toEqual({
      ...created,
      passwordHash: "scrypt$hash",
    });
    expect(await Users.findById(t.db, created.id)).toEqual(created);
    expect(await Users.findById(t.db, "missing")).toBeNull();
    expect(await Users.findByEmail(t.db, "nobody@example.com")).toBeNull();
  });
});
