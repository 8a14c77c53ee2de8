import type { Transaction } from "@libsql/client";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { branchMessagesOf, listWithRunsOfRun, type Message } from "../db/messages.ts";
import { isLocal } from "../db/serialized-client.ts";
import type { PendingCall } from "./approvals.ts";
import { dayOf, tokensOf, tokensUsedTodayStatement } from "./daily-usage.ts";
import { buildModelMessages, estimateTokens } from "./history.ts";
import { checkLimits, type TurnLimit } from "./limits.ts";
import { modelFailure, NOT_CONFIGURED, type TurnFailureCode } from "./model-errors.ts";
import { SYSTEM_PROMPT } from "./prompt.ts";
import { type ModelStep, type ModelToolCall, streamStep } from "./stream.ts";
import type { Citation } from "./tool.ts";
import { settleOpenCalls } from "./tool-calls.ts";
import { collectCitations, loadTranscript, type RunTranscript, storeFinal, storeStep } from "./transcript.ts";
import { serializeEmit, type TurnContext, type TurnInput } from "./turn-context.ts";
import { runUsage, runUsageStatement, type Usage, usageOfSumRow } from "./usage.ts";

export type TurnOutcome =
  | {
      status: "completed";
      messageId: string;
      content: string;
      citations: Citation[];
      /** The run's chat usage over all its model calls (also those before an approval). */
      usage: Usage;
      /** Set when a bound ended the turn early; `content` then says so. */
      limit?: TurnLimit;
    }
  | { status: "awaiting_approval"; pending: PendingCall }
  | { status: "failed"; code: TurnFailureCode; message: string }
  | { status: "cancelled" };

/**
 * Runs (or continues) the agent's answer to the run's user message: streams the model, runs tools,
 * stops for approvals, and stores everything as it goes, so the same call in another process picks
 * up where the last one stopped. Call it again after a decision recorded with {@link decideApproval};
 * call it again after a crash or redelivery: a finished run just re-emits `message.completed`.
 *
 * Model failures (after the SDK's own retries), limits and cancellation are outcomes. Database and
 * `emit` errors are thrown: the caller may retry the job, and the turn resumes from what it stored.
 */
export async function runTurn(input: TurnInput): Promise<TurnOutcome> {
  if (!input.model) return { status: "failed", ...NOT_CONFIGURED };
  const ctx: TurnContext = { ...input, model: input.model, emit: serializeEmit(input.emit) };
  try {
    return await continueTurn(ctx);
  } catch (error) {
    // Whatever a cancelled turn was doing when it stopped (a tool, a query) is part of the cancel.
    if (ctx.signal.aborted) return { status: "cancelled" };
    throw error;
  }
}

async function continueTurn(ctx: TurnContext): Promise<TurnOutcome> {
  // What the caller read with the run serves the first pass only: later passes follow writes.
  let preloaded = ctx.preloaded;
  let turnTokens: number | undefined;
  for (let pass = 0; ; pass++) {
    // On a remote database a later pass reads what it needs in one round trip, as the caller did
    // for the first: the transcript, the run's tokens so far and the user's tokens today.
    if (pass > 0 && !isLocal(ctx.db)) ({ turnTokens, ...preloaded } = await readPass(ctx));
    const transcript = await loadTranscript(ctx.db, ctx, preloaded?.messages);
    const recordedToday = preloaded?.tokensToday;
    preloaded = undefined;
    if (transcript.final) return completed(ctx, transcript.final);
    if (transcript.open) {
      const settled = await settleOpenCalls(ctx, transcript.open);
      if (settled.status === "awaiting") return { status: "awaiting_approval", pending: settled.pending };
      continue;
    }
    if (ctx.signal.aborted) return { status: "cancelled" };
    const messages = modelMessages(ctx, transcript);
    const check = await checkLimits(
      ctx,
      transcript,
      worstCaseTokens(ctx, messages),
      recordedToday,
      turnTokens,
    );
    if (!check.ok) {
      if ("failure" in check) return { status: "failed", ...check.failure };
      await ctx.emit({ type: "message.delta", data: { text: check.note } });
      return finish(ctx, transcript, { text: check.note, limit: check.limit });
    }
    // The reservation is settled to what the call used once that is stored (or released when the
    // call failed), whatever happens in between.
    let usedTokens = 0;
    try {
      const step = await callModel(ctx, transcript, messages);
      if ("status" in step) return step;
      usedTokens = step.usage.promptTokens + step.usage.completionTokens;
      if (step.toolCalls.length === 0) return await finish(ctx, transcript, step);
      const { onStored, onBatched } = ctx;
      await storeStep(
        ctx.db,
        ctx,
        { number: transcript.steps + 1, text: step.text, calls: step.toolCalls },
        {
          ...usageOf(ctx, step.usage),
          ...(onStored ? { alsoWrite: (tx: Transaction) => onStored(tx, { kind: "step" }) } : {}),
          ...(onBatched ? { batched: { stored: () => onBatched({ kind: "step" }) } } : {}),
        },
      );
    } finally {
      await check.reservation.settle(usedTokens);
    }
  }
}

