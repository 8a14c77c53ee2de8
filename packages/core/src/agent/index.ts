/** The agent loop's public API: what the chat-run job, the run routes and the admin report call. */
export {
  type ApprovalStatus,
  argsHash,
  canonicalJson,
  type Decision,
  decideApproval,
  type PendingCall,
  pendingApproval,
} from "./approvals.ts";
export {
  type AgentEvent,
  citationSchema,
  type RunEvent,
  type RunEventData,
  type RunEventType,
  runEventSchema,
  usageSchema,
} from "./events.ts";
export type { TurnLimit } from "./limits.ts";
export { type ChatModel, createChatModel, type OpenAIConfig } from "./model.ts";
export { NOT_CONFIGURED, type TurnFailure, type TurnFailureCode } from "./model-errors.ts";
export { addCosts, costOf, defaultPrices, type ModelPrice, type PriceTable, priceOf } from "./pricing.ts";
export { SYSTEM_PROMPT } from "./prompt.ts";
export { TOOL_NAME_PATTERN, ToolRegistry, type ValidatedCall } from "./registry.ts";
export { generateTitle } from "./title.ts";
export { type Citation, defineTool, type Tool, type ToolContext, type ToolResult } from "./tool.ts";
export { storeEnding, type TurnEnding } from "./transcript.ts";
export { runTurn, type TurnOutcome } from "./turn.ts";
export { DEFAULT_LIMITS, type TurnInput, type TurnLimits } from "./turn-context.ts";
export {
  recordUsage,
  runUsage,
  tokensUsedSince,
  type Usage,
  type UsageKind,
  type UsageReportRow,
  usageReport,
} from "./usage.ts";
