import { z } from "zod";
import type { JiraApi } from "./client.ts";
import { JiraIssue, parseJira } from "./schemas.ts";

/** One page of issues and the token of the next (absent on the last page). */
export interface IssuePage {
  issues: JiraIssue[];
  nextPageToken: string | undefined;
}

const PageSchema = z.object({
  issues: z.array(JiraIssue).default([]),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});

/** Reads a token-paged answer (search/jql, sprint issues); a page that says it is last has no next token. */
export function toIssuePage(value: unknown, what: string): IssuePage {
  const page = parseJira(PageSchema, value, what);
  const more = page.isLast !== true && page.nextPageToken ? page.nextPageToken : undefined;
  return { issues: page.issues, nextPageToken: more };
}

export interface SearchRequest {
  /** Already restricted to the allowed projects (see ProjectAllowList.scope). */
  jql: string;
  /** Only these fields come back, so pages stay small. */
  fields: string[];
  maxResults: number;
  nextPageToken?: string | undefined;
  expand?: string;
}

/** One page of `GET /rest/api/3/search/jql` (the enhanced search; the old `/search` is gone). */
export async function searchPage(api: JiraApi, request: SearchRequest): Promise<IssuePage> {
  const answer = await api.cloud.issueSearch.searchAndReconsileIssuesUsingJql({
    jql: request.jql,
    fields: request.fields,
    maxResults: request.maxResults,
    ...(request.nextPageToken ? { nextPageToken: request.nextPageToken } : {}),
    ...(request.expand ? { expand: request.expand } : {}),
  });
  return toIssuePage(answer, "search results");
}

/**
 * Follows `nextPageToken` from the first page to the last, or until `cap` issues are read.
 * `complete` is false when the cap (or a token Jira repeated) stopped it early.
 */
export async function collectPages(
  fetchPage: (nextPageToken: string | undefined) => Promise<IssuePage>,
  cap: number,
): Promise<{ issues: JiraIssue[]; complete: boolean }> {
  const issues: JiraIssue[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (;;) {
    const page = await fetchPage(token);
    issues.push(...page.issues);
    if (!page.nextPageToken) return { issues: issues.slice(0, cap), complete: issues.length <= cap };
    if (issues.length >= cap || seen.has(page.nextPageToken))
      return { issues: issues.slice(0, cap), complete: false };
    seen.add(page.nextPageToken);
    token = page.nextPageToken;
  }
}

/** Every issue matching the (scoped) query, up to `cap`. */
export function searchAll(
  api: JiraApi,
  request: Omit<SearchRequest, "nextPageToken">,
  cap: number,
): Promise<{ issues: JiraIssue[]; complete: boolean }> {
  return collectPages((nextPageToken) => searchPage(api, { ...request, nextPageToken }), cap);
}