/** One read batch: the run's conversation's messages, its chat tokens so far, the user's tokens today. */
async function readPass(
  ctx: TurnContext,
): Promise<NonNullable<TurnContext["preloaded"]> & { turnTokens: number }> {
  const now = new Date();
  const [messages, usage, tokens] = await ctx.db.batch(
    [
      listWithRunsOfRun(ctx.userId, ctx.runId),
      runUsageStatement(ctx.runId, "chat"),
      tokensUsedTodayStatement(ctx.userId, now),
    ],
    "read",
  );
  return {
    messages: messages ? branchMessagesOf(messages) : [],
    tokensToday: { day: dayOf(now), tokens: tokens ? tokensOf(tokens) : 0 },
    turnTokens: usageOfSumRow(usage?.rows[0]).totalTokens,
  };
}

/** What the model is sent: the system prompt and as much of the conversation as the context holds. */
function modelMessages(ctx: TurnContext, transcript: RunTranscript): ChatCompletionMessageParam[] {
  return buildModelMessages(transcript.history, {
    systemPrompt: SYSTEM_PROMPT,
    budgetTokens: ctx.limits.contextTokens - toolTokens(ctx.registry.definitions),
  });
}

/** A model call's worst case: its estimated prompt (messages and tool schemas) and its most output. */
function worstCaseTokens(ctx: TurnContext, messages: ChatCompletionMessageParam[]): number {
  return estimateTokens(messages) + toolTokens(ctx.registry.definitions) + ctx.limits.maxOutputTokens;
}

async function callModel(
  ctx: TurnContext,
  transcript: RunTranscript,
  messages: ChatCompletionMessageParam[],
): Promise<ModelStep | TurnOutcome> {
  const tools = ctx.registry.definitions;
  let emitError: { error: unknown } | undefined;
  const onText = async (text: string) => {
    try {
      await ctx.emit({ type: "message.delta", data: { text } });
    } catch (error) {
      emitError = { error };
      throw error;
    }
  };
  try {
    const step = await streamStep({
      model: ctx.model,
      messages,
      tools,
      maxOutputTokens: ctx.limits.maxOutputTokens,
      signal: ctx.signal,
      onText,
      // A cut answer is asked for again; the text already streamed of it is dropped by clients.
      onRestart: async () => {
        try {
          await ctx.emit({ type: "run.started", data: {} });
        } catch (error) {
          emitError = { error };
          throw error;
        }
      },
    });
    // The SDK ends an aborted stream quietly instead of throwing: a cut answer must not be stored.
    if (ctx.signal.aborted) return { status: "cancelled" };
    return { ...step, toolCalls: uniqueCallIds(step.toolCalls, `call_${ctx.runId}_${transcript.steps}`) };
  } catch (error) {
    if (emitError) throw emitError.error;
    if (ctx.signal.aborted) return { status: "cancelled" };
    return { status: "failed", ...modelFailure(error) };
  }
}

const toolTokensByDefinitions = new WeakMap<object, number>();

/** The tool schemas' share of the context, estimated once per registry (their JSON is long). */
function toolTokens(tools: object): number {
  let tokens = toolTokensByDefinitions.get(tools);
  if (tokens === undefined) {
    tokens = estimateTokens(tools);
    toolTokensByDefinitions.set(tools, tokens);
  }
  return tokens;
}

/** Some OpenAI-compatible servers send empty or repeated call ids; results must answer each call. */
function uniqueCallIds(calls: ModelToolCall[], fallbackPrefix: string): ModelToolCall[] {
  const seen = new Set<string>();
  return calls.map((call, i) => {
    const id = call.id && !seen.has(call.id) ? call.id : `${fallbackPrefix}_${i}`;
    seen.add(id);
    return { ...call, id };
  });
}

async function finish(
  ctx: TurnContext,
  transcript: RunTranscript,
  answer: { text: string; usage?: ModelStep["usage"]; limit?: TurnLimit },
): Promise<TurnOutcome> {
  const citations = collectCitations(transcript.toolResults);
  // Every delta is in the stream before the answer (and maybe the run's end) is committed.
  await ctx.eventsStored?.();
  const { onStored, onBatched } = ctx;
  const stored = await storeFinal(
    ctx.db,
    ctx,
    { content: answer.text, citations },
    {
      firstCall: transcript.steps === 0,
      ...(answer.usage ? usageOf(ctx, answer.usage) : {}),
      ...(onBatched
        ? {
            batched: {
              userId: ctx.userId,
              stored: (status: "completed" | "running") => onBatched({ kind: "final", status }),
            },
          }
        : {}),
      ...(onStored
        ? { alsoWrite: (tx: Transaction, usage: Usage) => onStored(tx, { kind: "final", usage }) }
        : {}),
    },
  );
  return completed(ctx, stored.message, stored.runUsage, answer.limit);
}

async function completed(
  ctx: TurnContext,
  message: Message,
  knownUsage?: Usage,
  limit?: TurnLimit,
): Promise<TurnOutcome> {
  const { id: messageId, content } = message;
  const citations = (message.citations ?? []) as Citation[];
  const usage = knownUsage ?? (await runUsage(ctx.db, ctx.runId, "chat"));
  await ctx.emit({ type: "message.completed", data: { messageId, content, citations, usage } });
  return { status: "completed", messageId, content, citations, usage, ...(limit ? { limit } : {}) };
}

/** The usage row of one model call of the turn, and the prices that cost it. */
function usageOf(ctx: TurnContext, tokens: ModelStep["usage"]) {
  const usage = {
    userId: ctx.userId,
    runId: ctx.runId,
    model: ctx.model.model,
    kind: "chat" as const,
    ...tokens,
  };
  return { usage, ...(ctx.prices ? { prices: ctx.prices } : {}) };
}
