// The overhead Finchat adds to a chat turn: the real Api and Worker as child processes (HTTP, libSQL,
// Redis, the job queue, the run stream, SSE), in the configuration `npm start` runs (no concurrency
// override), against the testkit model at a chosen speed, beside two baselines measured in the same
// run: the model streamed directly with the openai SDK, and a bare Hono + BullMQ + Redis-stream
// pipeline (bench/bare-pipeline.mjs: Finchat's shape with no product logic).
// Usage: npm exec -- node bench/chat.mjs [--profile zero|realistic|slow] [--turns 600]
//          [--clients 1,16,64] [--rates 25,50,100,200] [--tools 0.2] [--no-pipeline] [--soak 20000]
//          [--db-delay-ms 0.5] [--db-concurrency 20]
//
// Each turn posts to a fresh conversation created beforehand with a title, so every turn has the same
// (empty) history and makes no title call: generateTitle leaves titled conversations alone. A real
// first turn adds one non-streamed model call between message.completed and run.completed.
// Clients are Node's fetch and the openai SDK (also fetch): one keep-alive pool per origin, and the
// first turns of every level only warm it up. `--rates` adds open-loop levels: turns start at random
// (Poisson) times at each offered rate, whatever is still in flight, spread over the users; `--clients
// ""` measures those alone. `--tools` is the share of turns that make a tool round trip (the model
// calls percentage_change, the Worker runs it, the model answers). `--soak N` runs N more turns at the
// largest client count and samples the Api's and Worker's RSS as it goes. BENCH_CPU_PROF=<dir> writes
// CPU profiles of the Api and the Worker there; BENCH_NODE_OPTIONS is passed to both as NODE_OPTIONS.
// `--db-delay-ms D` stores the data in a libSQL server reached over HTTP, as deployed stages do (the
// testkit's Hrana stand-in for sqld, as its own process, each request answered D ms late), instead of
// a local file; its CPU counts with Finchat's, and is reported on its own with its share of the
// machine (sqld has a host of its own in production). `--db-concurrency N` sets DATABASE_CONCURRENCY
// (requests each process keeps in flight to the server).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import OpenAI from "openai";
import {
  answerWithToolRoundTrip,
  latencyProfiles,
  readEvents,
  startOpenAIServer,
} from "../packages/testkit/src/index.ts";
import { freePort, startRedisServer, stopChild } from "../scripts/lib/redis-server.ts";
import { startS3Server } from "../scripts/lib/s3-server.ts";
import { prefixLines, serviceNodeFlags } from "../scripts/lib/service-process.ts";
import { bareTool } from "./bare-pipeline.mjs";

const { values } = parseArgs({
  options: {
    profile: { type: "string", default: "zero" },
    turns: { type: "string", default: "600" },
    clients: { type: "string", default: "1,16,64" },
    rates: { type: "string", default: "" },
    tools: { type: "string", default: "0" },
    "no-pipeline": { type: "boolean", default: false },
    soak: { type: "string", default: "0" },
    "db-delay-ms": { type: "string", default: "" },
    "db-concurrency": { type: "string", default: "" },
  },
});
const profileName = values.profile;
const profile = latencyProfiles[profileName];
const turnsPerLevel = Number(values.turns);
const numbers = (list) => list.split(",").filter(Boolean).map(Number);
const levels = numbers(values.clients);
const rates = numbers(values.rates);
const toolShare = Number(values.tools);
const withPipeline = !values["no-pipeline"];
const soakTurns = Number(values.soak);
const remoteDbDelayMs = values["db-delay-ms"] === "" ? undefined : Number(values["db-delay-ms"]);
if (remoteDbDelayMs !== undefined && !(remoteDbDelayMs >= 0 && remoteDbDelayMs <= 1000)) {
  throw new Error("--db-delay-ms must be a round-trip delay in ms from 0 to 1000");
}
const dbConcurrency = values["db-concurrency"];
if (dbConcurrency !== "" && !(Number.isInteger(Number(dbConcurrency)) && Number(dbConcurrency) >= 1)) {
  throw new Error("--db-concurrency must be a positive integer (DATABASE_CONCURRENCY)");
}
if (!profile) throw new Error(`--profile must be one of ${Object.keys(latencyProfiles).join(", ")}`);
if (!(turnsPerLevel > 0) || levels.some((n) => !Number.isInteger(n) || n < 1 || n > 256)) {
  throw new Error("--turns must be positive and --clients a list of integers from 1 to 256");
}
if (rates.some((r) => !(r > 0 && r <= 5000)) || levels.length + rates.length === 0) {
  throw new Error("--rates must be turns per second from 1 to 5000, and something must be measured");
}
if (!(toolShare >= 0 && toolShare <= 1) || !(soakTurns >= 0)) {
  throw new Error("--tools must be a share from 0 to 1 and --soak a number of turns");
}
/** Users to spread the turns over; open-loop levels use as many as the largest closed-loop level. */
const maxClients = Math.max(...levels, rates.length > 0 ? 64 : 1);
const answer = "Revenue rose 12% in Q3, driven by subscriptions, while operating costs stayed flat.";
const question = "How did revenue do in Q3?";
const toolQuestion = "By what percent did revenue grow from 1000 to 1120?";
/** Every k-th turn asks the tool question (none when the share is 0). */
const toolEvery = toolShare > 0 ? Math.max(1, Math.round(1 / toolShare)) : 0;
const asksTool = (i) => toolEvery > 0 && i % toolEvery === 0;
const toolCall = { name: "percentage_change", arguments: { from: "1000", to: "1120" } };
/** Slack for the slow model: a level's turns can take seconds each. */
const levelDeadlineMs = 25_000 + 20 * profile.delayFirstTokenMs;
const turnTimeoutMs = 15_000 + 4 * profile.delayFirstTokenMs;
const targets = {
  realistic: { ratioAt64: 0.95, addedP50At64: 15, addedP99At64: 60, addedP99At256: 250 },
  zero: { pipelineRatio: 0.9, cpuRatio: 1.3 },
  memory: { apiMb: 250, workerMb: 300 },
};

