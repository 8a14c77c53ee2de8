import { AppError } from "../errors.ts";

/** A position in a list ordered by `updatedAt` then `id`, both descending. */
export type Position = { updatedAt: string; id: string };

const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An opaque, URL-safe cursor for the position just after `position`. */
export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.updatedAt, position.id]), "utf8").toString("base64url");
}

/** The position a cursor names; anything not made by {@link encodeCursor} is `invalid_request`. */
export function decodeCursor(cursor: string): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== "string" ||
    typeof parsed[1] !== "string" ||
    !ISO_UTC_MS.test(parsed[0]) ||
    parsed[1].length === 0
  ) {
    throw invalidCursor();
  }
  return { updatedAt: parsed[0], id: parsed[1] };
}

function invalidCursor(): AppError {
  return new AppError("invalid_request", "Invalid cursor");
}
