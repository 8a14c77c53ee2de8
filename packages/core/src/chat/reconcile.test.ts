import { randomUUID } from "node:crypto";
import { createProducer, createQueueAdmin } from "@finchat/jobs";
import type { Client } from "@libsql/client";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { DEFAULT_LIMITS, type Tool, ToolRegistry } from "../agent/index.ts";
import { createIssueTool, openTurnFixture, type TurnFixture } from "../agent/turn-fixture.ts";
import { Messages, Runs } from "../db/index.ts";
import { createLogger } from "../observability/logger.ts";
import { disabledMetrics } from "../observability/metrics.ts";
import { appendRunEvents, readRunEvents } from "../runs/events.ts";
import { executeChatRun } from "./execute.ts";
import { ChatRunJob, chatRunQueue, enqueueChatRun } from "./jobs.ts";
import { reconcileChatRuns } from "./reconcile.ts";

const redis = new Redis(inject("redisUrl"));
const prefix = `reconcile-${randomUUID().slice(0, 8)}`;
const producer = createProducer(inject("redisUrl"), { prefix });
const admin = createQueueAdmin(inject("redisUrl"), { prefix });
const logger = createLogger({ level: "silent", service: "test" });
afterAll(async () => {
  await Promise.all([producer.close(), admin.close()]);
  redis.disconnect();
});
let f: TurnFixture;
afterEach(async () => {
  await f.close();
  // Each test starts from an empty queue: drain what it sent.
  await redis.eval(
    "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end",
    0,
    `${prefix}:${chatRunQueue}:*`,
  );
});

/** Later than the grace period after anything the test stored. */
const later = () => new Date(Date.now() + 10 * 60_000);
const reconcile = (options: Parameters<typeof reconcileChatRuns>[1] = {}) =>
  reconcileChatRuns({ db: f.t.db, redis, producer, admin, logger }, { now: later(), ...options });
const queuedRunIds = async () =>
  (await admin.listInFlight(chatRunQueue)).map((body) => ChatRunJob.parse(JSON.parse(body)).runId);
const eventNames = async (runId: string, after?: string) =>
  (await readRunEvents(redis, runId, after)).map((e) => e.event);

function execute(db: Client, runId: string, tools: Tool[] = []) {
  const deps = {
    db,
    redis,
    model: f.model,
    registry: new ToolRegistry(tools),
    limits: DEFAULT_LIMITS,
    logger,
    metrics: disabledMetrics(),
  };
  return executeChatRun(deps, { runId, userId: f.userId }, { finalAttempt: false });
}

