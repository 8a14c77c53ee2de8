// The overhead Finchat adds to a chat turn: the real Api and Worker as child processes (HTTP, libSQL,
// Redis, the job queue, the run stream, SSE) against the testkit model at zero latency, beside a
// baseline that streams the same answer straight from that model with the openai SDK.
// Usage: npm exec -- node bench/chat.mjs [--turns 600] [--clients 1,16,64] [--rates 100,200,300]
//
// Each turn posts to a fresh conversation created beforehand with a title, so every turn has the same
// (empty) history and makes no title call: generateTitle leaves titled conversations alone. A real
// first turn adds one non-streamed model call between message.completed and run.completed.
// Clients are Node's fetch and the openai SDK (also fetch): one keep-alive pool per origin, and the
// first turns of every level only warm it up. `--rates` adds open-loop levels: turns start at random
// (Poisson) times at each offered rate, whatever is still in flight, spread over the users; `--clients
// ""` measures those alone. BENCH_CPU_PROF=<dir> writes CPU profiles of the Api and
// the Worker there; BENCH_NODE_OPTIONS is passed to both as NODE_OPTIONS (e.g. a --require'd probe).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import OpenAI from "openai";
import { readEvents, startOpenAIServer } from "../packages/testkit/src/index.ts";
import { freePort, startRedisServer, stopChild } from "../scripts/lib/redis-server.ts";
import { startS3Server } from "../scripts/lib/s3-server.ts";
import { prefixLines } from "../scripts/lib/service-process.ts";

const { values } = parseArgs({
  options: {
    turns: { type: "string", default: "600" },
    clients: { type: "string", default: "1,16,64" },
    rates: { type: "string", default: "" },
  },
});
const turnsPerLevel = Number(values.turns);
const numbers = (list) => list.split(",").filter(Boolean).map(Number);
const levels = numbers(values.clients);
const rates = numbers(values.rates);
if (!(turnsPerLevel > 0) || levels.some((n) => !Number.isInteger(n) || n < 1 || n > 100)) {
  throw new Error("--turns must be positive and --clients a list of integers from 1 to 100");
}
if (rates.some((r) => !(r > 0 && r <= 5000)) || levels.length + rates.length === 0) {
  throw new Error("--rates must be turns per second from 1 to 5000, and something must be measured");
}
/** Users to spread the turns over; open-loop levels use as many as the largest closed-loop level. */
const maxClients = Math.max(...levels, rates.length > 0 ? 64 : 1);
const answer = "Revenue rose 12% in Q3, driven by subscriptions, while operating costs stayed flat.";
const question = "How did revenue do in Q3?";
const levelDeadlineMs = 25_000;
const turnTimeoutMs = 15_000;
const targets = { p50AtOne: 5, p99AtSixtyFour: 50 };

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

/** Set once the bench tears its stack down, so that a service's exit is expected from then on. */
let stopping = false;

/**
 * `node <entry>` with this Node, its output prefixed with `label`. A service that exits on its own
 * ends the bench with an error instead of leaving clients to time out turn after turn.
 */
