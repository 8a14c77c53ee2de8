import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { type Client, createClient, type Transaction } from "@libsql/client";
import { FifoLock } from "./fifo-lock.ts";
import { SerializedClient } from "./serialized-client.ts";

export type { Client, Transaction } from "@libsql/client";

/** How long a writer waits for another process's lock before SQLITE_BUSY (and for the in-process queue). */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Per-connection settings for local files.
 *
 * `synchronous = FULL`: in WAL mode this fsyncs the log at every commit, so a write we have
 * acknowledged survives a power cut or kernel crash. NORMAL would be faster but may roll back the
 * last commits after a power loss — a message or an approval silently gone, which a finance team
 * must never see. EXTRA adds nothing in WAL mode (it only syncs the directory of a rollback
 * journal). One fsync per commit is cheap at a chat application's write rate.
 */
const CONNECTION_PRAGMAS = {
  journal_mode: "wal",
  synchronous: 2, // FULL
  foreign_keys: 1,
  busy_timeout: BUSY_TIMEOUT_MS,
} as const;

/** One lock per database file per process, shared by every client that opens the file. */
const fileLocks = new Map<string, FifoLock>();

/**
 * Opens the database. Remote URLs (`libsql:`, `http(s):`, `ws(s):`) get the plain client: the
 * server owns locking and durability. A `file:` URL gets its parent directory created, WAL,
 * `synchronous=FULL`, foreign keys and a busy timeout, and an in-process write queue (see
 * {@link SerializedClient}).
 *
 * The local driver keeps a pool of connections and opens new ones lazily (for instance while a
 * transaction holds the first), so a `PRAGMA` sent through `execute` reaches only whichever
 * connection served it. We therefore give the client a single connection (every operation is
 * serialised anyway, so more would never be used), set the pragmas on it, re-apply them after
 * `reconnect()`, and also pass `timeout`, which the driver applies to every connection it opens.
 * Should the driver ever replace a broken connection on its own, libSQL's compiled-in defaults
 * (foreign keys on, synchronous FULL; asserted by the tests) still hold.
 */
export async function openDatabase(cfg: { url: string; authToken?: string }): Promise<Client> {
  const path = localPath(cfg.url);
  if (path === null) return createClient({ url: cfg.url, authToken: cfg.authToken });

  const inMemory = path === ":memory:";
  if (!inMemory) await mkdir(dirname(path), { recursive: true });
  const inner = createClient({ url: cfg.url, timeout: BUSY_TIMEOUT_MS, concurrency: 1 });
  const client = new SerializedClient(inner, {
    lock: inMemory ? new FifoLock() : lockFor(path),
    lockTimeoutMs: BUSY_TIMEOUT_MS,
    prepareConnection: (c) => applyPragmas(c, { wal: !inMemory }),
  });
  try {
    await client.execute("SELECT 1");
  } catch (err) {
    client.close();
    throw err;
  }
  return client;
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
  const { journal_mode, ...perConnection } = CONNECTION_PRAGMAS;
  if (options.wal) {
    const mode = await readPragma(client, `journal_mode = ${journal_mode}`);
    if (mode !== journal_mode) throw new Error(`Could not switch the database to WAL (got ${String(mode)})`);
  }
  for (const [name, value] of Object.entries(perConnection)) {
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
