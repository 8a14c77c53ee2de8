import type { Client, Transaction } from "@libsql/client";
import { commitAlongside } from "./serialized-client.ts";

/**
 * Runs `work` in a write transaction (BEGIN IMMEDIATE, so the write lock is taken up front and
 * a concurrent writer waits on the busy timeout instead of failing on upgrade). Commits when
 * `work` resolves; rolls back when it throws.
 */
export async function writeTransaction<T>(db: Client, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const tx = await db.transaction("write");
  try {
    const result = await work(tx);
    await tx.commit();
    return result;
  } finally {
    tx.close();
  }
}

/**
 * {@link writeTransaction}, then `alongside(result)` as soon as the commit is visible to other
 * processes, while it is made durable; resolves with both results once both are done. For work
 * that may act on the new rows before they are on disk (send a job that reads them) but whose own
 * caller must not hear back before.
 */
export async function writeTransactionAlongside<T, U>(
  db: Client,
  work: (tx: Transaction) => Promise<T>,
  alongside: (result: T) => Promise<U>,
): Promise<[T, U]> {
  const tx = await db.transaction("write");
  try {
    const result = await work(tx);
    return [result, await commitAlongside(tx, () => alongside(result))];
  } finally {
    tx.close();
  }
}
