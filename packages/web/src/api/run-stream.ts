import { createParser } from "eventsource-parser";
import { type Api, ApiError, toApiError } from "./client.ts";

/** One Server-Sent Event of a run: its stream id, name and parsed JSON data. */
export type RawRunEvent = { id: string; event: string; data: unknown };

export type FollowOptions = {
  api: Api;
  runId: string;
  /** The last event already seen (sent as Last-Event-ID), or null for the whole run. */
  after: string | null;
  signal: AbortSignal;
  onEvent: (event: RawRunEvent) => void;
  onConnection?: (state: "open" | "retrying") => void;
  /** A connection silent for this long is dead; the Api writes a heartbeat every 15 s. */
  idleTimeoutMs?: number;
};

const terminalEvents = new Set(["run.completed", "run.failed"]);
const finishedStatuses = new Set(["completed", "failed", "cancelled"]);

/** The run ended but its events are gone (they expire a day after the end): what it came to. */
export type FinishedRun = {
  status: "completed" | "failed" | "cancelled";
  error: { code: string; message: string } | null;
};

/**
 * Follows a run's events until its terminal event, reconnecting with `Last-Event-ID` whenever the
 * connection drops, so no event is missed or repeated. EventSource cannot be told where to resume
 * after a reload (it sets Last-Event-ID itself, per connection), hence fetch and a parser.
 * Resolves "ended" after the terminal event, "aborted" when `signal` aborts, or how the run
 * finished when its events are gone; throws an {@link ApiError} it cannot recover from (signed
 * out, no such run).
 */
export async function followRun(options: FollowOptions): Promise<"ended" | "aborted" | FinishedRun> {
  const { api, runId, signal } = options;
  let after = options.after;
  let failures = 0;
  while (!signal.aborted) {
    const connection = new AbortController();
    const stop = () => connection.abort();
    signal.addEventListener("abort", stop);
    try {
      const { data, error, response } = await api.GET("/api/runs/{id}/events", {
        params: { path: { id: runId }, header: after ? { "last-event-id": after } : {} },
        parseAs: "stream",
        signal: connection.signal,
      });
      if (response.ok && data) {
        options.onConnection?.("open");
        failures = 0;
        const ended = await readEvents(data, connection, options.idleTimeoutMs ?? 45_000, (event) => {
          after = event.id;
          options.onEvent(event);
        });
        if (ended) return "ended";
        const finished = await finishedRun(api, runId, connection.signal);
        if (finished) return finished;
      } else if (!retryable(response.status)) {
        throw toApiError(response, error);
      }
    } catch (err) {
      if (err instanceof ApiError) throw err;
      // Anything else is a broken connection: try again below.
    } finally {
      signal.removeEventListener("abort", stop);
      connection.abort();
    }
    if (signal.aborted) break;
    failures += 1;
    options.onConnection?.("retrying");
    await sleep(Math.min(5000, 250 * 2 ** failures), signal);
  }
  return "aborted";
}

async function finishedRun(api: Api, runId: string, signal: AbortSignal): Promise<FinishedRun | null> {
  const { data } = await api.GET("/api/runs/{id}", { params: { path: { id: runId } }, signal });
  if (!data || !finishedStatuses.has(data.status)) return null;
  return { status: data.status as FinishedRun["status"], error: data.error ?? null };
}

function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Reads one connection's events; true once the run's terminal event arrived. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  connection: AbortController,
  idleTimeoutMs: number,
  onEvent: (event: RawRunEvent) => void,
): Promise<boolean> {
  let ended = false;
  const parser = createParser({
    onEvent(message) {
      if (ended || !message.id) return;
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      const event = { id: message.id, event: message.event ?? "message", data };
      onEvent(event);
      if (terminalEvents.has(event.event)) ended = true;
    },
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let idle = setTimeout(() => connection.abort(), idleTimeoutMs);
  try {
    while (!ended) {
      const { value, done } = await reader.read();
      if (done) break;
      clearTimeout(idle);
      idle = setTimeout(() => connection.abort(), idleTimeoutMs);
      parser.feed(decoder.decode(value, { stream: true }));
    }
    return ended;
  } finally {
    clearTimeout(idle);
    await reader.cancel().catch(() => undefined);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}
