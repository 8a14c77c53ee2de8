import type { ChildProcess } from "node:child_process";
import { Messages } from "@finchat/core/db";
import {
  type OpenAIServer,
  type ReceivedEvent,
  readEvents,
  startOpenAIServer,
  type Turn,
} from "@finchat/testkit";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { createTestApi } from "../functions/http/test-support.ts";
import { killWorker, WorkerProcesses } from "./worker-processes.ts";

/**
 * A chat run whose Worker process dies is taken over by another Worker process once its lock
 * (the visibility timeout) runs out, and ends with exactly one answer. The Api runs in this process;
 * the Workers are real child processes, killed with SIGKILL so nothing gets to clean up.
 */

/** Short, so the takeover happens within seconds; the lock is renewed every tenth of it. */
const visibilityTimeoutMs = 2000;
const answer = "Closing cash rose 4% to 1.2M EUR after the March receivables came in.";

let model: OpenAIServer;
let api: Awaited<ReturnType<typeof createTestApi>>;
let workers = new WorkerProcesses();
let cleanups: (() => void)[] = [];

beforeEach(async () => {
  model = await startOpenAIServer();
  api = await createTestApi({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "test-key" });
});

afterEach(async (context) => {
  await workers.killAll();
  for (const cleanup of cleanups) cleanup();
  if (context.task.result?.state === "fail") console.error(`worker output:\n${workers.output}`);
  workers = new WorkerProcesses();
  cleanups = [];
  await api.close();
  await model.close();
});

/** Starts `functions/worker.ts` as its own process against the test Api's database and queues. */
function startWorker(env: Record<string, string> = {}) {
  const { config } = api.deps;
  return workers.start({
    DATABASE_URL: config.db.url,
    REDIS_URL: inject("redisUrl"),
    QUEUE_PREFIX: config.queue.prefix,
    OPENAI_BASE_URL: model.url,
    OPENAI_API_KEY: "test-key",
    LOG_LEVEL: "warn",
    CHAT_VISIBILITY_TIMEOUT_MS: String(visibilityTimeoutMs),
    ...env,
  });
}

type Person = Awaited<ReturnType<typeof api.signUp>>;
const terminal = (e: ReceivedEvent) => e.event === "run.completed" || e.event === "run.failed";
const question = "How did closing cash move in March?";

/** Signs up, opens a conversation and asks `question`; returns the run's SSE response. */
async function ask(): Promise<{ person: Person; conversationId: string; posted: Response; runId: string }> {
  const person = await api.signUp();
  const created = await api.app.request("/api/conversations", {
    method: "POST",
    headers: person.headers,
    body: "{}",
  });
  const conversationId = ((await created.json()) as { id: string }).id;
  const posted = await api.app.request(`/api/conversations/${conversationId}/messages`, {
    method: "POST",
    headers: { ...person.headers, accept: "text/event-stream" },
    body: JSON.stringify({ content: question }),
  });
  const runId = posted.headers.get("x-run-id");
  if (posted.status !== 200 || !runId) throw new Error(`ask failed: ${posted.status} ${await posted.text()}`);
  return { person, conversationId, posted, runId };
}

/** Every event of the run from its start, up to its terminal event. */
async function replay(person: Person, runId: string): Promise<ReceivedEvent[]> {
  const res = await api.app.request(`/api/runs/${runId}/events`, { headers: { cookie: person.cookie } });
  return readEvents(res, terminal);
}

async function getJson<T>(person: Person, path: string): Promise<T> {
  return (await (await api.app.request(`/api/${path}`, { headers: person.headers })).json()) as T;
}

const messagesOf = async (person: Person, conversationId: string) =>
  (
    await getJson<{ title: string; messages: { role: string; content: string }[] }>(
      person,
      `conversations/${conversationId}`,
    )
  ).messages.map((m) => [m.role, m.content]);
