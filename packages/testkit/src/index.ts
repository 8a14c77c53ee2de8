export type { GitHubFault, RateResource } from "./github-limits.ts";
export {
  type GitHubServer,
  type GitHubServerOptions,
  type RecordedGitHubRequest,
  startGitHubServer,
} from "./github-server.ts";
export { builtinScripts, loadScript } from "./openai-builtin-scripts.ts";
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
