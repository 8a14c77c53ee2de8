import type { z } from "zod";

/** Where a piece of an answer came from, so the SPA can link it. */
export interface Citation {
  kind: "github" | "jira" | "url";
  /** What the person sees, e.g. `acme/ledger@1a2b3c4:src/post.ts#L10-L40` or `FIN-123`. */
  label: string;
  url?: string;
}

export interface ToolContext {
  userId: string;
  /** Aborted when the run is cancelled; long tools should stop early. */
  signal: AbortSignal;
  /**
   * Unique to this call of this run and the same every time the call is carried out again (after
   * a crash or a redelivery): a write tool can mark its side effect with it and look for the mark
   * first, so the effect happens once.
   */
  idempotencyKey?: string;
}

export interface ToolResult {
  /** Text (often JSON) the model reads. Treated as untrusted data by the agent loop. */
  content: string;
  /** One line for the tool card in the chat, e.g. "Read 40 lines of src/post.ts". */
  summary: string;
  citations?: Citation[];
}

/**
 * One capability the model may call. `input` is a zod schema: it is sent to the model as JSON
 * Schema and every call's arguments are parsed with it before `run` sees them. `write` tools never
 * run without a person's approval.
 */
export interface Tool<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  kind: "read" | "write";
  input: S;
  run(args: z.infer<S>, ctx: ToolContext): Promise<ToolResult>;
  /**
   * Whether this person may use the tool at all; throws (an AppError whose message is for the
   * model) when not. A write tool's is checked before the person is asked to approve the call, so a
   * call they may not make is refused at once instead of after their approval. `run` should still
   * check (the person's role may change while the approval waits).
   */
  authorize?(ctx: Pick<ToolContext, "userId" | "signal">): Promise<void>;
}

/** Declares a tool with its argument types inferred from the schema. */
export function defineTool<S extends z.ZodType>(tool: Tool<S>): Tool<S> {
  return tool;
}
