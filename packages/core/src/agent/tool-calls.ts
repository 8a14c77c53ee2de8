import type { StoredToolCall } from "./history.ts";
import { runTool } from "./run-tool.ts";
import type { Tool } from "./tool.ts";
import { type CallResult, type OpenStep, outcomeOf, storeToolResult } from "./transcript.ts";
import type { TurnContext } from "./turn-context.ts";
import { settleWriteCall, type WriteSettlement } from "./write-calls.ts";

/** A call checked against the registry: a read to run now, a write that needs a person, or an error. */
type Planned =
  | { call: StoredToolCall; kind: "read"; tool: Tool; args: unknown }
  | { call: StoredToolCall; kind: "write"; tool: Tool; args: unknown }
  | { call: StoredToolCall; kind: "invalid"; error: string };

/**
 * Gives every unanswered call of `step` a stored result: invalid calls get the error for the model,
 * read calls run concurrently, write calls go one at a time through approval. Stops at the first
 * write call still waiting for a person.
 */
export async function settleOpenCalls(ctx: TurnContext, step: OpenStep): Promise<WriteSettlement> {
  const planned = step.calls.filter((call) => !step.answered.has(call.id)).map((call) => plan(ctx, call));
  const immediate = planned.filter((p) => p.kind !== "write");
  const results = await untilAborted(Promise.all(immediate.map((p) => runImmediate(ctx, p))), ctx.signal);
  for (const [i, p] of immediate.entries()) {
    await storeToolResult(
      ctx.db,
      ctx,
      { messageId: step.message.id, call: p.call },
      results[i] as CallResult,
    );
  }
  for (const p of planned) {
    if (p.kind !== "write") continue;
    const settled = await settleWriteCall(ctx, step.message.id, p);
    if (settled.status === "awaiting") return settled;
  }
  return { status: "done" };
}

function plan(ctx: TurnContext, call: StoredToolCall): Planned {
  const checked = ctx.registry.validate(call.name, call.args);
  if (!checked.ok) return { call, kind: "invalid", error: checked.error };
  return { call, kind: checked.tool.kind, tool: checked.tool, args: checked.args };
}

async function runImmediate(ctx: TurnContext, planned: Planned): Promise<CallResult> {
  const { call } = planned;
  await ctx.emit({ type: "tool.started", data: { callId: call.id, name: call.name, args: call.args } });
  const result =
    planned.kind === "invalid"
      ? {
          ok: false,
          content: `Error: ${planned.error}`,
          summary: `Invalid call to ${call.name}`,
          citations: [],
        }
      : await runTool(ctx, planned.tool, planned.args, call.id);
  await ctx.emit({
    type: "tool.completed",
    data: { callId: call.id, ok: result.ok, summary: result.summary, outcome: outcomeOf(result) },
  });
  return result;
}

/**
 * Settles with `work`, or rejects as soon as `signal` aborts, so a cancel does not wait for a tool
 * that ignores its signal (whatever it returns later is dropped).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
