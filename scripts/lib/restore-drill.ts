import { rm } from "node:fs/promises";
import { join } from "node:path";
import { RestoreError, restoreBackup } from "@finchat/core/backup/restore";
import { enqueueBackup } from "@finchat/core/backup/schedule";
import { backupPrefix } from "@finchat/core/backup/take-backup";
import { migrate, openDatabase, Runs } from "@finchat/core/db";
import { createBlobStore, createS3Client } from "@finchat/core/storage/blob-store";
import { createProducer } from "@finchat/jobs";
import {
  type ChatRequest,
  type OpenAIServer,
  readEvents,
  startOpenAIServer,
  type Turn,
} from "@finchat/testkit";
import { createClient } from "@libsql/client";
import { startRedisServer } from "./redis-server.ts";
import { startS3Server } from "./s3-server.ts";
import type { ServiceOutput } from "./service-process.ts";
import { launchTopology, type Topology } from "./topology.ts";

export interface DrillOptions {
  /** The repository root (services run from here). */
  root: string;
  /** A new directory for everything the drill starts; the caller removes it. */
  dir: string;
  /** haproxy's port, the same before and after the restore. */
  port: number;
  /** The launcher's environment (PATH, log level, ...); the drill adds the addresses it starts. */
  env: NodeJS.ProcessEnv;
  output: ServiceOutput;
  /** Conversations (one chat turn each) written through haproxy before the snapshot; default 5. */
  conversations?: number;
  /** Messages seeded into the database file before the topology starts (50 per conversation), for size; default 0. */
  seedMessages?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface DrillCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface DrillReport {
  snapshot: { key: string; bytes: number; takenMs: number };
  /** Written through haproxy before the snapshot, and after it (lost by the restore). */
  before: { users: number; conversations: number; messages: number };
  /** Seeded into the file before the start (part of the snapshot, not written through haproxy). */
  seeded: { conversations: number; messages: number };
  after: { users: number; conversations: number; messages: number; writtenMs: number };
  /** Unfinished runs the restored file held, as `npm run restore` reports them. */
  unfinishedInSnapshot: number;
  timings: {
    /** Loss to every Api and Worker stopped (not part of the recovery time). */
    stopMs: number;
    /** Download, checksum, integrity_check and row counts (restoreBackup). */
    restoreMs: number;
    /** Restore started → haproxy's /health/ready answers 200 (fresh database server, Apis, Workers). */
    readyMs: number;
    /** Restore started → a password sign-in through haproxy answered 200. */
    signInMs: number;
    /** Restore started → the snapshot's unfinished run completed, resent by the reconciler. */
    settledMs: number;
  };
  checks: DrillCheck[];
  ok: boolean;
}

const password = "correct horse battery";
const holdQuestion = "Summarise the quarter close (held)";
type Session = { cookie: string; csrf: string };

/**
 * The recovery drill on the local production topology (2 Apis + 2 Workers behind haproxy, the
 * libSQL server as its own process): data through haproxy, a snapshot taken by a Worker's backup
 * job, more data, the database server stopped and its file deleted, the newest snapshot restored
 * into a fresh database server, the Apis and Workers started on it, and checks of what survived,
 * what was lost and that the reconciler settled the run the snapshot caught mid-way. Redis and S3
 * are started here and outlive the loss, as they do on a deployed stage.
 */
export async function runRestoreDrill(options: DrillOptions): Promise<DrillReport> {
  const log = options.log ?? (() => {});
  const checks: DrillCheck[] = [];
  const check = (name: string, ok: boolean, detail = "") => {
    checks.push({ name, ok, detail });
    log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
  };
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const redis = await startRedisServer({ dataDir: join(options.dir, "redis"), detached: true });
    cleanups.push(() => redis.stop());
    const s3 = await startS3Server(join(options.dir, "s3"), "finchat-drill");
    cleanups.push(() => s3.stop());
    const gate = Promise.withResolvers<void>();
    const held = Promise.withResolvers<void>();
    const model = await startOpenAIServer();
    cleanups.push(() => model.close());
    answerModel(model, gate.promise, held.resolve);
    const s3Client = createS3Client({
      endpoint: s3.endpoint,
      bucket: s3.bucket,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    cleanups.push(async () => s3Client.destroy());
    const blobs = createBlobStore(s3Client, s3.bucket);
    const env: NodeJS.ProcessEnv = {
      ...options.env,
      REDIS_URL: redis.url,
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
      OPENAI_BASE_URL: model.url,
      OPENAI_API_KEY: "drill",
      // The drill restores a snapshot seconds old: the reconciler's pass at Worker start must not
      // leave its runs to the Api that may still be sending them (2 minutes by default).
      RECONCILE_GRACE_MS: "0",
      // One person writes every turn of the drill within a minute.
      USER_MAX_MESSAGES: "10000",
    };
    delete env.DATABASE_URL;
    const start = async (name: string): Promise<Topology> => {
      const topology = await launchTopology({
        root: options.root,
        dataDir: join(options.dir, name),
        env,
        port: options.port,
        output: options.output,
        readyTimeoutMs: 90_000,
      });
      cleanups.push(async () => {
        topology.stop("drill over");
        await topology.done;
      });
      await topology.ready;
      return topology;
    };
    const http = client(`http://127.0.0.1:${options.port}`);

    // 1. The topology with data written through haproxy.
    const seeded = await seed(join(options.dir, "before", "finchat.db"), options.seedMessages ?? 0);
    if (seeded.messages > 0)
      log(`seeded ${seeded.messages} messages in ${seeded.conversations} conversations`);
    log("starting the topology (2 Apis, 2 Workers, haproxy, libSQL server)");
    const before = await start("before");
    const alice = await http.signUpAndIn("alice@example.com");
    const kept: { id: string; messages: unknown }[] = [];
    for (let i = 0; i < (options.conversations ?? 5); i++) {
      const id = await http.conversation(alice);
      await http.turn(alice, id, `How did revenue do in quarter ${i + 1}?`);
      kept.push({ id, messages: await http.messages(alice, id) });
    }
    const beforeCount = {
      users: 1,
      conversations: kept.length,
      messages: kept.reduce((n, c) => n + (c.messages as unknown[]).length, 0),
    };
    log(`written before the snapshot: ${JSON.stringify(beforeCount)}`);
    // A run the snapshot catches mid-way: its model answer is held until the snapshot is stored.
    const heldConversation = await http.conversation(alice);
    const heldRun = await http.post(alice, heldConversation, holdQuestion);
    await held.promise;

    // 2. A snapshot taken the way a deployed stage takes it: a Worker's backup job.
    const asked = Date.now();
    const producer = createProducer(redis.url, { prefix: env.QUEUE_PREFIX || "finchat" });
    await enqueueBackup(producer, new Date().toISOString());
    await producer.close();
    // Done when the job has recorded it (after the upload), read from the database as the Api would.
    const connection = before.database.connection();
    if (!connection) throw new Error("the database server did not start");
    const database = createClient(connection);
    const snapshot = await waitFor(
      async () => {
        const recorded = await database.execute({
          sql: "SELECT key, bytes FROM backups WHERE created_at >= ? ORDER BY created_at DESC LIMIT 1",
          args: [new Date(asked).toISOString()],
        });
        const row = recorded.rows[0];
        return row ? { key: String(row.key), bytes: Number(row.bytes) } : undefined;
      },
      60_000,
      "the backup job's snapshot",
    ).finally(() => database.close());
    const takenMs = Date.now() - asked;
    log(`snapshot ${snapshot.key} (${snapshot.bytes} bytes) stored ${takenMs} ms after it was asked for`);

    // 3. Written after the snapshot: lost by the restore.
    const afterStarted = Date.now();
    gate.resolve();
    const heldFinal = await readEvents(heldRun, terminal);
    check("the held run completes before the loss", heldFinal.at(-1)?.event === "run.completed");
    const runId = heldRun.headers.get("x-run-id") as string;
    const bob = await http.signUpAndIn("bob@example.com");
    const bobConversation = await http.conversation(bob);
    await http.turn(bob, bobConversation, "How did revenue do this week?");
    const aliceLate = await http.conversation(alice);
    await http.turn(alice, aliceLate, "How did revenue do today?");
    const afterCount = {
      users: 1,
      conversations: 2,
      messages:
        (await http.messages(bob, bobConversation)).length +
        (await http.messages(alice, aliceLate)).length +
        1, // the held run's answer
      writtenMs: Date.now() - afterStarted,
    };
    log(`written after the snapshot: ${JSON.stringify(afterCount)}`);

    // 4. The loss: the database server stops and its file is deleted.
    const lost = Date.now();
    await before.database.stop();
    await waitFor(
      async () => (await http.status("/health/ready")) === 503 || undefined,
      15_000,
      "readiness 503",
    );
    check("readiness through haproxy answers 503 once the database is gone", true);
    for (const suffix of ["", "-wal", "-shm"]) await rm(`${before.database.file}${suffix}`, { force: true });
    before.stop("the database was lost");
    await before.done;
    const stopMs = Date.now() - lost;

    // 5. Recovery: the newest snapshot into a fresh database server, then the Apis and Workers.
    const restoreStarted = performance.now();
    const newest = (await blobs.list(backupPrefix)).filter((o) => o.key.endsWith(".db")).at(-1);
    if (!newest) throw new RestoreError("no snapshot in the bucket");
    check("the newest snapshot is the one the backup job stored", newest.key === snapshot.key, newest.key);
    const restored = await restoreBackup(blobs, newest.key, join(options.dir, "after", "finchat.db"));
    const restoreMs = Math.round(performance.now() - restoreStarted);
    const unfinished = await countUnfinished(restored.path);
    // The held conversation and its question are in the snapshot too.
    const expected = {
      conversations: seeded.conversations + beforeCount.conversations + 1,
      messages: seeded.messages + beforeCount.messages + 1,
    };
    const counted = {
      conversations: restored.rowCounts.conversations,
      messages: restored.rowCounts.messages,
    };
    check(
      "the restored file holds exactly the snapshot's rows",
      equal(counted, expected),
      JSON.stringify(counted),
    );
    log(`restored ${restored.bytes} bytes in ${restoreMs} ms; unfinished runs: ${unfinished}`);
    await start("after");
    const readyMs = Math.round(performance.now() - restoreStarted);
    const aliceAgain = await http.signIn("alice@example.com");
    const signInMs = Math.round(performance.now() - restoreStarted);

    // 6. Checks.
    check("sign-in through haproxy works", aliceAgain !== null);
    if (!aliceAgain) throw new Error("alice cannot sign in after the restore");
    const survived = await Promise.all(
      kept.map(async (c) => equal(await http.messages(aliceAgain, c.id), c.messages)),
    );
    check(
      "everything written before the snapshot is there",
      survived.every(Boolean),
      `${survived.filter(Boolean).length}/${kept.length} conversations, messages identical`,
    );
    check("the snapshot held the run it caught mid-way as unfinished", unfinished >= 1, `${unfinished}`);
    const settled = await waitFor(
      async () => {
        const run = await http.run(aliceAgain, runId);
        return run.status === "completed" || run.status === "failed" ? run : undefined;
      },
      30_000,
      "the unfinished run to settle",
    );
    const settledMs = Math.round(performance.now() - restoreStarted);
    const heldMessages = (await http.messages(aliceAgain, heldConversation)) as { role: string }[];
    check(
      "the reconciler settled it: resent at Worker start and answered",
      settled.status === "completed" && heldMessages.some((m) => m.role === "assistant"),
      `${settled.status}, ${heldMessages.length} messages`,
    );
    check(
      "data written after the snapshot is lost: bob cannot sign in",
      (await http.signIn("bob@example.com")) === null,
    );
    check(
      "data written after the snapshot is lost: alice's later conversation is gone",
      (await http.status(`/api/conversations/${aliceLate}`, aliceAgain)) === 404,
    );
    const report: DrillReport = {
      snapshot: { key: snapshot.key, bytes: restored.bytes, takenMs },
      before: beforeCount,
      seeded,
      after: afterCount,
      unfinishedInSnapshot: unfinished,
      timings: { stopMs, restoreMs, readyMs, signInMs, settledMs },
      checks,
      ok: checks.every((c) => c.ok),
    };
    return report;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  }
}

/** The model: titles, quick answers, and the held question, whose answer waits for `gate`. */
function answerModel(model: OpenAIServer, gate: Promise<void>, onHeld: () => void): void {
  model.answerForever(async (request: ChatRequest): Promise<Turn> => {
    const messages = request.body.messages;
    if (String(messages[0]?.content).startsWith("Write a title")) return { text: "Quarter close" };
    const question = String(messages.findLast((m) => m.role === "user")?.content);
    if (question === holdQuestion) {
      onHeld();
      await gate;
      return { text: "The close finished on day 4.", chunkSize: 4 };
    }
    return { text: "Revenue rose 12%.", chunkSize: 4 };
  });
}

const terminal = (e: { event: string }) => e.event === "run.completed" || e.event === "run.failed";

const equal = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A migrated database file with `messages` filler messages, 50 to a conversation, of one extra user. */
export async function seed(
  path: string,
  messages: number,
): Promise<{ conversations: number; messages: number }> {
  if (messages <= 0) return { conversations: 0, messages: 0 };
  const conversations = Math.ceil(messages / 50);
  const db = await openDatabase({ url: `file:${path}` });
  try {
    await migrate(db);
    const now = new Date().toISOString();
    await db.execute({
      sql: "INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES ('seed', 'seed@example.com', 'Seed', 'x', 'member', ?)",
      args: [now],
    });
    await db.execute({
      sql: `WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
            INSERT INTO conversations (id, user_id, title, created_at, updated_at)
            SELECT 'seed-c' || i, 'seed', 'Ledger review ' || i, ?, ? FROM k`,
      args: [conversations, now, now],
    });
    await db.execute({
      sql: `WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < ? - 1)
            INSERT INTO messages (id, conversation_id, role, content, created_at)
            SELECT 'seed-m' || i, 'seed-c' || (i / 50 + 1), CASE i % 2 WHEN 0 THEN 'user' ELSE 'assistant' END,
                   printf('Account %d moved %d.%02d in period %d against budget line %d; the variance is explained in ticket FIN-%d and the %s close notes. ', i % 997, i % 10007, i % 100, i % 12 + 1, i % 313, i % 4999, CASE i % 3 WHEN 0 THEN 'monthly' WHEN 1 THEN 'quarterly' ELSE 'annual' END) || substr(printf('%.300c', 'x'), 1, 150),
                   ? FROM k`,
      args: [messages, now],
    });
  } finally {
    db.close();
  }
  return { conversations, messages };
}

async function countUnfinished(path: string): Promise<number> {
  const db = createClient({ url: `file:${path}` });
  try {
    return Object.values(await Runs.countUnfinished(db)).reduce((sum, n) => sum + (n ?? 0), 0);
  } finally {
    db.close();
  }
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Requests through haproxy, as a browser makes them. */
function client(base: string) {
  const call = (path: string, init: RequestInit & { session?: Session; timeoutMs?: number } = {}) => {
    const headers = new Headers(init.headers);
    if (init.session) {
      headers.set("cookie", init.session.cookie);
      headers.set("x-csrf-token", init.session.csrf);
    }
    if (init.body) headers.set("content-type", "application/json");
    return fetch(`${base}${path}`, {
      ...init,
      headers,
      signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
    });
  };
  const json = async <T>(res: Response, want = 200): Promise<T> => {
    if (res.status !== want) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const signIn = async (email: string): Promise<Session | null> => {
    const login = await call("/api/auth/login", {
      method: "POST",
      body: JSON.stringify({ email, password }),
    });
    await login.body?.cancel();
    if (login.status !== 200) return null;
    const cookie = /finchat_session=[^;]+/.exec(login.headers.get("set-cookie") ?? "")?.[0];
    if (!cookie) throw new Error("no session cookie");
    const me = await json<{ csrfToken: string }>(await call("/api/me", { headers: { cookie } }));
    return { cookie, csrf: me.csrfToken };
  };
  const post = async (session: Session, conversationId: string, content: string) => {
    const res = await call(`/api/conversations/${conversationId}/messages`, {
      method: "POST",
      body: JSON.stringify({ content }),
      headers: { accept: "text/event-stream" },
      session,
      // The held run's stream stays open while the snapshot is taken.
      timeoutMs: 10 * 60_000,
    });
    if (res.status !== 200 && res.status !== 201 && res.status !== 202)
      throw new Error(`posting a message: ${res.status} ${await res.text()}`);
    return res;
  };
  return {
    signIn,
    post,
    async signUpAndIn(email: string): Promise<Session> {
      const signup = await call("/api/auth/signup", {
        method: "POST",
        body: JSON.stringify({ email, password, name: email.split("@")[0] }),
      });
      await json(signup, 202);
      const session = await signIn(email);
      if (!session) throw new Error(`${email} cannot sign in after signing up`);
      return session;
    },
    async conversation(session: Session): Promise<string> {
      return (
        await json<{ id: string }>(
          await call("/api/conversations", { method: "POST", body: "{}", session }),
          201,
        )
      ).id;
    },
    async turn(session: Session, conversationId: string, content: string): Promise<void> {
      const events = await readEvents(await post(session, conversationId, content), terminal);
      if (events.at(-1)?.event !== "run.completed")
        throw new Error(`a chat turn ended with ${events.at(-1)?.event}`);
    },
    async messages(session: Session, conversationId: string): Promise<unknown[]> {
      const res = await call(`/api/conversations/${conversationId}`, { session });
      return (await json<{ messages: unknown[] }>(res)).messages;
    },
    async run(session: Session, runId: string): Promise<{ status: string }> {
      return json(await call(`/api/runs/${runId}`, { session }));
    },
    async status(path: string, session?: Session): Promise<number> {
      const res = await call(path, { session });
      await res.body?.cancel();
      return res.status;
    },
  };
}
