import { createHash, randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

/** A browser session: who is signed in and the CSRF token their unsafe requests must echo. */
export interface Session {
  userId: string;
  csrfToken: string;
  createdAt: string;
}

const key = (sessionId: string) => `session:${createHash("sha256").update(sessionId).digest("hex")}`;

/**
 * Creates a session in Redis and returns its id (the cookie value). Only a hash of the id is used
 * as the key, so a Redis dump does not hand out live cookies.
 */
export async function createSession(
  redis: Redis,
  userId: string,
  ttlSeconds: number,
): Promise<{ id: string; session: Session }> {
  const id = randomBytes(32).toString("base64url");
  const session: Session = {
    userId,
    csrfToken: randomBytes(24).toString("base64url"),
    createdAt: new Date().toISOString(),
  };
  await redis.set(key(id), JSON.stringify(session), "EX", ttlSeconds);
  return { id, session };
}

/** Reads a session and slides its expiry; null when unknown or expired. */
export async function getSession(redis: Redis, id: string, ttlSeconds: number): Promise<Session | null> {
  const raw = await redis.getex(key(id), "EX", ttlSeconds);
  return raw ? (JSON.parse(raw) as Session) : null;
}

export async function destroySession(redis: Redis, id: string): Promise<void> {
  await redis.del(key(id));
}
