/** The Jira connector: a jira.js client with rate-limit handling, and the agent's Jira tools. */
export { type AdfDocument, adfToText, textToAdf } from "./adf.ts";
export { ProjectAllowList } from "./allow-list.ts";
export {
  createJiraClient,
  type JiraApi,
  type JiraClient,
  type JiraClientOptions,
  type JiraConfig,
} from "./client.ts";
export { scopeJql, splitJql } from "./jql.ts";
export type { JiraRateLimitSnapshot } from "./rate-limit.ts";
export { collectPages, searchAll, searchPage } from "./search.ts";
export { type JiraToolOptions, jiraTools } from "./tools/index.ts";