// ---- the stack ------------------------------------------------------------------------------------

async function waitFor(url, child, label, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode} during start-up`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${label} not ready after ${timeoutMs} ms (${url})`);
}

/** How often the Worker's admission started holding new turns back (its log says so each time). */
let admissionHolds = 0;

/** Set once the bench tears its stack down, so that a service's exit is expected from then on. */
let stopping = false;

/**
 * `node <entry>` with this Node, its output prefixed with `label`. A service that exits on its own
 * ends the bench with an error instead of leaving clients to time out turn after turn.
 */
function spawnService(label, entry, env, args = []) {
  const cpuProfile = process.env.BENCH_CPU_PROF;
  const flags = cpuProfile ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfile}`] : [];
  // The Api and the Worker start with the flags `npm start` and the image give them.
  const nodeFlags = entry.startsWith("functions/") ? serviceNodeFlags : [];
  const child = spawn(process.execPath, [...nodeFlags, ...flags, entry, ...args], {
    cwd: join(import.meta.dirname, ".."),
    env: process.env.BENCH_NODE_OPTIONS ? { ...env, NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  prefixLines(child.stdout, process.stdout, label);
  prefixLines(child.stderr, process.stderr, label);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => {
      if (line.includes("chat admission: holding new turns")) admissionHolds++;
    });
  }
  child.once("exit", (code, signal) => {
    if (stopping) return;
    console.error(`bench: ${label} exited (${signal ?? `code ${code}`}) while measuring`);
    void cleanUp().finally(() => process.exit(1));
  });
  return child;
}

async function startStack(cleanups) {
  const dir = mkdtempSync(join(tmpdir(), "finchat-bench-"));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const redis = await startRedisServer();
  cleanups.push(() => redis.stop());
  const s3 = await startS3Server(join(dir, "s3"), "finchat-bench");
  cleanups.push(() => s3.stop());
  const model = await startOpenAIServer({ recordRequests: false });
  const lastUserAsks = (request) =>
    request.body.messages.findLast((m) => m.role === "user")?.content === toolQuestion;
  model.answerForever(answerWithToolRoundTrip({ text: answer, toolCall, wantsTool: lastUserAsks, profile }));
  cleanups.push(() => model.close());

  const [apiPort, workerPort] = [await freePort(), await freePort()];
  const database = await startDatabase(cleanups, dir);
  const env = {
    PATH: process.env.PATH,
    HOST: "127.0.0.1",
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    OPENAI_BASE_URL: model.url,
    OPENAI_API_KEY: "bench-key",
    LOG_LEVEL: "warn",
    // Not a concurrency setting: a soak spends more than a person's default daily tokens.
    DAILY_TOKEN_BUDGET: String(1e12),
    // The bench signs many users up from one address and posts faster than a person would.
    SIGNUP_MAX_PER_IP: String(1e6),
    USER_MAX_MESSAGES: String(1e9),
    ...(dbConcurrency ? { DATABASE_CONCURRENCY: dbConcurrency } : {}),
  };
  // The Api migrates the new database first; the Worker then finds it current.
  const api = spawnService("api", "functions/api.ts", { ...env, PORT: String(apiPort) });
  cleanups.push(() => stopChild(api));
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await waitFor(`${apiUrl}/health/ready`, api, "api");
  const worker = spawnService("worker", "functions/worker.ts", { ...env, PORT: String(workerPort) });
  cleanups.push(() => stopChild(worker));
  // The Worker opens its probe only once its consumers are ready.
  await waitFor(`http://127.0.0.1:${workerPort}/health/live`, worker, "worker");
  const pids = { api: api.pid, worker: worker.pid, redis: redis.process.pid, bench: process.pid };
  if (database.pid) pids.libsql = database.pid;
  const stack = { apiUrl, model, pids };
  if (withPipeline)
    stack.pipeline = await startPipeline(cleanups, { redisUrl: redis.url, modelUrl: model.url });
  return stack;
}

