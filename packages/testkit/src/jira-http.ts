import { createHash } from "node:crypto";
import type { JiraState } from "./jira-model.ts";
import type { JiraRenderer } from "./jira-render.ts";

/** What a route handler gets: path parameters, query, parsed JSON body and the site. */
export interface RouteContext {
  params: string[];
  query: URLSearchParams;
  body: unknown;
  state: JiraState;
  render: JiraRenderer;
  currentAccountId: string;
  now: number;
}

export interface Reply {
  status: number;
  body?: unknown;
}

export type Route = { method: string; pattern: RegExp; handle: (ctx: RouteContext) => Reply };

/** An error answer in Jira's shape: `{ errorMessages, errors }`. */
export class HttpError extends Error {
  readonly status: number;
  readonly body: { errorMessages: string[]; errors: Record<string, string> };

  constructor(status: number, messages: string[], errors: Record<string, string> = {}) {
    super(messages[0] ?? Object.values(errors)[0] ?? `HTTP ${status}`);
    this.status = status;
    this.body = { errorMessages: messages, errors };
  }
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });

/** A non-negative integer query parameter, or the default. */
export function intParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new HttpError(400, [`The value '${raw}' is invalid for '${name}'.`]);
  return Math.min(n, max);
}

/** Every value of a repeatable, comma-separable parameter (`fields=a,b&fields=c`). */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** An opaque page token tied to the query it pages through. */
export function pageToken(scope: string, offset: number): string {
  const digest = createHash("sha256").update(scope).digest("hex").slice(0, 16);
  return Buffer.from(JSON.stringify({ d: digest, o: offset })).toString("base64url");
}

/** The offset a page token stands for. @throws HttpError(400) for a token of another query. */
export function readPageToken(token: string | null, scope: string): number {
  if (!token) return 0;
  try {
    const { d, o } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { d: string; o: number };
    const digest = createHash("sha256").update(scope).digest("hex").slice(0, 16);
    if (d === digest && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // answered below, as Jira does for any token it cannot use
  }
  throw new HttpError(400, ["The provided next page token is invalid or expired."]);
}

/** A Jira `Page` (`values`, `startAt`, `maxResults`, `total`, `isLast`). */
export function offsetPage<T>(items: readonly T[], startAt: number, maxResults: number) {
  const values = items.slice(startAt, startAt + maxResults);
  return {
    maxResults,
    startAt,
    total: items.length,
    isLast: startAt + values.length >= items.length,
    values,
  };
}

export function findOr404<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new HttpError(404, [message]);
  return value;
}

export const ISSUE_MISSING = "Issue does not exist or you do not have permission to see it.";
