import type { Citation } from "../agent/tool.ts";
import type { JiraClient } from "./client.ts";
import { issueFields, type JiraIssue } from "./schemas.ts";

/**
 * Characters of one Jira tool result (about 3k tokens), well under the agent's own cap, so a
 * list is cut here, with a cursor for the rest, before the agent would cut it blindly.
 */
export const OUTPUT_BUDGET_CHARS = 12_000;

/** The fields a list of issues asks Jira for. */
export const LIST_FIELDS = ["summary", "status", "issuetype", "priority", "assignee", "updated"];

/** A citation of an issue (or project) that links to its page in Jira. */
export function cite(jira: JiraClient, key: string): Citation {
  return { kind: "jira", label: key, url: jira.browseUrl(key) };
}

/** One line of text, at most `max` characters. */
export function clip(text: string | undefined | null, max: number): string | undefined {
  if (!text) return undefined;
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** The short form of an issue in a list. */
export function issueLine(issue: JiraIssue) {
  const f = issueFields(issue);
  return {
    key: issue.key,
    summary: clip(f.summary, 200),
    status: f.status?.name,
    type: f.issuetype?.name,
    priority: f.priority?.name,
    assignee: f.assignee ?? undefined,
    updated: f.updated ?? undefined,
  };
}

/**
 * Keeps the leading items whose JSON fits in `budgetChars` (at least one, so a list always moves
 * on). `omitted` counts the rest, which the caller offers through a cursor.
 */
export function fitToBudget<T>(items: readonly T[], budgetChars: number): { kept: T[]; omitted: number } {
  const kept: T[] = [];
  let used = 0;
  for (const item of items) {
    const size = JSON.stringify(item).length + 1;
    if (kept.length > 0 && used + size > budgetChars) break;
    kept.push(item);
    used += size;
  }
  return { kept, omitted: items.length - kept.length };
}

/** The sentence that tells the model how to get the next part of a list. */
export function moreHint(tool: string, cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  return `More results exist. To read them, call ${tool} again with the same arguments and cursor "${cursor}". Do not repeat a call without the cursor.`;
}

/** Cuts a rendered result to the output budget, saying so. */
export function capText(text: string, budgetChars = OUTPUT_BUDGET_CHARS): string {
  if (text.length <= budgetChars) return text;
  return `${text.slice(0, budgetChars)}\n[Cut at ${budgetChars} characters to stay within the output budget.]`;
}

/** Compact JSON for the model, dropping undefined fields. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}