/** A local file, or with `--db-delay-ms` a libSQL server over HTTP in its own process. */
async function startDatabase(cleanups, dir) {
  const file = join(dir, "finchat.db");
  if (remoteDbDelayMs === undefined) return { url: `file:${file}` };
  const port = await freePort();
  const args = ["--db", file, "--port", String(port), "--delay-ms", String(remoteDbDelayMs)];
  const server = spawnService(
    "libsql",
    "packages/testkit/src/libsql-server-cli.ts",
    { PATH: process.env.PATH },
    args,
  );
  cleanups.push(() => stopChild(server));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/v2`, server, "libsql");
  return { url, pid: server.pid };
}

/** The bare pipeline's Api and Worker on the same Redis and model; its own queue and stream keys. */
async function startPipeline(cleanups, { redisUrl, modelUrl }) {
  const port = await freePort();
  const env = { PATH: process.env.PATH, REDIS_URL: redisUrl, OPENAI_BASE_URL: modelUrl, PORT: String(port) };
  const entry = "bench/bare-pipeline.mjs";
  const api = spawnService("bare-api", entry, env, ["api"]);
  cleanups.push(() => stopChild(api));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/health`, api, "bare-api");
  const worker = spawnService("bare-worker", entry, { ...env, CONCURRENCY: "256" }, ["worker"]);
  cleanups.push(() => stopChild(worker));
  return { url, pids: { api: api.pid, worker: worker.pid } };
}

