// No-op message throughput: raw BullMQ against the SQS-compatible job layer, in one run.
// Usage: npm exec -- node bench/jobs.mjs [--messages 20000] [--reps 5]
//
// Each run enqueues N messages (batches of 10, one round trip each), then consumes them until the
// handler has seen all N. A layer consumer holds batchSize x 2 messages at once (the running batch
// and the next one), so the raw Worker runs with that concurrency too: both keep the same number of
// messages in flight. Raw and layer runs alternate (and swap order every repetition); the ratio is
// the median of each repetition's layer/raw pair, which shrugs off load from other processes better
// than a ratio of medians. CPU time (this process + redis-server) per message is printed as well:
// it moves much less than wall time on a busy machine.
import { parseArgs } from "node:util";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { consume, createProducer } from "../packages/jobs/src/index.ts";
import { startRedisServer } from "../scripts/lib/redis-server.ts";

const { values } = parseArgs({
  options: { messages: { type: "string", default: "20000" }, reps: { type: "string", default: "5" } },
});
const messageCount = Number(values.messages);
const reps = Number(values.reps);
const chunk = 10;
let queueCounter = 0;
const queueName = (kind) => `bench-${kind}-${process.pid}-${queueCounter++}`;
const quiet = { warn() {}, error: (obj, msg) => console.error(msg, obj) };

function countdown(total) {
  let left = total;
  let done;
  const finished = new Promise((resolve) => {
    done = resolve;
  });
  return {
    finished,
    tick(count) {
      left -= count;
      if (left <= 0) done();
    },
  };
}

let monitor;
/** CPU seconds the redis-server has used so far (user + system). */
async function redisCpuSeconds() {
  const info = await monitor.info("cpu");
  const field = (name) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return field("used_cpu_user") + field("used_cpu_sys");
}

/** Wall time of both phases, and CPU time of this process and of Redis per message. */
async function timed(messages, enqueue, consumeAll) {
  const redisBefore = await redisCpuSeconds();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await enqueue();
  const enqueued = performance.now();
  await consumeAll();
  const end = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const redisCpu = (await redisCpuSeconds()) - redisBefore;
  return {
    enqueueMs: enqueued - start,
    consumeMs: end - enqueued,
    totalMs: end - start,
    cpuMicrosPerMessage: (cpu.user + cpu.system + redisCpu * 1e6) / messages,
  };
}

async function runRaw(url, batchSize, messages) {
  const name = queueName("raw");
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection });
  const workerConnection = new Redis(url, { maxRetriesPerRequest: null });
  const done = countdown(messages);
  let worker;
  const result = await timed(
    messages,
    async () => {
      for (let sent = 0; sent < messages; sent += chunk) {
        const jobs = Array.from({ length: chunk }, () => ({
          name: "message",
          data: { body: "{}" },
          opts: { removeOnComplete: true },
        }));
        await queue.addBulk(jobs);
      }
    },
    async () => {
      worker = new Worker(name, async () => done.tick(1), {
        connection: workerConnection,
        concurrency: batchSize * 2,
      });
      await done.finished;
    },
  );
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await Promise.all([connection.quit(), workerConnection.quit()]);
  return result;
}

async function runLayer(url, batchSize, messages) {
  const name = queueName("layer");
  const producer = createProducer(url);
  const done = countdown(messages);
  let consumer;
  const result = await timed(
    messages,
    async () => {
      for (let sent = 0; sent < messages; sent += chunk) {
        const entries = Array.from({ length: chunk }, (_, i) => ({ Id: `m${i}`, MessageBody: "{}" }));
        await producer.sendMessageBatch(name, entries);
      }
    },
    async () => {
      consumer = consume(name, async (event) => done.tick(event.Records.length), {
        connection: url,
        batchSize,
        logger: quiet,
      });
      await done.finished;
    },
  );
  await consumer.close();
  await producer.close();
  const cleanup = new Redis(url);
  const queue = new Queue(name, { connection: cleanup });
  await queue.obliterate({ force: true });
  await queue.close();
  cleanup.disconnect();
  return result;
}

const runners = { raw: runRaw, layer: runLayer };
const rate = (ms) => Math.round((messageCount / ms) * 1000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pad = (value, width) => String(value).padStart(width);

async function measure(url, batchSize) {
  const rows = { raw: [], layer: [] };
  const pairRatios = [];
  for (const mode of ["raw", "layer"]) await runners[mode](url, batchSize, 2000); // JIT warm-up
  for (let rep = 1; rep <= reps; rep++) {
    const order = rep % 2 === 1 ? ["raw", "layer"] : ["layer", "raw"];
    const results = {};
    for (const mode of order) {
      const r = await runners[mode](url, batchSize, messageCount);
      results[mode] = r;
      rows[mode].push(r);
      const rates = [r.enqueueMs, r.consumeMs, r.totalMs].map((ms) => pad(rate(ms), 9)).join("  ");
      console.log(
        `${mode.padEnd(6)} ${pad(batchSize, 5)} ${pad(rep, 4)}  ${rates}  ${pad(r.cpuMicrosPerMessage.toFixed(1), 10)}`,
      );
    }
    pairRatios.push(results.raw.totalMs / results.layer.totalMs);
  }
  const summary = (mode) => ({
    rate: rate(median(rows[mode].map((r) => r.totalMs))),
    cpu: median(rows[mode].map((r) => r.cpuMicrosPerMessage)),
  });
  return { batchSize, raw: summary("raw"), layer: summary("layer"), ratio: median(pairRatios) };
}

const redis = await startRedisServer();
monitor = new Redis(redis.url);
try {
  console.log(`${messageCount} no-op messages per run, ${reps} repetitions, node ${process.version}`);
  console.log("mode   batch  rep  enqueue/s  consume/s  end-to-end/s  cpu µs/msg");
  const summaries = [];
  for (const batchSize of [1, 10]) summaries.push(await measure(redis.url, batchSize));
  console.log("\nmedians: end-to-end msgs/s; CPU µs per message (this process + redis-server)");
  for (const { batchSize, raw, layer, ratio } of summaries) {
    const cpuRatio = ((raw.cpu / layer.cpu) * 100).toFixed(1);
    console.log(
      `batch ${pad(batchSize, 2)}: raw ${raw.rate}  layer ${layer.rate}  layer/raw ${(ratio * 100).toFixed(1)}%` +
        `   cpu raw ${raw.cpu.toFixed(1)}  layer ${layer.cpu.toFixed(1)}  (raw/layer ${cpuRatio}%)`,
    );
  }
} finally {
  monitor.disconnect();
  await redis.stop();
}
