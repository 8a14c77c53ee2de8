/** A Jira issue key such as `FIN-123`, not inside a longer word or number. */
const JIRA_KEY = /(?<![A-Za-z0-9])[A-Z][A-Z0-9]+-\d+(?![A-Za-z0-9])/g;

/** The distinct Jira keys in `text`, in order of first appearance. */
export function extractJiraKeys(text: string | null | undefined): string[] {
  return [...new Set(text?.match(JIRA_KEY) ?? [])];
}

/** True when `key` is a well-formed Jira key on its own. */
export function isJiraKey(key: string): boolean {
  return /^[A-Z][A-Z0-9]+-\d+$/.test(key);
}

/** True when `text` mentions exactly `key` (so FIN-4 is not found in FIN-42). */
export function mentionsKey(text: string | null | undefined, key: string): boolean {
  return extractJiraKeys(text).includes(key);
}
