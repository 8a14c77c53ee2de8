import type { Client } from "@libsql/client";
import type { Redis } from "ioredis";
import { loadTranscript } from "../agent/transcript.ts";
import type { Run } from "../db/runs.ts";
import { appendRunEvents, lastRunEvent, type NewRunEvent, terminalEvents } from "../runs/events.ts";

export const cancelledEvent = { code: "cancelled", message: "Stopped at your request" };
export const internalFailure = { code: "internal", message: "Something went wrong; try again" };

/**
 * Appends the last events of a finished run whose stream does not end with them: its Worker died
 * between committing the run's outcome and appending them. Readers following the stream then see
 * it end as it would have. A stream that already ends, or has expired, is left alone.
 */
export async function endStreamOfFinishedRun(
  deps: { db: Client; redis: Redis },
  run: Run & { conversationId: string },
): Promise<void> {
  const last = await lastRunEvent(deps.redis, run.id);
  if (!last || terminalEvents.has(last.event)) return;
  const events: NewRunEvent[] = [];
  if (run.status === "completed") {
    const { final } = await loadTranscript(deps.db, { conversationId: run.conversationId, runId: run.id });
    if (final && last.event !== "message.completed") {
      const { id: messageId, content, citations = [] } = final;
      events.push({ event: "message.completed", data: { messageId, content, citations, usage: run.usage } });
    }
    events.push({ event: "run.completed", data: {} });
  } else {
    events.push({ event: "run.failed", data: run.status === "cancelled" ? cancelledEvent : internalFailure });
  }
  await appendRunEvents(deps.redis, run.id, events);
}
