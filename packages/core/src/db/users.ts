import type { Client, Row, Transaction } from "@libsql/client";
import { AppError } from "../errors.ts";
import { newId } from "../ids.ts";
import * as Invites from "./invites.ts";
import { nowIso } from "./timestamps.ts";
import { writeTransaction } from "./write-transaction.ts";

export type Role = "admin" | "member";
export type User = { id: string; email: string; name: string; role: Role; createdAt: string };
export type SignupMode = "open" | "invite" | "closed";
export type NewUser = {
  email: string;
  name: string;
  passwordHash: string;
  signup: SignupMode;
  inviteCode?: string;
};

const COLUMNS = "id, email, name, role, created_at";

/** Emails are compared and stored trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Creates an account in one write transaction. The first user ever is an admin and always
 * admitted; later users are members admitted by `signup`: `closed` refuses, `invite` needs a
 * valid invite code (consumed here; an invite that names an email only admits that email).
 * Throws `forbidden` when not admitted and `conflict` for an email already in use.
 */
export async function create(db: Client, input: NewUser): Promise<User> {
  const email = normalizeEmail(input.email);
  try {
    return await writeTransaction(db, async (tx) => {
      const first = !(await anyUserExists(tx));
      const inviteId = first ? null : await admit(tx, input, email);
      if (await findByEmail(tx, email)) throw emailTaken();
      const user: User = {
        id: newId(),
        email,
        name: input.name,
        role: first ? "admin" : "member",
        createdAt: nowIso(),
      };
      await tx.execute({
        sql: `INSERT INTO users (${COLUMNS}, password_hash) VALUES (?, ?, ?, ?, ?, ?)`,
        args: [user.id, user.email, user.name, user.role, user.createdAt, input.passwordHash],
      });
      if (inviteId) await Invites.consume(tx, inviteId, user.id);
      return user;
    });
  } catch (err) {
    throw isUniqueEmailViolation(err) ? emailTaken() : err;
  }
}

/** The user with this email (any case, surrounding spaces ignored), with the password hash. */
export async function findByEmail(
  db: Client | Transaction,
  email: string,
): Promise<(User & { passwordHash: string }) | null> {
  const result = await db.execute({
    sql: `SELECT ${COLUMNS}, password_hash FROM users WHERE email = ?`,
    args: [normalizeEmail(email)],
  });
  const row = result.rows[0];
  return row ? { ...toUser(row), passwordHash: String(row.password_hash) } : null;
}

/**
 * Replaces a password hash (a rehash with stronger parameters after a sign-in) unless it changed
 * meanwhile; true when this call replaced it.
 */
export async function replacePasswordHash(
  db: Client,
  id: string,
  previousHash: string,
  nextHash: string,
): Promise<boolean> {
  const result = await db.execute({
    sql: "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?",
    args: [nextHash, id, previousHash],
  });
  return result.rowsAffected > 0;
}

/** The user with this id, or null. */
export async function findById(db: Client, id: string): Promise<User | null> {
  const result = await db.execute({ sql: `SELECT ${COLUMNS} FROM users WHERE id = ?`, args: [id] });
  const row = result.rows[0];
  return row ? toUser(row) : null;
}

/** Maps a row holding the user columns (as selected by {@link COLUMNS}). */
export function toUser(row: Row): User {
  return {
    id: String(row.id),
    email: String(row.email),
    name: String(row.name),
    role: row.role === "admin" ? "admin" : "member",
    createdAt: String(row.created_at),
  };
}

async function anyUserExists(tx: Transaction): Promise<boolean> {
  const result = await tx.execute("SELECT EXISTS (SELECT 1 FROM users) AS found");
  return result.rows[0]?.found === 1;
}

/** Checks a later user against the sign-up mode; returns the invite to consume, if any. */
async function admit(tx: Transaction, input: NewUser, email: string): Promise<string | null> {
  if (input.signup === "open") return null;
  if (input.signup === "closed") {
    throw new AppError("forbidden", "Sign-up is closed; ask an administrator for an account");
  }
  if (!input.inviteCode) throw new AppError("forbidden", "Sign-up needs an invitation code");
  return Invites.findRedeemable(tx, input.inviteCode, email);
}

function emailTaken(): AppError {
  return new AppError("conflict", "An account with this email already exists");
}

function isUniqueEmailViolation(err: unknown): boolean {
  return err instanceof Error && /UNIQUE constraint failed: users\.email/.test(err.message);
}
