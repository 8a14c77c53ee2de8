import {
  followRawRunEvents,
  type RawRunEvent,
  readRawRunEvents,
  terminalEvents,
} from "@finchat/core/runs/events";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { ApiDeps } from "./env.ts";

/** Shorter than the CDN's and load balancer's idle timeouts (60 s), so quiet streams stay open. */
const heartbeatMs = 15_000;

/**
 * Answers with the run's events as Server-Sent Events, from after `afterId`, until the run's
 * terminal event. A finished run's stream is replayed at once (and followed only while its terminal
 * event is still on its way). Draining closes every stream;
 * clients reconnect with `Last-Event-ID` to another task and lose nothing.
 */
export function streamRunEvents(
  c: Context,
  deps: ApiDeps,
  runId: string,
  afterId: string,
  finished: boolean,
) {
  return streamSSE(c, async (stream) => {
    let from = afterId;
    if (finished) {
      const replay = await readRawRunEvents(deps.redis, runId, afterId, 10_000);
      if (replay.length > 0) await stream.write(toSse(replay));
      const last = replay.at(-1);
      // A finished run's stream ends with its terminal event, unless the Worker is still appending it.
      if (!last || terminalEvents.has(last.event)) return;
      from = last.id;
    }
    const controller = new AbortController();
    const blocking = deps.readers.acquire();
    let completed = false;
    let stopped = false;
    // Runs once: from the finally below, or earlier when the client leaves or the Api drains.
    const stop = () => {
      if (stopped) return;
      stopped = true;
      controller.abort();
      // A reader may be blocked in XREAD; only one whose read finished can serve another stream.
      if (completed) deps.readers.release(blocking);
      else deps.readers.discard(blocking);
    };
    deps.lifecycle.streams.add(stop);
    stream.onAbort(stop);
    try {
      const batches = followRawRunEvents(blocking, runId, from, controller.signal, {
        blockMs: heartbeatMs,
        onIdle: () => stream.write(": heartbeat\n\n").then(() => undefined),
      });
      // One write per read: events appended together reach the client together.
      for await (const batch of batches) await stream.write(toSse(batch));
      completed = true;
    } catch (err) {
      // A closed connection (client gone, or draining) ends the stream; anything else is logged.
      if (!controller.signal.aborted) deps.logger.warn({ err, runId }, "run event stream failed");
    } finally {
      deps.lifecycle.streams.delete(stop);
      stop();
    }
  });
}

/** Events as Server-Sent Events, each as `writeSSE` writes one (stored data is one line of JSON). */
function toSse(events: RawRunEvent[]): string {
  let text = "";
  for (const e of events) text += `event: ${e.event}\ndata: ${e.json}\nid: ${e.id}\n\n`;
  return text;
}

/** The client wants the event stream rather than a JSON answer. */
export function wantsEventStream(c: Context): boolean {
  return (c.req.header("accept") ?? "").includes("text/event-stream");
}