/** Resident set size of a process in MB (Linux /proc; NaN elsewhere). */
function rssMb(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
    return line ? Number(line[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Samples the RSS of `pids` every 200 ms until stopped; returns the peaks and the last values. */
function watchRss(pids) {
  const peak = {};
  const last = {};
  const sample = () => {
    for (const [name, pid] of Object.entries(pids)) {
      last[name] = rssMb(pid);
      peak[name] = Math.max(peak[name] ?? 0, last[name]);
    }
  };
  sample();
  const timer = setInterval(sample, 200);
  return () => {
    clearInterval(timer);
    sample();
    return { peak, last };
  };
}

/** CPU milliseconds each process has used so far (Linux /proc; empty elsewhere). */
function cpuMs(pids) {
  const out = {};
  for (const [name, pid] of Object.entries(pids)) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      out[name] = (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, 100 ticks per second
    } catch {
      return {};
    }
  }
  return out;
}

// ---- the Api as a client sees it ------------------------------------------------------------------

async function call(url, init, expected) {
  const res = await fetch(url, { signal: AbortSignal.timeout(turnTimeoutMs), ...init });
  if (res.status !== expected)
    throw new Error(`${init.method ?? "GET"} ${url}: ${res.status} ${await res.text()}`);
  return res;
}

/** Signs a user up and returns the headers of a personal token. */
async function signUp(apiUrl, n) {
  const json = { "content-type": "application/json" };
  const body = JSON.stringify({
    email: `bench${n}@example.com`,
    password: "correct horse battery",
    name: `Bench ${n}`,
  });
  await call(`${apiUrl}/api/auth/signup`, { method: "POST", headers: json, body }, 202);
  const login = JSON.stringify({ email: `bench${n}@example.com`, password: "correct horse battery" });
  const signin = await call(`${apiUrl}/api/auth/login`, { method: "POST", headers: json, body: login }, 200);
  const cookie = /finchat_session=[^;]+/.exec(signin.headers.get("set-cookie") ?? "")?.[0] ?? "";
  const me = await (await call(`${apiUrl}/api/me`, { headers: { cookie } }, 200)).json();
  const headers = { ...json, cookie, "x-csrf-token": me.csrfToken };
  const tokenBody = JSON.stringify({ name: "bench" });
  const { token } = await (
    await call(`${apiUrl}/api/tokens`, { method: "POST", headers, body: tokenBody }, 201)
  ).json();
  return { ...json, authorization: `Bearer ${token}` };
}

/** Runs `work(i)` for i in [0, count) with at most `width` at a time. */
async function pooled(count, width, work) {
  const out = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      out[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, lane));
  return out;
}

/** `count` titled conversations per client (so no turn makes a title call), as `perClient[c]`. */
async function conversationsFor(apiUrl, users, clients, count) {
  const ids = await pooled(clients * count, 8, async (i) => {
    const init = {
      method: "POST",
      headers: users[i % clients],
      body: JSON.stringify({ title: "Bench turn" }),
    };
    return (await (await call(`${apiUrl}/api/conversations`, init, 201)).json()).id;
  });
  return Array.from({ length: clients }, (_, c) => ids.filter((_, i) => i % clients === c));
}

const streamMs = (id) => Number(String(id).split("-")[0]);

/** One turn over SSE; times the first delta and run.completed, and where the first delta's time went. */
async function finchatTurn(apiUrl, headers, conversationId, tool = false) {
  const postedAt = Date.now();
  const start = performance.now();
  const res = await call(
    `${apiUrl}/api/conversations/${conversationId}/messages`,
    {
      method: "POST",
      headers: { ...headers, accept: "text/event-stream" },
      body: JSON.stringify({ content: tool ? toolQuestion : question }),
    },
    200,
  );
  const answeredAt = Date.now();
  let firstDelta;
  let firstDeltaAt;
  const events = await readEvents(res, (e) => {
    if (e.event === "message.delta" && firstDelta === undefined) {
      firstDelta = performance.now();
      firstDeltaAt = Date.now();
    }
    return e.event === "run.completed" || e.event === "run.failed";
  });
  const done = performance.now();
  const text = events
    .filter((e) => e.event === "message.delta")
    .map((e) => e.data.text)
    .join("");
  if (events.at(-1)?.event !== "run.completed" || text !== answer) {
    throw new Error(`turn ended with ${JSON.stringify(events.at(-1))} and text "${text}"`);
  }
  const started = events.find((e) => e.event === "run.started");
  const delta = events.find((e) => e.event === "message.delta");
  const phases = {
    answered: answeredAt - postedAt,
    started: streamMs(started.id) - postedAt,
    deltaAppended: streamMs(delta.id) - postedAt,
    deltaReceived: firstDeltaAt - postedAt,
  };
  return { ttfd: firstDelta - start, total: done - start, phases };
}

/** Streams one completion; the time of its first content delta, its text and its tool calls. */
async function streamOnce(client, messages, tools) {
  const stream = await client.chat.completions.create({
    model: "gpt-testkit",
    messages,
    stream: true,
    stream_options: { include_usage: true },
    ...(tools ? { tools } : {}),
  });
  let firstDelta;
  let text = "";
  const calls = [];
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta;
    const piece = delta?.content ?? "";
    if (piece && firstDelta === undefined) firstDelta = performance.now();
    text += piece;
    for (const call of delta?.tool_calls ?? []) {
      calls[call.index] ??= { id: call.id, type: "function", function: { name: "", arguments: "" } };
      calls[call.index].function.name += call.function?.name ?? "";
      calls[call.index].function.arguments += call.function?.arguments ?? "";
    }
  }
  return { firstDelta, text, calls };
}

/**
 * One turn straight from the model with the SDK: the floor Finchat builds on. A tool turn makes the
 * same two calls Finchat's does (the tool's result is a constant here).
 */
async function baselineTurn(client, tool = false) {
  const start = performance.now();
  const messages = [{ role: "user", content: tool ? toolQuestion : question }];
  let reply = await streamOnce(client, messages, tool ? [bareTool] : undefined);
  if (reply.calls.length > 0) {
    messages.push({ role: "assistant", tool_calls: reply.calls });
    for (const c of reply.calls)
      messages.push({ role: "tool", tool_call_id: c.id, content: '{"percent":"12.00"}' });
    reply = await streamOnce(client, messages, [bareTool]);
  }
  if (reply.text !== answer) throw new Error(`baseline answer was "${reply.text}"`);
  return { ttfd: reply.firstDelta - start, total: performance.now() - start };
}

/** One turn through the bare pipeline, read over SSE like Finchat's. */
async function pipelineTurn(url, tool = false) {
  const start = performance.now();
  const res = await call(
    `${url}/turn`,
    {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ question: tool ? toolQuestion : question, tool }),
    },
    200,
  );
  let firstDelta;
  const events = await readEvents(res, (e) => {
    if (e.event === "delta" && firstDelta === undefined) firstDelta = performance.now();
    return e.event === "done";
  });
  const text = events
    .filter((e) => e.event === "delta")
    .map((e) => e.data.text)
    .join("");
  if (text !== answer) throw new Error(`pipeline answer was "${text}"`);
  return { ttfd: firstDelta - start, total: performance.now() - start };
}

