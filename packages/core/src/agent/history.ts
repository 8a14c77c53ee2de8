import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { BranchMessage, RunMessage } from "../db/messages.ts";
import { wrapToolOutput } from "./prompt.ts";

/** How an assistant message stores a tool call: `args` parsed when it was valid JSON, else the raw text. */
export type StoredToolCall = { id: string; name: string; args: unknown };
/**
 * How a call ended: it ran (`ok`), it ran and failed or could not run (`failed`), the person
 * rejected the write (`declined`), or the run stopped before it ran (`cancelled`).
 */
export type ToolOutcome = "ok" | "failed" | "declined" | "cancelled";
/** How a tool message stores which call it answers (in its `toolCalls` column, one entry). */
export type StoredToolResult = {
  id: string;
  name: string;
  ok: boolean;
  summary: string;
  outcome: ToolOutcome;
};

/** An assistant message with its tool results, or a single other message: trimming never splits one. */
type Unit = { messages: ChatCompletionMessageParam[]; tokens: number };

const MESSAGE_OVERHEAD_TOKENS = 4;
const MISSING_RESULT = "No result was recorded for this call: the run stopped before it finished.";

/**
 * What the agent reading run `runId` sees of a conversation that may have branched (regenerated
 * answers, edited questions): walking up from the run, each run's question and that question's
 * parent run; the messages of those runs and questions stored before the run's question (a run
 * that went on while this one was asked, after an approval, is left out as before), then the
 * run's own messages. Messages no run wrote (none since runs exist) stand where they are.
 * `questionOfRun` names the run's question when no stored message says it (a regenerated answer
 * before its first message).
 */
export function branchOf(
  messages: readonly BranchMessage[],
  runId: string,
  questionOfRun: string | null = null,
): RunMessage[] {
  const byId = new Map(messages.map((message) => [message.id, message]));
  const startedBy = new Map<string, BranchMessage>();
  const answers = new Map<string, string>();
  for (const message of messages) {
    if (message.runId === null) continue;
    if (message.role === "user") startedBy.set(message.runId, message);
    else if (message.runQuestionId) answers.set(message.runId, message.runQuestionId);
  }
  if (questionOfRun) answers.set(runId, questionOfRun);
  const runs = new Set<string>();
  const questions: BranchMessage[] = [];
  for (let run: string | null = runId; run !== null && !runs.has(run); ) {
    runs.add(run);
    const answered = answers.get(run);
    const question: BranchMessage | undefined = answered ? byId.get(answered) : startedBy.get(run);
    if (question?.role !== "user") break;
    questions.push(question);
    run = question.parentRunId ?? null;
  }
  const own = questions[0];
  const start = own ? messages.indexOf(own) : messages.findIndex((message) => message.runId === runId);
  const onBranch = new Set(questions.map((question) => question.id));
  return messages
    .filter((message, index) => {
      if (message.runId === runId && message.role !== "user") return true;
      if (message.role === "user")
        return onBranch.has(message.id) || (index < start && message.runId === null);
      return index < start && (message.runId === null || runs.has(message.runId));
    })
    .map(({ runQuestionId: _, ...message }) => message);
}

/**
 * A rough token count: one token per 4 characters, plus a few per message for the chat format.
 * It overestimates code and JSON a little and needs no tokenizer for every model a deployment
 * might name; the model's context size is the bound it protects, with a margin left to the caller.
 */
export function estimateTokens(value: unknown): number {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return Math.ceil(text.length / 4);
}

/**
 * The messages to send to the model: the system prompt, then the stored conversation trimmed to
 * fit `budgetTokens` (for the system prompt and the messages), dropping the oldest first. The
 * latest user message and everything after it are always kept; an assistant message with tool
 * calls is kept or dropped together with its results. Calls without a stored result get a note,
 * tool results without their call are left out, and stored system messages are not sent.
 */
export function buildModelMessages(
  stored: readonly RunMessage[],
  options: { systemPrompt: string; budgetTokens: number },
): ChatCompletionMessageParam[] {
  const units = toUnits(stored);
  const lastUserUnit = units.findLastIndex((unit) => unit.messages[0]?.role === "user");
  const kept = units.slice(Math.max(lastUserUnit, 0));
  let used = estimateTokens(options.systemPrompt) + sumTokens(kept);
  for (let i = lastUserUnit - 1; i >= 0; i--) {
    const unit = units[i] as Unit;
    if (used + unit.tokens > options.budgetTokens) break;
    kept.unshift(unit);
    used += unit.tokens;
  }
  return [{ role: "system", content: options.systemPrompt }, ...kept.flatMap((unit) => unit.messages)];
}

function toUnits(stored: readonly RunMessage[]): Unit[] {
  const units: Unit[] = [];
  const consumed = new Set<RunMessage>();
  for (const [index, message] of stored.entries()) {
    if (message.role === "user") units.push(unitOf([{ role: "user", content: message.content }]));
    if (message.role !== "assistant") continue;
    const calls = (message.toolCalls ?? []) as StoredToolCall[];
    if (calls.length === 0) units.push(unitOf([{ role: "assistant", content: message.content }]));
    else units.push(unitOf(toolExchange(message.content, calls, findResults(stored, index, consumed))));
  }
  return units;
}

/**
 * The tool results answering the assistant message at `index`: later tool messages of the same run
 * naming its calls. Usually they follow it directly, but a result stored after a long approval may
 * come after messages of another run.
 */
function findResults(
  stored: readonly RunMessage[],
  index: number,
  consumed: Set<RunMessage>,
): Map<string, RunMessage> {
  const assistant = stored[index] as RunMessage;
  const wanted = new Set((assistant.toolCalls as StoredToolCall[]).map((call) => call.id));
  const results = new Map<string, RunMessage>();
  for (const message of stored.slice(index + 1)) {
    if (message.role !== "tool" || message.runId !== assistant.runId || consumed.has(message)) continue;
    const id = (message.toolCalls?.[0] as StoredToolResult | undefined)?.id;
    if (id === undefined || !wanted.has(id) || results.has(id)) continue;
    results.set(id, message);
    consumed.add(message);
  }
  return results;
}

function toolExchange(
  text: string,
  calls: StoredToolCall[],
  results: Map<string, RunMessage>,
): ChatCompletionMessageParam[] {
  const assistant: ChatCompletionMessageParam = {
    role: "assistant",
    content: text === "" ? null : text,
    tool_calls: calls.map((call) => ({
      id: call.id,
      type: "function",
      function: {
        name: call.name,
        arguments: typeof call.args === "string" ? call.args : JSON.stringify(call.args),
      },
    })),
  };
  const answers = calls.map((call): ChatCompletionMessageParam => {
    const result = results.get(call.id);
    const content = result === undefined ? MISSING_RESULT : result.content;
    return { role: "tool", tool_call_id: call.id, content: wrapToolOutput(call.name, content) };
  });
  return [assistant, ...answers];
}

function unitOf(messages: ChatCompletionMessageParam[]): Unit {
  const tokens = messages.reduce(
    (sum, message) => sum + MESSAGE_OVERHEAD_TOKENS + estimateTokens(message),
    0,
  );
  return { messages, tokens };
}

function sumTokens(units: Unit[]): number {
  return units.reduce((sum, unit) => sum + unit.tokens, 0);
}
