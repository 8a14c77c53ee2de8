import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "../errors.ts";

/**
 * Opaque cursors handed to the model for "more of this list". A cursor carries a fingerprint of
 * the query it continues, so it cannot be replayed against another query by mistake.
 */

const Envelope = z.object({ f: z.string(), p: z.unknown() });

function fingerprint(scope: string): string {
  return createHash("sha256").update(scope).digest("base64url").slice(0, 12);
}

/** A cursor for `scope` (e.g. the JQL) holding `position`. */
export function encodeCursor(scope: string, position: unknown): string {
  return Buffer.from(JSON.stringify({ f: fingerprint(scope), p: position })).toString("base64url");
}

/**
 * The position in a cursor made by {@link encodeCursor} for the same scope.
 * @throws AppError("invalid_request") for a damaged cursor or one from another query.
 */
export function decodeCursor<S extends z.ZodType>(cursor: string, scope: string, position: S): z.infer<S> {
  let envelope: z.infer<typeof Envelope>;
  try {
    envelope = Envelope.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new AppError("invalid_request", "The cursor is damaged; call again without a cursor to start over");
  }
  if (envelope.f !== fingerprint(scope)) {
    throw new AppError(
      "invalid_request",
      "The cursor belongs to another query; repeat the same arguments with it, or drop it to start over",
    );
  }
  const parsed = position.safeParse(envelope.p);
  if (!parsed.success)
    throw new AppError("invalid_request", "The cursor is damaged; call again without a cursor");
  return parsed.data;
}
