import { capToolOutput } from "./prompt.ts";
import type { Tool } from "./tool.ts";
import type { CallResult } from "./transcript.ts";
import type { TurnContext } from "./turn-context.ts";

/**
 * Runs a tool's handler with already validated arguments. Its output is capped; a thrown error
 * becomes an error result the model can read (tools throw AppErrors whose message is meant for it).
 */
export async function runTool(
  ctx: TurnContext,
  tool: Tool,
  args: unknown,
  callId: string,
): Promise<CallResult> {
  try {
    const idempotencyKey = `${ctx.runId}:${callId}`;
    const output = await tool.run(args, { userId: ctx.userId, signal: ctx.signal, idempotencyKey });
    return {
      ok: true,
      content: capToolOutput(output.content, ctx.limits.maxToolOutputChars),
      summary: output.summary,
      citations: output.citations ?? [],
    };
  } catch (error) {
    return failure(ctx, tool, error, "failed");
  }
}

/**
 * The tool's `authorize` check for this turn's person: null when they may use it (or it has no
 * check), else the error result the model reads, as a failed run would give it.
 */
export async function refusalOf(ctx: TurnContext, tool: Tool): Promise<CallResult | null> {
  if (!tool.authorize) return null;
  try {
    await tool.authorize({ userId: ctx.userId, signal: ctx.signal });
    return null;
  } catch (error) {
    return failure(ctx, tool, error, "refused");
  }
}

function failure(ctx: TurnContext, tool: Tool, error: unknown, verb: string): CallResult {
  if (ctx.signal.aborted) throw error;
  const reason = error instanceof Error ? error.message : String(error);
  return {
    ok: false,
    content: capToolOutput(`Error: ${reason}`, ctx.limits.maxToolOutputChars),
    summary: `${tool.name} ${verb}: ${reason.slice(0, 120)}`,
    citations: [],
  };
}
