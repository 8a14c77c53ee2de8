import type { Client, InStatement, TransactionMode } from "@libsql/client";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { DEFAULT_LIMITS, defineTool, ToolRegistry } from "../agent/index.ts";
import { storeFinal } from "../agent/transcript.ts";
import { openTurnFixture, type TurnFixture } from "../agent/turn-fixture.ts";
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

/** The database with every write counted: transactions, and statements outside one that change rows. */
function countingWrites(db: Client) {
  const writes = { transactions: 0, outside: [] as string[] };
  const counted = Object.create(db) as Client;
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
  it("answers in a titled conversation with one write transaction that also completes the run", async () => {
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

    expect(writes).toEqual({ transactions: 1, outside: [] });
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
