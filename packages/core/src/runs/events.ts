import type { Redis } from "ioredis";

/**
 * A run's events live in one Redis stream, `run:<id>:events`. The stream id of each entry is the
 * SSE `id:`, so ids grow monotonically per run and `Last-Event-ID` maps straight onto XREAD. Any
 * Api task can serve any run; a dropped client resumes where it left off.
 */
export interface StoredRunEvent {
  id: string;
  event: string;
  data: unknown;
}

/** Events after which nothing more is appended to the stream. */
export const terminalEvents = new Set(["run.completed", "run.failed"]);

const streamKey = (runId: string) => `run:${runId}:events`;
/** Caps a runaway run's stream; a normal turn has far fewer events. */
const maxEvents = 20_000;
/** How long a finished run's events stay replayable. */
export const finishedRunTtlSeconds = 24 * 3600;

/** One event to append: its name and its JSON data. */
export type NewRunEvent = { event: string; data: unknown };

/** Appends one event and returns its id. A terminal event also starts the stream's expiry. */
export async function appendRunEvent(
  redis: Redis,
  runId: string,
  event: string,
  data: unknown,
): Promise<string> {
  const [id] = await appendRunEvents(redis, runId, [{ event, data }]);
  if (id === undefined) throw new Error("no reply from XADD");
  return id;
}

/**
 * Appends events in order in one round trip and returns their ids. Several go in one MULTI/EXEC, so
 * a blocked reader wakes once for all of them; a terminal event also starts the stream's expiry.
 */
export async function appendRunEvents(redis: Redis, runId: string, events: NewRunEvent[]): Promise<string[]> {
  const key = streamKey(runId);
  const fieldsOf = (e: NewRunEvent) => ["event", e.event, "data", JSON.stringify(e.data ?? {})];
  const ends = events.some((e) => terminalEvents.has(e.event));
  const [only] = events;
  if (events.length === 1 && only && !ends) {
    // Most deltas come through here alone: a lone XADD costs about half the CPU of MULTI/EXEC.
    return [(await redis.xadd(key, "MAXLEN", "~", maxEvents, "*", ...fieldsOf(only))) as string];
  }
  const transaction = redis.multi();
  for (const e of events) transaction.xadd(key, "MAXLEN", "~", maxEvents, "*", ...fieldsOf(e));
  if (ends) transaction.expire(key, finishedRunTtlSeconds);
  const results = (await transaction.exec()) ?? [];
  return events.map((_, i) => {
    const [err, id] = results[i] ?? [new Error("no reply from XADD"), null];
    if (err) throw err;
    return id as string;
  });
}

/**
 * Cuts the events after `keepThroughId` (every event when it is omitted) and the stream's expiry:
 * for a stream that ran ahead of a database restored to an earlier state. The stream keeps its last
 * id, so whatever is appended next has a later id than any event a client has seen: a client still
 * following it receives only the new events, and one replaying it the kept events, then those.
 * Returns how many events were cut.
 */
export async function truncateRunEvents(
  redis: Redis,
  runId: string,
  keepThroughId?: string,
): Promise<number> {
  const key = streamKey(runId);
  if (keepThroughId === undefined) {
    const [[, cut] = [null, 0]] = ((await redis.multi().xtrim(key, "MAXLEN", 0).persist(key).exec()) ??
      []) as [unknown, number][];
    return Number(cut);
  }
  const later = (await redis.xrange(key, `(${keepThroughId}`, "+")) as [string, string[]][];
  const ids = later.map(([id]) => id);
  const transaction = redis.multi();
  for (let i = 0; i < ids.length; i += 1000) transaction.xdel(key, ...ids.slice(i, i + 1000));
  await transaction.persist(key).exec();
  return ids.length;
}

/** Every event of the run, oldest first, or [] when the stream is empty or gone. */
export async function allRunEvents(redis: Redis, runId: string): Promise<StoredRunEvent[]> {
  const entries = (await redis.xrange(streamKey(runId), "-", "+")) as [string, string[]][];
  return toRawEvents([[streamKey(runId), entries]]).map(parsed);
}

