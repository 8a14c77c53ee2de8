// Finchat's shape with none of its product logic: the floor a queued chat pipeline sits on, for
// bench/chat.mjs to compare against. `node bench/bare-pipeline.mjs api` serves POST /turn with Hono:
// it enqueues the turn with BullMQ and relays the turn's Redis stream as server-sent events (XREAD
// BLOCK on a pooled connection). `node bench/bare-pipeline.mjs worker` runs the turns: it streams the
// answer from the model with the openai SDK (and a second call after a tool call), appending each
// delta to the stream. No database, no auth, no history, no metrics. Settings from the environment:
// PORT (api), REDIS_URL, OPENAI_BASE_URL, CONCURRENCY (worker).
import { randomUUID } from "node:crypto";
import { serve } from "@hono/node-server";
import { Queue, Worker } from "bullmq";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { Redis } from "ioredis";
import OpenAI from "openai";

const queueName = "bare-turn";
const prefix = "bare";
const streamKey = (runId) => `bare:run:${runId}`;
const redisUrl = process.env.REDIS_URL;
const role = process.argv[2];

/** The tool a tool turn calls; the bare worker answers it with a fixed result. */
export const bareTool = {
  type: "function",
  function: {
    name: "percentage_change",
    description: "Change between two values in percent.",
    parameters: { type: "object", properties: { from: { type: "string" }, to: { type: "string" } } },
  },
};

function startApi() {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection: redis, prefix });
  const idle = [];
  const app = new Hono();
  app.get("/health", (c) => c.json({ ok: true }));
  app.post("/turn", async (c) => {
    const { question, tool } = await c.req.json();
    const runId = randomUUID();
    await queue.add("turn", { runId, question, tool }, { removeOnComplete: true, removeOnFail: true });
    return streamSSE(c, async (stream) => {
      const reader = idle.pop() ?? redis.duplicate();
      let last = "0";
      try {
        for (;;) {
          const reply = await reader.xread("BLOCK", 5000, "STREAMS", streamKey(runId), last);
          for (const [id, fields] of reply?.[0]?.[1] ?? []) {
            last = id;
            await stream.writeSSE({ id, event: fields[1], data: fields[3] });
            if (fields[1] === "done") return;
          }
        }
      } finally {
        idle.push(reader);
      }
    });
  });
  serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
}

function startWorker() {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const model = new OpenAI({ apiKey: "bench-key", baseURL: process.env.OPENAI_BASE_URL, maxRetries: 0 });
  const append = (key, event, data) => redis.xadd(key, "*", "event", event, "data", JSON.stringify(data));
  const worker = new Worker(
    queueName,
    async (job) => {
      const { runId, question, tool } = job.data;
      const key = streamKey(runId);
      const messages = [{ role: "user", content: question }];
      for (let step = 0; step < 2; step++) {
        const stream = await model.chat.completions.create({
          model: "gpt-testkit",
          messages,
          stream: true,
          ...(tool ? { tools: [bareTool] } : {}),
        });
        const calls = [];
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta;
          // Appended without waiting: ioredis sends them in order on one connection.
          if (delta?.content) append(key, "delta", { text: delta.content });
          for (const call of delta?.tool_calls ?? []) {
            calls[call.index] ??= { id: call.id, type: "function", function: { name: "", arguments: "" } };
            calls[call.index].function.name += call.function?.name ?? "";
            calls[call.index].function.arguments += call.function?.arguments ?? "";
          }
        }
        if (calls.length === 0) break;
        messages.push({ role: "assistant", tool_calls: calls });
        for (const call of calls)
          messages.push({ role: "tool", tool_call_id: call.id, content: '{"percent":"12.00"}' });
      }
      await append(key, "done", {});
      await redis.expire(key, 300);
    },
    { connection: redis.duplicate(), prefix, concurrency: Number(process.env.CONCURRENCY ?? 256) },
  );
  worker.on("error", (err) => console.error(err));
  worker.waitUntilReady().then(() => console.log("ready"));
}

if (role === "api") startApi();
else if (role === "worker") startWorker();