// ---- measuring ------------------------------------------------------------------------------------

/**
 * A closed loop: each client runs its tasks (an iterable) back to back. A turn counts when it starts
 * after every client has finished `warmPerClient` turns (past the burst of simultaneous first
 * requests) and before `quota` counted turns have started; clients keep the load on until the
 * counted turns are done. Turns/s counts the turns that finished while counted ones were starting.
 */
async function drive(perClient, quota, warmPerClient) {
  const stopAt = Date.now() + levelDeadlineMs;
  const state = { open: Number.NaN, close: Number.NaN, warmed: 0, counted: 0, inFlight: 0 };
  let finishedInWindow = 0;
  let turnsRun = 0;
  const results = [];
  const errors = [];
  const measuring = () => !Number.isNaN(state.open) && Number.isNaN(state.close);
  const keepGoing = () => Date.now() < stopAt && (Number.isNaN(state.close) || state.inFlight > 0);
  const client = async (tasks) => {
    let done = 0;
    for (const task of tasks) {
      if (!keepGoing()) break;
      const counts = measuring();
      if (counts && ++state.counted === quota) state.close = performance.now();
      if (counts) state.inFlight++;
      const outcome = await task().then(
        (result) => ({ result }),
        (error) => ({ error }),
      );
      if (outcome.error) errors.push(outcome.error);
      else if (counts) results.push(outcome.result);
      if (counts) state.inFlight--;
      turnsRun++;
      if (measuring()) finishedInWindow++;
      if (++done === warmPerClient && ++state.warmed === perClient.length) state.open = performance.now();
    }
    // A client out of tasks would thin the load from here on.
    if (measuring()) state.close = performance.now();
  };
  await Promise.all(perClient.map(client));
  return { results, errors, turnsRun, rate: (finishedInWindow / (state.close - state.open)) * 1000 };
}

function percentile(xs, p) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const spread = (xs) => ({ p50: percentile(xs, 50), p99: percentile(xs, 99) });

function summarise({ results, errors, turnsRun, rate }) {
  if (errors.length) console.error(`  ${errors.length} failed turns, first: ${errors[0]?.message}`);
  const phases = results[0]?.phases;
  return {
    turns: results.length,
    errors: errors.length,
    turnsRun,
    rate,
    ttfd: spread(results.map((r) => r.ttfd)),
    total: spread(results.map((r) => r.total)),
    phases:
      phases &&
      Object.fromEntries(Object.keys(phases).map((k) => [k, spread(results.map((r) => r.phases[k]))])),
  };
}

function* repeat(task) {
  for (;;) yield task;
}

/**
 * An open loop: `count` turns started at the times of a Poisson process of `rate` per second, each
 * whether or not earlier ones have finished; the first `warm` are not counted. Reports the rate at
 * which the counted turns actually started (timers can only start them late).
 */