describe("reconcileChatRuns", () => {
  it("sends a question stored without its job again, once, and leaves one just stored alone", async () => {
    f = await openTurnFixture();
    const runId = await f.ask("Stored, but the Api died before sending it");

    expect(await reconcile({ now: new Date() })).toMatchObject({ checked: 0, resent: 0 });
    expect(await queuedRunIds()).toEqual([]);

    expect(await reconcile()).toMatchObject({ checked: 1, resent: 1 });
    expect(await queuedRunIds()).toEqual([runId]);
    // Its message is in the queue now: a second pass (another Worker, the next slot) sends nothing.
    expect(await reconcile()).toMatchObject({ checked: 1, resent: 0 });
    expect(await queuedRunIds()).toEqual([runId]);
  });

  it("leaves a queued run whose message is in the queue alone", async () => {
    f = await openTurnFixture();
    const runId = await f.ask("Sent as usual");
    await enqueueChatRun(producer, { runId, userId: f.userId, conversationId: f.conversationId }, "start");

    expect(await reconcile()).toMatchObject({ checked: 1, resent: 0, failed: 0 });
    expect(await queuedRunIds()).toEqual([runId]);
  });

  it("after a restore, cuts a stream that ended ahead of the database and answers the run again", async () => {
    f = await openTurnFixture();
    const runId = await f.ask("How did cash move?");
    f.server.enqueue(
      { text: "Cash rose." },
      { text: "Cash title" },
      { text: "Cash rose 4%.", chunkSize: 50 },
    );
    await execute(f.t.db, runId);
    const before = await readRunEvents(redis, runId);
    expect(before.at(-1)?.event).toBe("run.completed");
    // The database as a snapshot taken mid-run has it: running, no answer yet.
    await f.t.db.execute({
      sql: "DELETE FROM messages WHERE run_id = ? AND role = 'assistant'",
      args: [runId],
    });
    await Runs.setStatus(f.t.db, runId, "running");

    expect(await reconcile()).toMatchObject({ checked: 1, resent: 1, streamsCut: 1 });

    expect(await eventNames(runId)).toEqual([]);
    expect(await queuedRunIds()).toEqual([runId]);
    await execute(f.t.db, runId);
    // A client that saw the old stream end, or follows from its last id, gets only the new answer.
    const after = await readRunEvents(redis, runId, before.at(-1)?.id);
    expect(after.map((e) => e.event)).toEqual([
      "run.started",
      "message.delta",
      "message.completed",
      "run.completed",
    ]);
    expect(after.find((e) => e.event === "message.completed")?.data).toMatchObject({
      content: "Cash rose 4%.",
    });
    expect(await eventNames(runId)).toEqual(after.map((e) => e.event));
    const stored = await Messages.listByConversation(f.t.db, f.conversationId);
    expect(stored.map((m) => m.content)).toEqual(["How did cash move?", "Cash rose 4%."]);
    expect((await Runs.get(f.t.db, f.userId, runId))?.status).toBe("completed");
  });

  it("fails a run with no message that was sent again too often, with a clear code", async () => {
    f = await openTurnFixture();
    const runId = await f.ask("Crashes every Worker");
    await Runs.setStatus(f.t.db, runId, "running");
    await appendRunEvents(redis, runId, [
      { event: "run.started", data: {} },
      { event: "message.delta", data: { text: "Partial" } },
    ]);

    for (let sends = 1; sends <= 2; sends++) {
      expect(await reconcile({ maxSends: 2 })).toMatchObject({ resent: 1, failed: 0 });
      // The message was received and lost again (its Worker died on it every time).
      await redis.eval(
        "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end",
        0,
        `${prefix}:${chatRunQueue}:*`,
      );
    }
    expect(await reconcile({ maxSends: 2 })).toMatchObject({ resent: 0, failed: 1 });

    expect(await Runs.get(f.t.db, f.userId, runId)).toMatchObject({
      status: "failed",
      error: { code: "interrupted" },
    });
    const events = await readRunEvents(redis, runId);
    expect(events.map((e) => e.event)).toEqual(["run.started", "message.delta", "run.failed"]);
    expect(events.at(-1)?.data).toMatchObject({ code: "interrupted" });
    expect(await reconcile({ maxSends: 2 })).toMatchObject({ checked: 0 });
  });

  it("leaves a run waiting for a pending approval, cutting the stream back to the request", async () => {
    const issue = createIssueTool();
    f = await openTurnFixture({ tools: [issue.tool] });
    const runId = await f.ask("File an issue");
    f.server.enqueue({
      toolCalls: [{ name: "create_issue", arguments: { project: "FIN", title: "Close" } }],
    });
    await execute(f.t.db, runId, [issue.tool]);
    expect((await Runs.get(f.t.db, f.userId, runId))?.status).toBe("awaiting_approval");
    expect(await reconcile()).toMatchObject({ checked: 1, resent: 0, streamsCut: 0 });
    const asked = await eventNames(runId);
    expect(asked.at(-1)).toBe("approval.required");
    // After the snapshot the person approved and the run finished; the restored database has not.
    await appendRunEvents(redis, runId, [
      { event: "run.started", data: {} },
      { event: "tool.started", data: {} },
      { event: "message.completed", data: {} },
      { event: "run.completed", data: {} },
    ]);

    expect(await reconcile()).toMatchObject({ checked: 1, resent: 0, streamsCut: 1 });

    expect(await eventNames(runId)).toEqual(asked);
    expect(await queuedRunIds()).toEqual([]);
    expect(issue.runs).toEqual([]);
  });
});
