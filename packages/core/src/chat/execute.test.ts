import type { Client, InStatement, TransactionMode } from "@libsql/client";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { DEFAULT_LIMITS, defineTool, ToolRegistry } from "../agent/index.ts";
import { storeFinal } from "../agent/transcript.ts";
import { openTurnFixture, type TurnFixture } from "../agent/turn-fixture.ts";
import { runUsage } from "../agent/usage.ts";
import { Conversations, Runs } from "../db/index.ts";
import { createLogger } from "../observability/logger.ts";
import { disabledMetrics } from "../observability/metrics.ts";
import { appendRunEvents, readRunEvents } from "../runs/events.ts";
import { type ChatRunDeps, executeChatRun } from "./execute.ts";

const redis = new Redis(inject("redisUrl"));
afterAll(() => redis.disconnect());
let f: TurnFixture;
afterEach(async () => {
  await f.close();
});

/**
 * The database with every write counted: interactive transactions, batches (one transaction in
 * one round trip), and statements outside either that change rows.
 */
function countingWrites(db: Client) {
  const writes = { transactions: 0, batches: 0, readBatches: 0, outside: [] as string[] };
  const counted = Object.create(db) as Client;
  counted.batch = ((stmts: InStatement[], mode?: TransactionMode) => {
    if (mode === "read") writes.readBatches += 1;
    else writes.batches += 1;
    return db.batch(stmts, mode);
  }) as Client["batch"];
  counted.transaction = ((mode?: TransactionMode) => {
    writes.transactions += 1;
    return db.transaction(mode);
  }) as Client["transaction"];
  counted.execute = ((stmt: InStatement) => {
    const sql = typeof stmt === "string" ? stmt : stmt.sql;
    if (!/^\s*SELECT/i.test(sql)) writes.outside.push(sql.trim().split(/\s+/).slice(0, 3).join(" "));
    return db.execute(stmt);
  }) as Client["execute"];
  return { counted, writes };
}