async function driveOpen(task, rate, count, warm) {
  const results = [];
  const errors = [];
  const running = [];
  let due = performance.now();
  let firstCounted = 0;
  for (let i = 0; i < warm + count; i++) {
    due += (-Math.log(1 - Math.random()) * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const counts = i >= warm;
    if (i === warm) firstCounted = performance.now();
    running.push(
      task(i).then(
        (result) => counts && results.push(result),
        (error) => errors.push(error),
      ),
    );
  }
  const started = (performance.now() - firstCounted) / 1000;
  await Promise.all(running);
  return { results, errors, turnsRun: warm + count, rate: (count - 1) / started };
}

/**
 * Runs one side of a level: its summary, each process's CPU ms per turn it ran (`pids`: the side's
 * own processes, Redis and the bench), and the peak RSS of the side's Api and Worker.
 */
async function measureSide(pids, run) {
  const before = cpuMs(pids);
  const holdsBefore = admissionHolds;
  const stopRss = watchRss({ api: pids.api, worker: pids.worker });
  const startedAt = performance.now();
  const summary = summarise(await run());
  const seconds = (performance.now() - startedAt) / 1000;
  const after = cpuMs(pids);
  const cpuPerTurn = Object.fromEntries(
    Object.keys(after).map((name) => [name, (after[name] - before[name]) / summary.turnsRun]),
  );
  return { ...summary, cpuPerTurn, seconds, rss: stopRss().peak, holds: admissionHolds - holdsBefore };
}

/** The pids whose CPU counts for the pipeline side: its own Api and Worker, the shared Redis, the bench. */
const pipelinePids = (stack) => ({
  ...stack.pipeline.pids,
  redis: stack.pids.redis,
  bench: stack.pids.bench,
});

/** Numbers turn starts so that every `toolEvery`-th turn of a side asks for the tool. */
function counter() {
  let n = 0;
  return () => asksTool(n++);
}

/** Measures the baseline, the pipeline and Finchat at one offered rate (open loop). */
async function measureRate(stack, users, baselineClient, rate) {
  const warm = Math.max(20, Math.ceil(turnsPerLevel / 10));
  const perUser = Math.ceil((warm + turnsPerLevel) / users.length);
  const conversations = await conversationsFor(stack.apiUrl, users, users.length, perUser);
  const open = (task) => driveOpen(task, rate, turnsPerLevel, warm);
  const row = { offered: rate };
  row.baseline = summarise(await open((i) => baselineTurn(baselineClient, asksTool(i))));
  if (stack.pipeline) {
    row.pipeline = await measureSide(pipelinePids(stack), () =>
      open((i) => pipelineTurn(stack.pipeline.url, asksTool(i))),
    );
  }
  row.finchat = await measureSide(stack.pids, () =>
    open((i) => {
      const user = i % users.length;
      const conversation = conversations[user][Math.floor(i / users.length)];
      return finchatTurn(stack.apiUrl, users[user], conversation, asksTool(i));
    }),
  );
  return row;
}

/** Measures the baseline, the pipeline and Finchat at one concurrency (closed loop). */
async function measureLevel(stack, users, baselineClient, clients) {
  const warmPerClient = Math.max(3, Math.ceil(30 / clients));
  // Slack for clients that run ahead of the others, and for keeping the load on at the end.
  const perClient = warmPerClient + 2 * Math.ceil(turnsPerLevel / clients) + 3;
  const conversations = await conversationsFor(stack.apiUrl, users, clients, perClient);
  const closed = (tasks) => drive(tasks, turnsPerLevel, warmPerClient);
  const row = { clients };
  const baselineTool = counter();
  const straight = () => baselineTurn(baselineClient, baselineTool());
  row.baseline = summarise(await closed(Array.from({ length: clients }, () => repeat(straight))));
  if (stack.pipeline) {
    const pipelineTool = counter();
    const bare = () => pipelineTurn(stack.pipeline.url, pipelineTool());
    row.pipeline = await measureSide(pipelinePids(stack), () =>
      closed(Array.from({ length: clients }, () => repeat(bare))),
    );
  }
  const finchatTool = counter();
  const finchatTasks = conversations.map((ids, c) =>
    ids.map((id) => () => finchatTurn(stack.apiUrl, users[c], id, finchatTool())),
  );
  row.finchat = await measureSide(stack.pids, () => closed(finchatTasks));
  return row;
}

/**
 * `turns` more turns at `clients` concurrent users, each on a fresh conversation, with the Api's and
 * the Worker's RSS sampled every tenth of the way: is memory flat once the process is warm?
 */
async function soak(stack, users, clients, turns) {
  const chunk = Math.ceil(turns / 10);
  const points = [];
  const started = performance.now();
  let errors = 0;
  for (let done = 0; done < turns; done += chunk) {
    const perClient = Math.ceil(chunk / clients);
    const conversations = await conversationsFor(stack.apiUrl, users, clients, perClient);
    const tool = counter();
    const outcomes = await Promise.all(
      conversations.map(async (ids, c) => {
        let failed = 0;
        for (const id of ids) {
          await finchatTurn(stack.apiUrl, users[c], id, tool()).catch(() => failed++);
        }
        return failed;
      }),
    );
    errors += outcomes.reduce((a, b) => a + b, 0);
    points.push({
      turns: done + perClient * clients,
      api: rssMb(stack.pids.api),
      worker: rssMb(stack.pids.worker),
    });
  }
  return { clients, points, errors, seconds: (performance.now() - started) / 1000 };
}

// ---- report ---------------------------------------------------------------------------------------

const ms = (n) => (Number.isFinite(n) ? n.toFixed(1).padStart(8) : "     n/a");
const mb = (n) => (Number.isFinite(n) ? n.toFixed(0).padStart(4) : " n/a");

/** A level's name in the first column: its client count, or its offered rate ("200/s"). */
const levelName = (row) => (row.offered === undefined ? String(row.clients) : `${row.offered}/s`).padStart(7);

const sidesOf = (row) =>
  [
    ["direct", row.baseline],
    ["pipeline", row.pipeline],
    ["finchat", row.finchat],
  ].filter(([, side]) => side);

function printLevels(rows, heading) {
  console.log(
    `\n${heading}  side      turns errors turns/s   ttfd p50  ttfd p99  done p50  done p99   (ms)   api/worker RSS peak (MB)`,
  );
  for (const row of rows) {
    for (const [name, side] of sidesOf(row)) {
      const cells = [side.ttfd.p50, side.ttfd.p99, side.total.p50, side.total.p99].map(ms).join("  ");
      const rss = side.rss ? `   ${mb(side.rss.api)} / ${mb(side.rss.worker)}` : "";
      console.log(
        `${levelName(row)}  ${name.padEnd(8)}  ${String(side.turns).padStart(5)} ${String(side.errors).padStart(6)} ${side.rate.toFixed(0).padStart(7)}  ${cells}${rss}`,
      );
    }
    for (const [name, side] of sidesOf(row).slice(1)) {
      const added = [side.ttfd.p50 - row.baseline.ttfd.p50, side.ttfd.p99 - row.baseline.ttfd.p99];
      const ratio = `${((side.rate / row.baseline.rate) * 100).toFixed(0).padStart(4)}% of direct`;
      console.log(`${levelName(row)}  ${`+${name}`.padEnd(8)}  ${ratio}         ${added.map(ms).join("  ")}`);
    }
  }
}

function printPhases(rows) {
  console.log(
    "\nwhere Finchat's first delta's time goes: ms after the POST was sent, p50 / p99 (stream ids have 1 ms steps)",
  );
  console.log(
    "  level   Api answered   run.started    delta appended  delta received   times the Worker's admission held",
  );
  for (const row of rows) {
    const p = row.finchat.phases;
    if (!p) continue;
    const cell = (x) => `${x.p50.toFixed(0).padStart(5)} / ${x.p99.toFixed(0).padEnd(6)}`;
    console.log(
      `${levelName(row)}   ${[p.answered, p.started, p.deltaAppended, p.deltaReceived].map(cell).join("  ")}   ${row.finchat.holds}`,
    );
  }
}

const cpuTotal = (side) => Object.values(side.cpuPerTurn).reduce((a, b) => a + b, 0);

function printCpu(rows) {
  console.log("\nCPU ms per turn, by process (10 ms ticks over every turn of the side, warm-up included)");
  for (const row of rows) {
    for (const [name, side] of sidesOf(row).slice(1)) {
      const parts = Object.entries(side.cpuPerTurn).map(([process, v]) => `${process} ${v.toFixed(2)}`);
      if (parts.length) {
        console.log(
          `${levelName(row)}  ${name.padEnd(8)}  ${parts.join("   ")}   total ${cpuTotal(side).toFixed(2)}`,
        );
      }
      if (side.cpuPerTurn.libsql !== undefined) console.log(`  ${serverShare(side)}`);
    }
  }
}

/**
 * The libSQL stand-in's part of a remote side's CPU. It shares this machine's cores with everything
 * else, where sqld runs on a host of its own: when the measured processes keep every core busy,
 * the turns/s the others would reach with the server's CPU elsewhere is at most the rate scaled by
 * the CPU per turn without it (an upper bound: it assumes CPU, not the write lock or the network,
 * binds).
 */
function serverShare(side) {
  const total = cpuTotal(side);
  const server = side.cpuPerTurn.libsql;
  const coresBusy = (total * side.turnsRun) / 1000 / side.seconds;
  const serverBusy = (server * side.turnsRun) / 1000 / side.seconds;
  const bound = side.rate * (total / (total - server));
  return (
    `libSQL server ${server.toFixed(2)} ms a turn, ${((100 * server) / total).toFixed(0)}% of the turn's CPU; ` +
    `the measured processes kept ${coresBusy.toFixed(2)} of ${availableParallelism()} cores busy, the server ` +
    `${serverBusy.toFixed(2)}; with its CPU elsewhere at most ${bound.toFixed(1)} turns/s if CPU binds`
  );
}

function printSoak(result) {
  console.log(
    `\nsoak: ${result.clients} users, ${result.errors} failed turns, ${result.seconds.toFixed(0)} s`,
  );
  console.log("  turns   api RSS   worker RSS (MB)");
  for (const p of result.points)
    console.log(`${String(p.turns).padStart(7)}   ${mb(p.api)}      ${mb(p.worker)}`);
}

function verdict(label, value, limit, met) {
  const shown = Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : "n/a";
  console.log(`${label}: ${shown} (target ${limit}) ${met ? "MET" : "MISSED"}`);
}

function printTargets(rows, soakResult) {
  const at = (n) => rows.find((r) => r.clients === n);
  console.log("");
  if (profileName !== "zero") {
    const t = targets.realistic;
    const r64 = at(64);
    if (r64) {
      const ratio = r64.finchat.rate / r64.baseline.rate;
      const p50 = r64.finchat.ttfd.p50 - r64.baseline.ttfd.p50;
      const p99 = r64.finchat.ttfd.p99 - r64.baseline.ttfd.p99;
      verdict("64 users: turns/s against direct", ratio, `>= ${t.ratioAt64}`, ratio >= t.ratioAt64);
      verdict("64 users: added TTFD p50 (ms)", p50, `<= ${t.addedP50At64}`, p50 <= t.addedP50At64);
      verdict("64 users: added TTFD p99 (ms)", p99, `<= ${t.addedP99At64}`, p99 <= t.addedP99At64);
    }
    const r256 = at(256);
    if (r256) {
      const p99 = r256.finchat.ttfd.p99 - r256.baseline.ttfd.p99;
      verdict("256 users: failed turns", r256.finchat.errors, "0", r256.finchat.errors === 0);
      verdict("256 users: added TTFD p99 (ms)", p99, `<= ${t.addedP99At256}`, p99 <= t.addedP99At256);
    }
  } else {
    const t = targets.zero;
    for (const row of rows.filter((r) => r.pipeline && r.clients !== undefined)) {
      const ratio = row.finchat.rate / row.pipeline.rate;
      const cpu = cpuTotal(row.finchat) / cpuTotal(row.pipeline);
      verdict(
        `${row.clients} client(s): turns/s against the pipeline`,
        ratio,
        `>= ${t.pipelineRatio}`,
        ratio >= t.pipelineRatio,
      );
      verdict(
        `${row.clients} client(s): CPU per turn against the pipeline`,
        cpu,
        `<= ${t.cpuRatio}`,
        cpu <= t.cpuRatio,
      );
    }
  }
  const r256 = at(256);
  const m = targets.memory;
  if (r256) {
    verdict(
      "256 streams: Api RSS peak (MB)",
      r256.finchat.rss.api,
      `<= ${m.apiMb}`,
      r256.finchat.rss.api <= m.apiMb,
    );
    verdict(
      "256 streams: Worker RSS peak (MB)",
      r256.finchat.rss.worker,
      `<= ${m.workerMb}`,
      r256.finchat.rss.worker <= m.workerMb,
    );
  }
  if (soakResult) {
    const last = soakResult.points.at(-1);
    verdict("after the soak: Api RSS (MB)", last.api, `<= ${m.apiMb}`, last.api <= m.apiMb);
    verdict("after the soak: Worker RSS (MB)", last.worker, `<= ${m.workerMb}`, last.worker <= m.workerMb);
  }
}

function describeMachine() {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  return `node ${process.version}, ${availableParallelism()} cores, load average ${load}`;
}

// ---- main -----------------------------------------------------------------------------------------

const cleanups = [];
const cleanUp = async () => {
  stopping = true;
  for (const step of cleanups.splice(0).reverse()) await step().catch((err) => console.error(err));
};
const watchdogMinutes = 10 + Math.ceil(soakTurns / 2000);
const watchdog = setTimeout(() => {
  console.error(`bench: giving up after ${watchdogMinutes} minutes`);
  void cleanUp().finally(() => process.exit(1));
}, watchdogMinutes * 60_000);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

try {
  const stack = await startStack(cleanups);
  const users = await pooled(maxClients, 4, (n) => signUp(stack.apiUrl, n));
  const baselineClient = new OpenAI({
    apiKey: "bench-key",
    baseURL: stack.model.url,
    maxRetries: 0,
    timeout: turnTimeoutMs,
  });
  console.log(
    `${new Date().toISOString()}  ${describeMachine()}  profile ${profileName}, ${turnsPerLevel} turns per level, tool round trip in ${toolEvery ? `1 of ${toolEvery}` : "no"} turns, database ${remoteDbDelayMs === undefined ? "a local file" : `libSQL over HTTP, ${remoteDbDelayMs} ms a round trip`}`,
  );
  const rows = [];
  for (const clients of levels) {
    rows.push(await measureLevel(stack, users, baselineClient, clients));
    console.log(`measured ${clients} client(s)`);
  }
  const openRows = [];
  for (const rate of rates) {
    openRows.push(await measureRate(stack, users, baselineClient, rate));
    console.log(`measured ${rate} turns/s offered`);
  }
  const soakResult = soakTurns > 0 ? await soak(stack, users, maxClients, soakTurns) : undefined;
  if (rows.length) printLevels(rows, "clients");
  if (openRows.length) printLevels(openRows, "offered");
  printPhases([...rows, ...openRows]);
  printCpu([...rows, ...openRows]);
  if (soakResult) printSoak(soakResult);
  printTargets(rows, soakResult);
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
} finally {
  clearTimeout(watchdog);
  await cleanUp();
}
