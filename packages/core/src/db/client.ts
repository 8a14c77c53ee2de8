import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { type Client, createClient, type Transaction } from "@libsql/client";
import type { Logger } from "../observability/logger.ts";
import { FifoLock } from "./fifo-lock.ts";
import { FileClient } from "./file-client.ts";
import { SerializedClient } from "./serialized-client.ts";
import { replacingNul } from "./text-values.ts";
import { waitForDatabase } from "./wait.ts";
import { type WalFiles, WalSync } from "./wal-sync.ts";
import { WriteLockProbe } from "./write-lock-probe.ts";

export type { Client, Transaction } from "@libsql/client";

/** How long a writer waits for another process's lock before SQLITE_BUSY (and for the in-process queue). */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Per-connection settings for local files.
 *
 * Durability: an acknowledged write must survive a power cut or kernel crash — a message or an
 * approval silently gone is what a finance team must never see. In WAL mode `synchronous = FULL`
 * gives that by fsyncing the log inside every COMMIT, on the event loop (the driver is
 * synchronous), which stalls every request of the process for each commit. We run `NORMAL`, which
 * differs from FULL only in skipping that per-commit sync (the log is still synced before each
 * checkpoint and when it is reused), and sync the log ourselves after each commit on the thread
 * pool ({@link WalSync}); a write resolves only after that, so what callers see acknowledged is on
 * disk, exactly as with FULL.
 *
 * Waits for another process's write lock (the Api and the Worker share the file) happen on a
 * timer before each write ({@link WriteLockProbe}); `busy_timeout` only covers the rare race after.
 */
function connectionPragmas(options: { wal: boolean }) {
  return {
    synchronous: options.wal ? 1 : 2, // NORMAL + WalSync for files, FULL otherwise
    foreign_keys: 1,
    busy_timeout: BUSY_TIMEOUT_MS,
  };
}

/** One lock per database file per process, shared by every client that opens the file. */
const fileLocks = new Map<string, FifoLock>();

/**
 * Opens the database. Remote URLs (`libsql:`, `http(s):`, `ws(s):`) get the plain client, checked
 * with one query: the server owns locking and durability; only NUL in bound text is replaced, as
 * for local files ({@link replacingNul}). A `file:` URL gets its parent directory created, WAL,
 * `synchronous=NORMAL` with commits synced off the event loop, foreign keys, waits for other
 * processes' locks on a timer, and an in-process write queue (see {@link SerializedClient} and the pragmas above).
 *
 * A local file is served by one connection of the libsql driver with its statements prepared once
 * ({@link FileClient}): every operation is serialised anyway, so more connections would never be
 * used. The pragmas are set on it, and set again after `reconnect()`, which opens a new one.
 *
 * `options.walFiles` replaces the file system WalSync syncs through, for tests that inject faults.
 * `options.waitMs` is how long a remote server may take to answer before opening fails (0: one try).
 */
export async function openDatabase(
  cfg: { url: string; authToken?: string; concurrency?: number },
  options: { walFiles?: WalFiles; waitMs?: number; logger?: Logger } = {},
): Promise<Client> {
  const path = localPath(cfg.url);
  if (path === null) return replacingNul(await openRemote(cfg, options));

  const inMemory = path === ":memory:";
  if (!inMemory) await mkdir(dirname(path), { recursive: true });
  const inner = new FileClient(path, { timeoutMs: BUSY_TIMEOUT_MS });
  const client = new SerializedClient(inner, {
    lock: inMemory ? new FifoLock() : lockFor(path),
    lockTimeoutMs: BUSY_TIMEOUT_MS,
    prepareConnection: (c) => applyPragmas(c, { wal: !inMemory }),
    ...(inMemory
      ? {}
      : { walSync: new WalSync(path, { files: options.walFiles }), writeLock: new WriteLockProbe(path) }),
  });
  try {
    await client.execute("SELECT 1");
  } catch (err) {
    client.close();
    throw err;
  }
  return client;
}

/**
 * A remote server is asked at open, retried with backoff for up to `waitMs` (a deployed Api or
 * Worker can start while sqld is still starting or being replaced), so a wrong address or token
 * stops start-up with a message naming the server (never the token), instead of surfacing at the
 * first request a user makes.
 */
async function openRemote(
  cfg: { url: string; authToken?: string; concurrency?: number },
  options: { waitMs?: number; logger?: Logger },
): Promise<Client> {
  const client = createClient({
    url: cfg.url,
    authToken: cfg.authToken,
    ...(cfg.concurrency ? { concurrency: cfg.concurrency } : {}),
  });
  try {
    await waitForDatabase(client, { timeoutMs: options.waitMs ?? 0, logger: options.logger });
  } catch (err) {
    client.close();
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Cannot use the database at ${displayUrl(cfg.url)} (DATABASE_URL): ${reason}`, {
      cause: err,
    });
  }
  return client;
}

/** The URL without its query (where an `authToken` may be) or credentials. */
function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  } catch {
    return "(an unparsable URL)";
  }
}

/** The file path of a `file:` URL (relative paths resolve against the working directory), else null. */
export function localPath(url: string): string | null {
  if (!url.startsWith("file:")) return null;
  let rest = url.slice("file:".length).split("?")[0] ?? "";
  if (rest.startsWith("//")) rest = rest.slice(rest.indexOf("/", 2));
  rest = decodeURIComponent(rest);
  return rest === ":memory:" ? rest : resolve(rest);
}

function lockFor(path: string): FifoLock {
  let lock = fileLocks.get(path);
  if (!lock) {
    lock = new FifoLock();
    fileLocks.set(path, lock);
  }
  return lock;
}

async function applyPragmas(client: Client, options: { wal: boolean }): Promise<void> {
  if (options.wal) {
    const mode = await readPragma(client, "journal_mode = wal");
    if (mode !== "wal") throw new Error(`Could not switch the database to WAL (got ${String(mode)})`);
  }
  for (const [name, value] of Object.entries(connectionPragmas(options))) {
    await client.execute(`PRAGMA ${name} = ${value}`);
    const actual = await readPragma(client, name);
    if (actual !== value) throw new Error(`PRAGMA ${name} is ${String(actual)}, expected ${value}`);
  }
}

async function readPragma(client: Client, pragma: string): Promise<unknown> {
  const result = await client.execute(`PRAGMA ${pragma}`);
  return result.rows[0]?.[0];
}

/** Anything that runs statements: the client itself or an open transaction. */
export type Queryable = Client | Transaction;