/** Stream ids look like `1700000000000-0`; anything else is not a position in a stream. */
export function isEventId(value: string): boolean {
  return /^\d{1,20}-\d{1,20}$/.test(value);
}

type StreamReply = [key: string, entries: [id: string, fields: string[]][]][] | null;

/** An event as stored: its data still JSON text, for writers that pass it on unparsed (SSE). */
export interface RawRunEvent {
  id: string;
  event: string;
  json: string;
}

function toRawEvents(reply: StreamReply): RawRunEvent[] {
  const entries = reply?.[0]?.[1] ?? [];
  return entries.map(([id, fields]) => {
    const record: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i] as string] = fields[i + 1] as string;
    return { id, event: record.event ?? "unknown", json: record.data ?? "{}" };
  });
}

const parsed = (e: RawRunEvent): StoredRunEvent => ({ id: e.id, event: e.event, data: JSON.parse(e.json) });

/** The events after `afterId` (exclusive), at most `count`. */
export async function readRunEvents(
  redis: Redis,
  runId: string,
  afterId = "0-0",
  count = 500,
): Promise<StoredRunEvent[]> {
  return (await readRawRunEvents(redis, runId, afterId, count)).map(parsed);
}

/** {@link readRunEvents} with the data left as JSON text. */
export async function readRawRunEvents(
  redis: Redis,
  runId: string,
  afterId = "0-0",
  count = 500,
): Promise<RawRunEvent[]> {
  const reply = (await redis.xread("COUNT", count, "STREAMS", streamKey(runId), afterId)) as StreamReply;
  return toRawEvents(reply);
}

/** The stream's last event, or null when the stream is empty or gone. */
export async function lastRunEvent(redis: Redis, runId: string): Promise<StoredRunEvent | null> {
  const entries = (await redis.xrevrange(streamKey(runId), "+", "-", "COUNT", 1)) as [string, string[]][];
  const [event] = toRawEvents([[streamKey(runId), entries]]);
  return event ? parsed(event) : null;
}

export type FollowOptions = { blockMs?: number; onIdle?: () => Promise<void> | void };

/**
 * Yields every event after `afterId`, waiting for new ones, until a terminal event or `signal`
 * aborts. `blocking` must be a connection of its own: XREAD BLOCK holds it while waiting. `onIdle`
 * runs after each wait of `blockMs` that brought nothing (SSE uses it for heartbeats).
 */
export async function* followRunEvents(
  blocking: Redis,
  runId: string,
  afterId: string,
  signal: AbortSignal,
  options: FollowOptions = {},
): AsyncGenerator<StoredRunEvent> {
  for await (const batch of followRawRunEvents(blocking, runId, afterId, signal, options)) {
    for (const event of batch) yield parsed(event);
  }
}

/**
 * {@link followRunEvents} a read at a time: each batch is what one XREAD brought (up to and
 * including a terminal event), the data left as JSON text.
 */
export async function* followRawRunEvents(
  blocking: Redis,
  runId: string,
  afterId: string,
  signal: AbortSignal,
  options: FollowOptions = {},
): AsyncGenerator<RawRunEvent[]> {
  const blockMs = options.blockMs ?? 5000;
  let cursor = afterId;
  while (!signal.aborted) {
    const reply = (await blocking.xread(
      "COUNT",
      500,
      "BLOCK",
      blockMs,
      "STREAMS",
      streamKey(runId),
      cursor,
    )) as StreamReply;
    const events = toRawEvents(reply);
    if (events.length === 0) {
      if (!signal.aborted) await options.onIdle?.();
      continue;
    }
    const end = events.findIndex((e) => terminalEvents.has(e.event));
    cursor = (events.at(-1) as RawRunEvent).id;
    if (end === -1) {
      yield events;
      continue;
    }
    yield events.slice(0, end + 1);
    return;
  }
}
