import { approvalOf, argsHash, type PendingCall, requestApproval, transition } from "./approvals.ts";
import type { StoredToolCall } from "./history.ts";
import { refusalOf, runTool } from "./run-tool.ts";
import type { Tool } from "./tool.ts";
import { type CallResult, outcomeOf, storeToolResult } from "./transcript.ts";
import type { TurnContext } from "./turn-context.ts";

export type WriteSettlement = { status: "done" } | { status: "awaiting"; pending: PendingCall };
type WriteCall = { call: StoredToolCall; tool: Tool; args: unknown };

const DECLINED: CallResult = {
  ok: false,
  content: "The person declined this action, so it did not run. Do not retry it unless they ask again.",
  summary: "Declined",
  citations: [],
  outcome: "declined",
};
const INTERRUPTED: CallResult = {
  ok: false,
  content:
    "This approved action was interrupted while running; whether it took effect is unknown. " +
    "Tell the person to check before trying again.",
  summary: "Interrupted; outcome unknown",
  citations: [],
};

/**
 * Moves one write call along its approval: asks for it (or asks again, while undecided), carries out
 * an approved call exactly once, or stores a decline. A call the tool's `authorize` refuses for this
 * person is answered with that error and never put up for approval. Only the stored arguments are ever run, and
 * they are validated again first (through `planned`, which the caller built from the stored call).
 */
export async function settleWriteCall(
  ctx: TurnContext,
  messageId: string,
  planned: WriteCall,
): Promise<WriteSettlement> {
  const { call } = planned;
  const where = { runId: ctx.runId, messageId, callId: call.id };
  const pending: PendingCall = {
    callId: call.id,
    name: call.name,
    args: call.args,
    argsHash: argsHash(call.name, call.args),
  };
  const asked = await approvalOf(ctx.db, where);
  const answering = { messageId, call };
  if (!asked) {
    // A call this person may not make is refused now, not put up for their approval first.
    const refusal = await refusalOf(ctx, planned.tool);
    if (refusal) {
      await ctx.emit({ type: "tool.started", data: { callId: call.id, name: call.name, args: call.args } });
      await finish(ctx, answering, refusal);
      return { status: "done" };
    }
  }
  const stored = asked ?? (await requestApproval(ctx.db, where, pending));
  if (stored.argsHash !== pending.argsHash) {
    throw new Error(`Call ${call.id} of run ${ctx.runId} differs from the one put up for approval`);
  }
  const { status } = stored;
  if (status === "pending") {
    await ctx.emit({ type: "approval.required", data: pending });
    return { status: "awaiting", pending };
  }
  if (status === "rejected") await finish(ctx, answering, DECLINED);
  else if (status === "executing" || status === "executed") await finish(ctx, answering, INTERRUPTED);
  else if (await transition(ctx.db, where, "approved", "executing")) {
    await ctx.emit({ type: "tool.started", data: { callId: call.id, name: call.name, args: call.args } });
    await finish(ctx, answering, await runTool(ctx, planned.tool, planned.args, call.id));
    await transition(ctx.db, where, "executing", "executed");
  } else {
    throw new Error(`Approved call ${call.id} of run ${ctx.runId} was claimed by another worker`);
  }
  return { status: "done" };
}

async function finish(
  ctx: TurnContext,
  answering: { messageId: string; call: StoredToolCall },
  result: CallResult,
): Promise<void> {
  await storeToolResult(ctx.db, ctx, answering, result);
  await ctx.emit({
    type: "tool.completed",
    data: {
      callId: answering.call.id,
      ok: result.ok,
      summary: result.summary,
      outcome: outcomeOf(result),
    },
  });
}
