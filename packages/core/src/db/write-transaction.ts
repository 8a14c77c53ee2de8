import type { Client, Transaction } from "@libsql/client";

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
