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
    if (ctx.signal.aborted) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      content: capToolOutput(`Error: ${reason}`, ctx.limits.maxToolOutputChars),
      summary: `${tool.name} failed: ${reason.slice(0, 120)}`,
      citations: [],
    };
  }
}
