import type { Value } from "@libsql/client";

/** JSON text for a JSON column; `undefined` and `null` are stored as SQL NULL. */
export function toJsonColumn(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** The value a JSON column holds; SQL NULL reads as null. */
export function fromJsonColumn(value: Value | undefined): unknown {
  return value === null || value === undefined ? null : JSON.parse(String(value));
}
