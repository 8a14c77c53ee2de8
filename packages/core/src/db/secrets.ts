import { createHash, randomBytes } from "node:crypto";

/** A new secret: `prefix` + 32 random bytes, base64url. */
export function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** The SHA-256 (hex) under which a secret is stored; the plaintext never is. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}
