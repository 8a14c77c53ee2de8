import { AppError } from "../errors.ts";

/** A JQL query split at its top-level `ORDER BY`. */
export interface JqlParts {
  where: string;
  orderBy: string;
}

/**
 * Splits JQL into its condition and its `ORDER BY` clause, reading string literals the way Jira
 * does, so a quoted "order by" or parenthesis does not count.
 * @throws AppError("invalid_request") for an unterminated string or unbalanced parentheses: such
 *   a query could close the parenthesis the allow-list wraps around it.
 */
export function splitJql(jql: string): JqlParts {
  let depth = 0;
  let orderAt = -1;
  for (let i = 0; i < jql.length; i += 1) {
    const ch = jql[i] as string;
    if (ch === '"' || ch === "'") {
      i = endOfString(jql, i);
    } else if (ch === "\\") {
      // An escape outside quotes could hide a parenthesis from this count but not from Jira.
      throw new AppError("invalid_request", "Put text with special characters in quotes in the JQL");
    } else if (ch === "(") {
      depth += 1;
    } else if (ch === ")") {
      depth -= 1;
      if (depth < 0) throw new AppError("invalid_request", "The JQL has a ')' without its '('");
    } else if (depth === 0 && orderAt < 0 && isOrderBy(jql, i)) {
      orderAt = i;
    }
  }
  if (depth !== 0) throw new AppError("invalid_request", "The JQL has a '(' without its ')'");
  if (orderAt < 0) return { where: jql.trim(), orderBy: "" };
  return { where: jql.slice(0, orderAt).trim(), orderBy: jql.slice(orderAt).trim() };
}

/** Index of the closing quote of the string literal opening at `start`. */
function endOfString(jql: string, start: number): number {
  const quote = jql[start];
  for (let i = start + 1; i < jql.length; i += 1) {
    if (jql[i] === "\\") i += 1;
    else if (jql[i] === quote) return i;
  }
  throw new AppError("invalid_request", "The JQL has a string without its closing quote");
}

function isOrderBy(jql: string, i: number): boolean {
  const before = i === 0 ? " " : (jql[i - 1] as string);
  if (!/[\s)]/.test(before)) return false;
  return /^order\s+by(\s|$)/i.test(jql.slice(i, i + 40));
}

/** A JQL string literal. */
export function jqlString(value: string): string {
  return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/**
 * Restricts a query to the allowed projects: `(<query>) AND project in (...)`, with the query's
 * `ORDER BY` kept at the end. Parentheses are balanced first, so the query cannot escape the AND.
 */
export function scopeJql(jql: string, projects: readonly string[]): string {
  const { where, orderBy } = splitJql(jql);
  const scope = `project in (${projects.map(jqlString).join(", ")})`;
  const scoped = where ? `(${where}) AND ${scope}` : scope;
  return orderBy ? `${scoped} ${orderBy}` : scoped;
}
