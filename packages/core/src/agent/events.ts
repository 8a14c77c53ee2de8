import { z } from "zod";

/** The run events of API.md ("Chat runs"): an SSE `event:` name and its `data:` JSON. */

export const citationSchema = z.object({
  kind: z.enum(["github", "jira", "url"]),
  label: z.string(),
  url: z.string().optional(),
});

export const usageSchema = z.object({
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
  /** US dollars as decimal text, e.g. "0.0012340000". */
  costUsd: z.string(),
});

/** A documentation run's progress: what it is doing, files read of those to read, pages written of those planned. */
export const docsProgressSchema = z.object({
  phase: z.enum(["resolving", "reading", "analysing", "writing", "publishing"]),
  filesRead: z.number().int().nonnegative(),
  filesTotal: z.number().int().nonnegative(),
  pagesDone: z.number().int().nonnegative(),
  pagesTotal: z.number().int().nonnegative(),
});

export const runEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("run.started"), data: z.object({}) }),
  z.object({ type: z.literal("message.delta"), data: z.object({ text: z.string() }) }),
  z.object({
    type: z.literal("tool.started"),
    data: z.object({ callId: z.string(), name: z.string(), args: z.unknown() }),
  }),
  z.object({
    type: z.literal("tool.completed"),
    data: z.object({
      callId: z.string(),
      ok: z.boolean(),
      summary: z.string(),
      /** How it ended; `ok` is false for all but "ok" (older events have no outcome). */
      outcome: z.enum(["ok", "failed", "declined", "cancelled"]).optional(),
    }),
  }),
  z.object({
    type: z.literal("approval.required"),
    data: z.object({ callId: z.string(), name: z.string(), args: z.unknown(), argsHash: z.string() }),
  }),
  z.object({
    type: z.literal("message.completed"),
    data: z.object({
      messageId: z.string(),
      content: z.string(),
      citations: z.array(citationSchema),
      usage: usageSchema,
    }),
  }),
  z.object({ type: z.literal("run.failed"), data: z.object({ code: z.string(), message: z.string() }) }),
  z.object({ type: z.literal("run.completed"), data: z.object({}) }),
  z.object({ type: z.literal("docs.progress"), data: docsProgressSchema }),
]);

/** Any run event. */
export type RunEvent = z.infer<typeof runEventSchema>;
export type RunEventType = RunEvent["type"];
/**
 * The events the agent loop emits; the caller emits run.started, run.failed and run.completed. The
 * loop emits run.started too when it asks again for a model answer that was cut mid-stream: clients
 * drop the unsaved text they were showing, as after a takeover.
 */
export type AgentEvent = Extract<
  RunEvent,
  {
    type:
      | "run.started"
      | "message.delta"
      | "tool.started"
      | "tool.completed"
      | "approval.required"
      | "message.completed";
  }
>;
/** The `data` of the event named `T`. */
export type RunEventData<T extends RunEventType> = Extract<RunEvent, { type: T }>["data"];
