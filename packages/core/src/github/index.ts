/** The GitHub connector: what the Worker, metrics and the Jira join call. */
export { AllowList, parseRepo, type RepoRef } from "./allow-list.ts";
export type { CallStats } from "./call-stats.ts";
export {
  createGitHubClient,
  DEFAULT_GITHUB_TIMING,
  type GitHubClient,
  type GitHubClientOptions,
  type GitHubSettings,
  type GitHubTiming,
} from "./client.ts";
export { extractJiraKeys, isJiraKey, mentionsKey } from "./jira-keys.ts";
export type { RateLimitState } from "./rate-limits.ts";
export { githubTools } from "./tools/index.ts";