/** `redis` with the run events of each round trip recorded: a lone XADD, or a MULTI/EXEC's XADDs. */
function recordingAppends() {
  const trips: string[][] = [];
  const eventOf = (args: unknown[]) => String(args[args.indexOf("event") + 1]);
  const client = new Proxy(redis, {
    get(target, prop) {
      if (prop === "xadd")
        return (...args: unknown[]) => {
          trips.push([eventOf(args)]);
          return (target.xadd as (...a: unknown[]) => unknown)(...args);
        };
      if (prop === "multi")
        return () => {
          const trip: string[] = [];
          trips.push(trip);
          const transaction = target.multi();
          const xadd = transaction.xadd.bind(transaction) as (...a: unknown[]) => unknown;
          transaction.xadd = ((...args: unknown[]) => {
            trip.push(eventOf(args));
            return xadd(...args);
          }) as typeof transaction.xadd;
          return transaction;
        };
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { client, trips };
}

function deps(db: Client, tools: ReturnType<typeof defineTool>[] = []): ChatRunDeps {
  return {
    db,
    redis,
    model: f.model,
    registry: new ToolRegistry(tools),
    limits: DEFAULT_LIMITS,
    logger: createLogger({ level: "silent", service: "test" }),
    metrics: disabledMetrics(),
  };
}

describe("executeChatRun", () => {
  it("answers in a titled conversation with one write transaction that also completes the run (one batch on a remote database)", async () => {
    f = await openTurnFixture();
    await Conversations.rename(f.t.db, f.userId, f.conversationId, "Q3 revenue");
    f.server.enqueue({
      text: "Revenue rose 12%.",
      chunkSize: 4,
      usage: { promptTokens: 30, completionTokens: 5 },
    });
    const runId = await f.ask("How did revenue do?");
    const { counted, writes } = countingWrites(f.t.db);

    await executeChatRun(deps(counted), { runId, userId: f.userId }, { finalAttempt: false });

    const remote = f.t.db.protocol !== "file";
    // On a remote database the reads before the model call are one read batch too.
    expect(writes).toEqual({
      transactions: remote ? 0 : 1,
      batches: remote ? 1 : 0,
      readBatches: remote ? 1 : 0,
      outside: [],
    });
    const run = await Runs.get(f.t.db, f.userId, runId);
    expect(run).toMatchObject({ status: "completed", usage: { totalTokens: 35 } });
    const events = await readRunEvents(redis, runId);
    expect(events.map((e) => e.event)).toEqual([
      "run.started",
      ...Array(5).fill("message.delta"),
      "message.completed",
      "run.completed",
    ]);
  });

  it("ends a plain turn with one append for message.completed and run.completed: the budget's settle is not waited for", async () => {
    f = await openTurnFixture();
    await Conversations.rename(f.t.db, f.userId, f.conversationId, "Q3 revenue");
    f.server.enqueue({ text: "Revenue rose 12%.", usage: { promptTokens: 30, completionTokens: 5 } });
    const runId = await f.ask("How did revenue do?");
    const { client, trips } = recordingAppends();

    await executeChatRun(
      { ...deps(f.t.db), redis: client },
      { runId, userId: f.userId },
      { finalAttempt: false },
    );

    expect(trips.at(-1)).toEqual(["message.completed", "run.completed"]);
    // The settle went out before the closing events on the same connection: nothing is held.
    const held = await redis.keys(`budget:{${f.userId}:*}:held`);
    for (const key of held) expect(await redis.zcard(key)).toBe(0);
    expect((await readRunEvents(redis, runId)).at(-1)?.event).toBe("run.completed");
  });

  it("stores a run's answer once, in one batch on a remote database, and leaves other cases to the transaction", async () => {
    f = await openTurnFixture();
    await Conversations.rename(f.t.db, f.userId, f.conversationId, "Q3 revenue");
    const runId = await f.ask("How did revenue do?");
    const key = { conversationId: f.conversationId, runId };
    let completions = 0;
    const extras = (userId: string) => ({
      firstCall: true,
      usage: {
        userId: f.userId,
        runId,
        model: "gpt-4o-mini",
        kind: "chat" as const,
        promptTokens: 3,
        completionTokens: 1,
      },
      batched: { userId, stored: (status: string) => (completions += status === "completed" ? 1 : 0) },
    });
    const remote = f.t.db.protocol !== "file";

    // Not the user's conversation: the batch stores nothing, the transaction stores the answer.
    const first = await storeFinal(f.t.db, key, { content: "Rose.", citations: [] }, extras("someone-else"));
    expect(completions).toBe(0);
    expect((await Runs.get(f.t.db, f.userId, runId))?.status).toBe("queued");
    // A redelivery finds the first answer and its usage, and records none twice.
    const again = await storeFinal(f.t.db, key, { content: "Fell.", citations: [] }, extras(f.userId));
    expect(again.message).toMatchObject({ id: first.message.id, content: "Rose." });
    expect(again.runUsage).toMatchObject({ totalTokens: 4 });
    expect(completions).toBe(0);

    const next = await f.ask("And Q4?");
    const stored = await storeFinal(
      f.t.db,
      { conversationId: f.conversationId, runId: next },
      { content: "Flat.", citations: [] },
      { ...extras(f.userId), usage: { ...extras(f.userId).usage, runId: next } },
    );
    expect(stored.runUsage).toMatchObject({ totalTokens: 4 });
    expect(completions).toBe(remote ? 1 : 0);
    const run = await Runs.get(f.t.db, f.userId, next);
    expect(run).toMatchObject({ status: remote ? "completed" : "queued" });
    if (remote) expect(run?.usage).toEqual(stored.runUsage);
    const conversation = await Conversations.get(f.t.db, f.userId, f.conversationId);
    expect(conversation?.messages.filter((m) => m.role === "assistant").map((m) => m.content)).toEqual([
      "Rose.",
      "Flat.",
    ]);
    expect(conversation?.updatedAt).toBe(stored.message.createdAt);
  });

  it("marks the run running in the transaction of its first tool step", async () => {
    f = await openTurnFixture();
    await Conversations.rename(f.t.db, f.userId, f.conversationId, "Status");
    const seen: string[] = [];
    const status = defineTool({
      name: "run_status",
      description: "Reports the run's stored status.",
      kind: "read",
      input: z.object({ runId: z.string() }),
      run: async ({ runId }) => {
        seen.push((await Runs.get(f.t.db, f.userId, runId))?.status ?? "missing");
        return { content: "ok", summary: "Read the status" };
      },
    });
    const runId = await f.ask("What is your status?");
    f.server.enqueue({ toolCalls: [{ name: "run_status", arguments: { runId } }] }, { text: "Running." });

    await executeChatRun(deps(f.t.db, [status]), { runId, userId: f.userId }, { finalAttempt: false });

    expect(seen).toEqual(["running"]);
    expect((await Runs.get(f.t.db, f.userId, runId))?.status).toBe("completed");
  });

  it("on a remote database stores a tool turn's step, result and answer as batches, the answer with the run's summed usage", async () => {
    f = await openTurnFixture();
    await Conversations.rename(f.t.db, f.userId, f.conversationId, "Growth");
    const lookup = defineTool({
      name: "lookup",
      description: "Looks a figure up.",
      kind: "read",
      input: z.object({ what: z.string() }),
      run: async () => ({ content: "1120", summary: "Looked it up" }),
    });
    const runId = await f.ask("What was revenue?");
    f.server.enqueue(
      {
        toolCalls: [{ name: "lookup", arguments: { what: "revenue" } }],
        usage: { promptTokens: 40, completionTokens: 7 },
      },
      { text: "It was 1120.", usage: { promptTokens: 60, completionTokens: 9 } },
    );
    const { counted, writes } = countingWrites(f.t.db);

    await executeChatRun(deps(counted, [lookup]), { runId, userId: f.userId }, { finalAttempt: false });

    const remote = f.t.db.protocol !== "file";
    expect(writes.transactions).toBe(remote ? 0 : 3);
    expect(writes.batches).toBe(remote ? 3 : 0);
    expect(writes.outside).toEqual([]);
    const run = await Runs.get(f.t.db, f.userId, runId);
    const summed = await runUsage(f.t.db, runId, "chat");
    expect(summed).toMatchObject({ promptTokens: 100, completionTokens: 16, totalTokens: 116 });
    expect(run).toMatchObject({ status: "completed", usage: summed });
    const events = await readRunEvents(redis, runId);
    expect(events.find((e) => e.event === "message.completed")?.data).toMatchObject({ usage: summed });
  });

  it("on a remote database stores a first turn's answer as one batch that leaves the run running, then titles it", async () => {
    f = await openTurnFixture();
    const runId = await f.ask("How did revenue do in Q3?");
    f.server.enqueue(
      { text: "Revenue rose 12%.", usage: { promptTokens: 30, completionTokens: 5 } },
      { text: "Q3 revenue", usage: { promptTokens: 12, completionTokens: 3 } },
    );
    const { counted, writes } = countingWrites(f.t.db);

    await executeChatRun(deps(counted), { runId, userId: f.userId }, { finalAttempt: false });

    const remote = f.t.db.protocol !== "file";
    expect(writes.transactions).toBe(remote ? 0 : 1);
    expect((await Conversations.get(f.t.db, f.userId, f.conversationId))?.title).toBe("Q3 revenue");
    const run = await Runs.get(f.t.db, f.userId, runId);
    expect(run).toMatchObject({ status: "completed", usage: { totalTokens: 35 } });
    const events = await readRunEvents(redis, runId);
    expect(events.map((e) => e.event).slice(-2)).toEqual(["message.completed", "run.completed"]);
  });

  it("ends the stream of a finished run that stopped short of its last events, once", async () => {
    f = await openTurnFixture();
    const runId = await f.ask("Hello?");
    const key = { conversationId: f.conversationId, runId };
    const { message } = await storeFinal(f.t.db, key, { content: "Hi.", citations: [] });
    const usage = { promptTokens: 3, completionTokens: 1, totalTokens: 4, costUsd: "0.0000000000" };
    await Runs.setStatus(f.t.db, runId, "completed", { usage });
    await appendRunEvents(redis, runId, [
      { event: "run.started", data: {} },
      { event: "message.delta", data: { text: "Hi." } },
    ]);

    const job = { runId, userId: f.userId };
    await executeChatRun(deps(f.t.db), job, { finalAttempt: false });
    await executeChatRun(deps(f.t.db), job, { finalAttempt: false });

    const events = await readRunEvents(redis, runId);
    expect(events.map((e) => e.event)).toEqual([
      "run.started",
      "message.delta",
      "message.completed",
      "run.completed",
    ]);
    expect(events[2]?.data).toEqual({ messageId: message.id, content: "Hi.", citations: [], usage });
    expect(f.server.requests).toHaveLength(0);
  });
});