function spawnService(label, entry, env) {
  const profile = process.env.BENCH_CPU_PROF;
  const flags = profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : [];
  const child = spawn(process.execPath, [...flags, entry], {
    cwd: join(import.meta.dirname, ".."),
    env: process.env.BENCH_NODE_OPTIONS ? { ...env, NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  prefixLines(child.stdout, process.stdout, label);
  prefixLines(child.stderr, process.stderr, label);
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
  model.answerForever({ text: answer });
  cleanups.push(() => model.close());

  const [apiPort, workerPort] = [await freePort(), await freePort()];
  const env = {
    PATH: process.env.PATH,
    HOST: "127.0.0.1",
    DATABASE_URL: `file:${join(dir, "finchat.db")}`,
    REDIS_URL: redis.url,
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    OPENAI_BASE_URL: model.url,
    OPENAI_API_KEY: "bench-key",
    LOG_LEVEL: "warn",
    CHAT_CONCURRENCY: String(maxClients),
    DAILY_TOKEN_BUDGET: String(1e12),
    // The bench signs many users up from one address and posts faster than a person would.
    SIGNUP_MAX_PER_IP: String(1e6),
    USER_MAX_MESSAGES: String(1e9),
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
  return { apiUrl, model, pids };
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
async function finchatTurn(apiUrl, headers, conversationId) {
  const postedAt = Date.now();
  const start = performance.now();
  const res = await call(
    `${apiUrl}/api/conversations/${conversationId}/messages`,
    {
      method: "POST",
      headers: { ...headers, accept: "text/event-stream" },
      body: JSON.stringify({ content: question }),
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

/** One streamed completion straight from the model with the SDK: the floor Finchat builds on. */
async function baselineTurn(client) {
  const start = performance.now();
  const stream = await client.chat.completions.create({
    model: "gpt-testkit",
    messages: [{ role: "user", content: question }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let firstDelta;
  let text = "";
  for await (const chunk of stream) {
    const piece = chunk.choices[0]?.delta?.content ?? "";
    if (piece && firstDelta === undefined) firstDelta = performance.now();
    text += piece;
  }
  if (text !== answer) throw new Error(`baseline answer was "${text}"`);
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

/** Runs Finchat's side of a level; its summary and each process's CPU ms per turn it ran. */
async function withCpuPerTurn(pids, run) {
  const before = cpuMs(pids);
  const finchat = summarise(await run());
  const after = cpuMs(pids);
  const cpuPerTurn = Object.fromEntries(
    Object.keys(after).map((name) => [name, (after[name] - before[name]) / finchat.turnsRun]),
  );
  return { finchat, cpuPerTurn };
}

/** Measures the baseline, then Finchat, at one offered rate (open loop), with Finchat's CPU per turn. */
async function measureRate(stack, users, baselineClient, rate) {
  const warm = Math.max(20, Math.ceil(turnsPerLevel / 10));
  const perUser = Math.ceil((warm + turnsPerLevel) / users.length);
  const conversations = await conversationsFor(stack.apiUrl, users, users.length, perUser);
  const baseline = summarise(await driveOpen(() => baselineTurn(baselineClient), rate, turnsPerLevel, warm));
  const measured = await withCpuPerTurn(stack.pids, () =>
    driveOpen(
      (i) => {
        const user = i % users.length;
        return finchatTurn(stack.apiUrl, users[user], conversations[user][Math.floor(i / users.length)]);
      },
      rate,
      turnsPerLevel,
      warm,
    ),
  );
  return { offered: rate, baseline, ...measured };
}

/** Measures the baseline, then Finchat, at one concurrency, with Finchat's CPU per turn. */
async function measureLevel(stack, users, baselineClient, clients) {
  const warmPerClient = Math.max(3, Math.ceil(30 / clients));
  // Slack for clients that run ahead of the others, and for keeping the load on at the end.
  const perClient = warmPerClient + 2 * Math.ceil(turnsPerLevel / clients) + 3;
  const conversations = await conversationsFor(stack.apiUrl, users, clients, perClient);
  const straight = () => baselineTurn(baselineClient);
  const baselineTasks = Array.from({ length: clients }, () => repeat(straight));
  const baseline = summarise(await drive(baselineTasks, turnsPerLevel, warmPerClient));
  const finchatTasks = conversations.map((ids, c) =>
    ids.map((id) => () => finchatTurn(stack.apiUrl, users[c], id)),
  );
  const measured = await withCpuPerTurn(stack.pids, () => drive(finchatTasks, turnsPerLevel, warmPerClient));
  return { clients, baseline, ...measured };
}

// ---- report ---------------------------------------------------------------------------------------

const ms = (n) => (Number.isFinite(n) ? n.toFixed(1).padStart(8) : "     n/a");

/** A level's name in the first column: its client count, or its offered rate ("200/s"). */
const levelName = (row) => (row.offered === undefined ? String(row.clients) : `${row.offered}/s`).padStart(7);

function printLevels(rows, heading) {
  console.log(`\n${heading}  side      turns  turns/s   ttfd p50  ttfd p99  done p50  done p99   (ms)`);
  for (const row of rows) {
    const { baseline, finchat } = row;
    for (const [side, s] of [
      ["baseline", baseline],
      ["finchat", finchat],
    ]) {
      const cells = [s.ttfd.p50, s.ttfd.p99, s.total.p50, s.total.p99].map(ms).join("  ");
      console.log(
        `${levelName(row)}  ${side.padEnd(8)}  ${String(s.turns).padStart(5)}  ${s.rate.toFixed(0).padStart(7)}  ${cells}`,
      );
    }
    const added = [finchat.ttfd.p50 - baseline.ttfd.p50, finchat.ttfd.p99 - baseline.ttfd.p99];
    console.log(`${levelName(row)}  added                     ${added.map(ms).join("  ")}`);
  }
}

function printPhases(rows) {
  console.log(
    "\nwhere the first delta's time goes: ms after the POST was sent, p50 / p99 (stream ids have 1 ms steps)",
  );
  console.log("  level   Api answered   run.started    delta appended  delta received");
  for (const row of rows) {
    const p = row.finchat.phases;
    if (!p) continue;
    const cell = (x) => `${x.p50.toFixed(0).padStart(5)} / ${x.p99.toFixed(0).padEnd(6)}`;
    console.log(
      `${levelName(row)}   ${[p.answered, p.started, p.deltaAppended, p.deltaReceived].map(cell).join("  ")}`,
    );
  }
}

function printCpu(rows) {
  console.log("\nCPU ms per Finchat turn, by process (10 ms ticks over every turn of the level)");
  for (const row of rows) {
    const parts = Object.entries(row.cpuPerTurn).map(([name, v]) => `${name} ${v.toFixed(2)}`);
    const total = Object.values(row.cpuPerTurn).reduce((a, b) => a + b, 0);
    if (parts.length) console.log(`${levelName(row)}   ${parts.join("   ")}   total ${total.toFixed(2)}`);
  }
}

function printTargets(rows) {
  const at = (n) => rows.find((r) => r.clients === n);
  const verdict = (row, pick, limit, label) => {
    if (!row) return console.log(`${label}: not measured`);
    const added = pick(row.finchat.ttfd) - pick(row.baseline.ttfd);
    console.log(
      `${label}: ${added.toFixed(1)} ms (target <= ${limit} ms) ${added <= limit ? "MET" : "MISSED"}`,
    );
  };
  console.log("");
  verdict(at(1), (t) => t.p50, targets.p50AtOne, "added time-to-first-delta p50 at 1 client");
  verdict(at(64), (t) => t.p99, targets.p99AtSixtyFour, "added time-to-first-delta p99 at 64 clients");
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
const watchdog = setTimeout(() => {
  console.error("bench: giving up after 6 minutes");
  void cleanUp().finally(() => process.exit(1));
}, 6 * 60_000);
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
  console.log(`${new Date().toISOString()}  ${describeMachine()}  ${turnsPerLevel} turns per level`);
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
  if (rows.length) printLevels(rows, "clients");
  if (openRows.length) printLevels(openRows, "offered");
  printPhases([...rows, ...openRows]);
  printCpu([...rows, ...openRows]);
  if (rows.length) printTargets(rows);
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
} finally {
  clearTimeout(watchdog);
  await cleanUp();
}
