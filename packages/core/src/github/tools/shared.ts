import { z } from "zod";
import { defineTool, type Tool, type ToolContext, type ToolResult } from "../../agent/tool.ts";
import { AppError } from "../../errors.ts";
import { parseRepo, type RepoRef } from "../allow-list.ts";
import type { GitHubClient } from "../client.ts";
import { describeFailure, toAppError } from "../errors.ts";

/** Characters of content a GitHub tool returns at most; longer lists page with a cursor instead. */
export const CONTENT_BUDGET = 12_000;

/** Items per page of a list tool: small enough that a page stays inside the budget. */
export const PAGE_SIZE = 20;

export const repoArg = z.string().min(3).max(140).describe("The repository as owner/name, e.g. acme/ledger");
export const cursorArg = z
  .string()
  .max(400)
  .optional()
  .describe("nextCursor from the previous page of this same query; omit it for the first page");
export const refArg = z
  .string()
  .min(1)
  .max(250)
  .optional()
  .describe("A branch, tag or commit SHA; the default branch when omitted");

/** A repository the model named, checked against the allow-list before anything is fetched. */
export type AllowedRepo = RepoRef & { full: string };

export function allowedRepo(client: GitHubClient, fullName: string): AllowedRepo {
  const ref = parseRepo(fullName);
  client.allow.assert(ref.owner, ref.repo);
  return { ...ref, full: `${ref.owner}/${ref.repo}` };
}

/** The owner and name as Octokit takes them (without `full`, which would become a query parameter). */
export const at = (r: AllowedRepo) => ({ owner: r.owner, repo: r.repo });

interface GitHubToolSpec<S extends z.ZodType> {
  name: string;
  description: string;
  kind?: "read" | "write";
  input: S;
  /** Names what was asked for in error messages, e.g. "acme/ledger issue #7". */
  target(args: z.infer<S>): string;
  run(args: z.infer<S>, ctx: ToolContext): Promise<ToolResult>;
}

/**
 * A GitHub tool: its requests are counted under its name, and whatever GitHub answers wrong
 * becomes an AppError with a message the model can act on.
 */
export function githubTool<S extends z.ZodType>(client: GitHubClient, spec: GitHubToolSpec<S>): Tool<S> {
  return defineTool({
    name: spec.name,
    description: spec.description,
    kind: spec.kind ?? "read",
    input: spec.input,
    run: (args, ctx) =>
      client.withLabel(spec.name, async () => {
        // The tool's own signal: once it has answered (or failed), requests it left queued behind
        // the throttle (a sibling of a failed request) are dropped instead of sent seconds later.
        const done = new AbortController();
        const signal = AbortSignal.any([ctx.signal, done.signal]);
        try {
          return await spec.run(args, { ...ctx, signal });
        } catch (error) {
          throw toAppError(error, spec.target(args));
        } finally {
          done.abort(new Error(`${spec.name} has finished`));
        }
      }),
  });
}

/** One part of a tool's answer: what GitHub answered, or why that part could not be read. */
export type Part<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Runs one request of several, so one that fails leaves the others' answers standing: the tool
 * then reports what it could read and names what it could not. A cancelled run still throws.
 */
export async function part<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<Part<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (signal.aborted) throw error;
    return { ok: false, reason: describeFailure(error) };
  }
}

/** The value of a part, or `fallback` with the failure recorded in `incomplete` under `name`. */
export function partOr<T, F>(
  p: Part<T>,
  fallback: F,
  incomplete: Record<string, string>,
  name: string,
): T | F {
  if (p.ok) return p.value;
  incomplete[name] = p.reason;
  return fallback;
}

/** What a search result says when GitHub's search gave up early (`incomplete_results`). */
export const SEARCH_TIMED_OUT =
  "GitHub's search timed out and answered only part of the matches: more may exist than are listed";

/** The words a summary adds when parts of an answer are missing. */
export function incompleteNote(incomplete: Record<string, string>): string {
  const names = Object.keys(incomplete);
  return names.length ? ` (incomplete: ${names.join(", ")} could not be read)` : "";
}

/** Parses GitHub data with its schema. @throws AppError `unavailable` when the shape is not GitHub's. */
export function parseGitHub<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new AppError("unavailable", `GitHub answered ${what} in an unexpected shape`);
  return parsed.data;
}

/** Cuts text to `max` characters with a marker, for bodies and patches inside a result. */
export function clip(text: string | null | undefined, max: number): string {
  if (!text) return "";
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more characters]`;
}

/** The first line of a commit message. */
export const firstLine = (message: string) => message.split("\n", 1)[0] ?? "";

/** Label names whether GitHub sent strings or objects. */
export function labelNames(labels: (string | { name?: string | undefined })[] | undefined): string[] {
  return (labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean);
}

/**
 * The items from `start` that fit in what the budget leaves after `reservedChars`, at least one,
 * with the index to continue from (null at the end). For lists fetched whole, so a cursor can
 * point at the next item and nothing is skipped.
 */
export function takeWithinBudget<T, R>(
  items: readonly T[],
  start: number,
  render: (item: T) => R,
  reservedChars: number,
): { shown: R[]; next: number | null } {
  const shown: R[] = [];
  let used = reservedChars;
  let index = start;
  for (; index < items.length; index += 1) {
    const rendered = render(items[index] as T);
    const size = JSON.stringify(rendered).length + 1;
    if (shown.length > 0 && used + size > CONTENT_BUDGET) break;
    shown.push(rendered);
    used += size;
  }
  return { shown, next: index < items.length ? index : null };
}

/**
 * Serialises a result as compact JSON inside the budget: when it is too long, items are dropped
 * from the end of `listKey` (never mid-item) and `omitted` says how many.
 */
export function fitJson(result: Record<string, unknown>, listKey?: string): string {
  let text = JSON.stringify(result);
  const list = listKey ? result[listKey] : undefined;
  if (text.length <= CONTENT_BUDGET || !Array.isArray(list)) return text;
  const items = [...list];
  while (items.length > 1 && text.length > CONTENT_BUDGET) {
    items.pop();
    text = JSON.stringify({ ...result, [listKey as string]: items, omitted: list.length - items.length });
  }
  return text;
}
