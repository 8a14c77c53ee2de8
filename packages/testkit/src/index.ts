export type { GitHubFault, RateResource } from "./github-limits.ts";
export {
  type GitHubServer,
  type GitHubServerOptions,
  type RecordedGitHubRequest,
  startGitHubServer,
} from "./github-server.ts";
export { BOT_ACCOUNT_ID } from "./jira-dataset.ts";
export { INJECTION_TEXT } from "./jira-dataset-issues.ts";
export type { JiraState } from "./jira-model.ts";
export {
  type JiraRequestRecord,
  type JiraServer,
  type JiraServerOptions,
  startJiraServer,
} from "./jira-server.ts";
export type { IssueInput, JiraWorklogControl, WorklogInput } from "./jira-worklog-control.ts";
export { builtinScripts, loadScript } from "./openai-builtin-scripts.ts";
export {
  DEFAULT_EMBEDDING_DIMENSIONS,
  type EmbeddingRequest,
  hashedEmbedding,
} from "./openai-embeddings.ts";
export {
  answerWithToolRoundTrip,
  atLatency,
  type LatencyProfile,
  type LatencyProfileName,
  latencyProfiles,
} from "./openai-latency.ts";
export type {
  ChatRequest,
  ErrorTurn,
  ReplyTurn,
  Script,
  ScriptedToolCall,
  Turn,
  TurnSource,
  TurnTiming,
} from "./openai-script.ts";
export { type OpenAIServer, type OpenAIServerOptions, startOpenAIServer } from "./openai-server.ts";
export { type ReceivedEvent, readEvents } from "./sse.ts";
