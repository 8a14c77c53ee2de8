import { createHash } from "node:crypto";
import { AppError } from "../errors.ts";

/** Where the next page starts: a GitHub page number or an offset into a list already fetched. */
export interface PageInfo {
  page: number;
}

interface CursorBody extends PageInfo {
  /** A digest of the query the cursor belongs to. */
  q: string;
}

/** A short digest of a query's arguments (the cursor itself left out). */
export function queryDigest(args: Record<string, unknown>): string {
  const { cursor: _cursor, ...query } = args;
  const canonical = JSON.stringify(
    Object.keys(query)
      .sort()
      .map((key) => [key, query[key]]),
  );
  return createHash("sha256").update(canonical).digest("base64url").slice(0, 10);
}

/** An opaque cursor for the next page of the query `args`. */
export function encodeCursor(args: Record<string, unknown>, info: PageInfo): string {
  const body: CursorBody = { ...info, q: queryDigest(args) };
  return Buffer.from(JSON.stringify(body)).toString("base64url");
}

/**
 * The page a cursor points at, or page 1 without one.
 * @throws AppError `invalid_request` for a cursor that is malformed or from another query.
 */
export function decodeCursor(args: Record<string, unknown> & { cursor?: string | undefined }): PageInfo {
  if (!args.cursor) return { page: 1 };
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(args.cursor, "base64url").toString("utf8")) as Partial<CursorBody>;
  } catch {
    throw new AppError(
      "invalid_request",
      "The cursor is not one this tool returned; omit it to start from the first page",
    );
  }
  if (typeof body.page !== "number" || !Number.isInteger(body.page) || body.page < 1 || body.page > 10_000) {
    throw new AppError(
      "invalid_request",
      "The cursor is not one this tool returned; omit it to start from the first page",
    );
  }
  if (body.q !== queryDigest(args)) {
    throw new AppError(
      "invalid_request",
      "The cursor belongs to a different query; repeat the same arguments with it, or omit it",
    );
  }
  return { page: body.page };
}

/** True when GitHub's Link header has a `next` page. */
export function hasNextPage(link: string | undefined): boolean {
  return /rel="next"/.test(link ?? "");
}

/** The cursor of the page after `page`, or null when GitHub's `link` header names no next page. */
export function nextPageCursor(
  args: Record<string, unknown>,
  page: number,
  link: string | undefined,
): string | null {
  return hasNextPage(link) ? encodeCursor(args, { page: page + 1 }) : null;
}