const streamedRequests = () => model.requests.filter((r) => r.body.stream === true);
const named = (events: ReceivedEvent[], name: string) => events.filter((e) => e.event === name);

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for a condition");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("a chat run whose worker is killed", () => {
  it("is answered again by another worker: one assistant message, run completed", async () => {
    model.enqueue(
      { text: answer, chunkSize: 2, delayBetweenChunksMs: 100 },
      { text: answer, chunkSize: 8 },
      { text: "March closing cash" },
    );
    startWorker();
    const { person, conversationId, posted, runId } = await ask();
    const seen = await readEvents(posted, (_e, all) => named(all, "message.delta").length >= 3);
    await killWorker(workers.all[0] as ChildProcess);
    expect(streamedRequests()).toHaveLength(1);
    expect(await messagesOf(person, conversationId)).toEqual([["user", question]]);

    startWorker();
    const events = await replay(person, runId);

    expect(events.slice(0, seen.length)).toEqual(seen);
    expect(events.at(-1)?.event).toBe("run.completed");
    expect(named(events, "run.started")).toHaveLength(2);
    const restart = events.findLastIndex((e) => e.event === "run.started");
    expect(restart).toBeGreaterThanOrEqual(seen.length);
    const retold = named(events.slice(restart), "message.delta").map(
      (e) => (e.data as { text: string }).text,
    );
    expect(retold.join("")).toBe(answer);
    expect(named(events, "message.completed")).toHaveLength(1);
    expect(await messagesOf(person, conversationId)).toEqual([
      ["user", question],
      ["assistant", answer],
    ]);
    const [first, second] = streamedRequests();
    expect(streamedRequests()).toHaveLength(2);
    expect(second?.body.messages).toEqual(first?.body.messages);
    expect((await getJson<{ status: string }>(person, `runs/${runId}`)).status).toBe("completed");
  });

  it("is taken over by a waiting worker within 1.2 times the visibility timeout of the SIGKILL", async () => {
    // Slow enough that the first worker is still streaming when it is killed.
    model.enqueue(
      { text: answer, chunkSize: 1, delayBetweenChunksMs: 150 },
      { text: answer, chunkSize: 8 },
      { text: "March closing cash" },
    );
    const first = startWorker();
    const { person, posted, runId } = await ask();
    const seen = await readEvents(posted, (_e, all) => named(all, "message.delta").length >= 2);
    const standby = startWorker({ LOG_LEVEL: "info" });
    await waitFor(() => workers.stdoutOf(standby).includes("worker consuming"), 15_000);
    const following = await api.app.request(`/api/runs/${runId}/events`, {
      headers: { cookie: person.cookie, "last-event-id": seen.at(-1)?.id as string },
    });

    const killedAt = performance.now();
    await killWorker(first);
    const untilRestart = await readEvents(following, (e) => e.event === "run.started");
    const takeoverMs = performance.now() - killedAt;

    console.info(
      `takeover ${Math.round(takeoverMs)} ms after SIGKILL (visibility timeout ${visibilityTimeoutMs} ms)`,
    );
    expect(untilRestart.at(-1)?.event).toBe("run.started");
    expect(takeoverMs).toBeLessThanOrEqual(1.2 * visibilityTimeoutMs);
    // The dead worker's lock still held the message for most of the timeout.
    expect(takeoverMs).toBeGreaterThanOrEqual(0.8 * visibilityTimeoutMs);
    const events = await replay(person, runId);
    expect(events.at(-1)?.event).toBe("run.completed");
    expect(named(events, "message.completed")).toHaveLength(1);
  });

  it("after storing the answer but before run.completed, finishes without asking the model again", async () => {
    let releaseTitle = () => {};
    const heldTitle = new Promise<Turn>((resolve) => (releaseTitle = () => resolve({ text: "too late" })));
    cleanups.push(() => releaseTitle());
    // The title is asked for after the answer is stored and before the run completes: hold it there.
    model.enqueue({ text: answer, chunkSize: 8 }, () => heldTitle, { text: "March closing cash" });
    startWorker();
    const { person, conversationId, posted, runId } = await ask();
    const seen = await readEvents(posted, (e) => e.event === "message.completed");
    await waitFor(() => model.requests.length === 2);
    await killWorker(workers.all[0] as ChildProcess);
    expect(await messagesOf(person, conversationId)).toEqual([
      ["user", question],
      ["assistant", answer],
    ]);
    expect((await getJson<{ status: string }>(person, `runs/${runId}`)).status).toBe("running");

    startWorker();
    const events = await replay(person, runId);

    expect(events.slice(0, seen.length)).toEqual(seen);
    expect(events.at(-1)?.event).toBe("run.completed");
    expect(named(events, "run.started")).toHaveLength(2);
    const completions = named(events, "message.completed").map((e) => e.data);
    expect(completions).toHaveLength(2);
    expect(completions[1]).toEqual(completions[0]);
    const restart = events.findLastIndex((e) => e.event === "run.started");
    expect(named(events.slice(restart), "message.delta")).toEqual([]);
    expect(streamedRequests()).toHaveLength(1);
    expect(await messagesOf(person, conversationId)).toEqual([
      ["user", question],
      ["assistant", answer],
    ]);
    const conversation = await getJson<{ title: string }>(person, `conversations/${conversationId}`);
    expect(conversation.title).toBe("March closing cash");
    expect((await getJson<{ status: string }>(person, `runs/${runId}`)).status).toBe("completed");
  });

  it("a question stored without its job (the Api died before sending it) is answered once a Worker starts", async () => {
    model.enqueue({ text: answer, chunkSize: 8 }, { text: "March closing cash" });
    const person = await api.signUp();
    const created = await api.app.request("/api/conversations", {
      method: "POST",
      headers: person.headers,
      body: "{}",
    });
    const conversationId = ((await created.json()) as { id: string }).id;
    const { run } = await Messages.appendUserTurn(api.deps.db, {
      userId: person.user.id,
      conversationId,
      content: question,
    });
    // Stored before the reconciler's grace period, as a post whose Api was killed a while ago.
    await api.deps.db.execute({
      sql: "UPDATE runs SET updated_at = '2026-01-01T00:00:00.000Z' WHERE id = ?",
      args: [run.id],
    });

    startWorker();
    const events = await replay(person, run.id);

    expect(events.at(-1)?.event).toBe("run.completed");
    expect(await messagesOf(person, conversationId)).toEqual([
      ["user", question],
      ["assistant", answer],
    ]);
  });

  it("after a restore to mid-run, answers again and replays only the answer the database holds", async () => {
    const restoredAnswer = "Closing cash rose 4% (answered again after the restore).";
    model.enqueue({ text: answer, chunkSize: 8 }, { text: "March closing cash" }, { text: restoredAnswer });
    const first = startWorker();
    const { person, conversationId, posted, runId } = await ask();
    const before = await readEvents(posted, terminal);
    // Stopped as for a restore: it finishes its message first.
    const stopped = new Promise((resolve) => first.once("exit", resolve));
    first.kill("SIGTERM");
    await stopped;
    // The database as a snapshot taken mid-run holds it: running, no answer; the streams in Redis went on.
    await api.deps.db.execute({
      sql: "DELETE FROM messages WHERE run_id = ? AND role = 'assistant'",
      args: [runId],
    });
    await api.deps.db.execute({
      sql: "UPDATE runs SET status = 'running', usage = NULL, updated_at = '2026-01-01T00:00:00.000Z' WHERE id = ?",
      args: [runId],
    });

    startWorker();
    const deadline = Date.now() + 15_000;
    while ((await getJson<{ status: string }>(person, `runs/${runId}`)).status !== "completed") {
      if (Date.now() > deadline) throw new Error("the restored run was not answered again");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const events = await replay(person, runId);

    expect(before.at(-1)?.event).toBe("run.completed");
    const completions = named(events, "message.completed").map(
      (e) => (e.data as { content: string }).content,
    );
    expect(completions).toEqual([restoredAnswer]);
    expect(named(events, "run.started")).toHaveLength(1);
    expect(events.at(-1)?.event).toBe("run.completed");
    // Every replayed event is newer than anything a client saw before the restore.
    expect(events.every((e) => (e.id as string) > (before.at(-1)?.id as string))).toBe(true);
    expect(await messagesOf(person, conversationId)).toEqual([
      ["user", question],
      ["assistant", restoredAnswer],
    ]);
  });
});
