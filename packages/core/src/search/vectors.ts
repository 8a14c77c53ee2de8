import type { Client, Queryable } from "../db/client.ts";
import { nowIso } from "../db/timestamps.ts";
import { writeTransaction } from "../db/write-transaction.ts";

/**
 * Chunk vectors in libSQL: `search_vectors (chunk_id, embedding F32_BLOB(<dims>))` with the vector
 * index `search_vectors_idx` (cosine), queried with `vector_top_k`. The table is made for the
 * embedding model in use when its dimension is first known (see migration 0004_search); a change
 * of model or dimension replaces it, and the chunks are embedded again on their next run.
 */

/**
 * The DiskANN index's settings. libSQL's default neighbour count grows with the dimension (about
 * 120 at 1536), which made each insert cost ~30 ms at 1,000 rows; 32 neighbours stored as float8
 * cost a third of that with the same recall@10 in our measurements, while 16 lost most of it.
 */
const INDEX_SETTINGS = "embedding, 'metric=cosine', 'compress_neighbors=float8', 'max_neighbors=32'";

export interface VectorSpace {
  model: string;
  dims: number;
}

export async function vectorSpace(db: Queryable): Promise<VectorSpace | null> {
  const result = await db.execute("SELECT model, dims FROM search_vector_space WHERE id = 1");
  const row = result.rows[0];
  return row ? { model: String(row.model), dims: Number(row.dims) } : null;
}

const sameSpace = (a: VectorSpace | null, b: VectorSpace) => a?.model === b.model && a.dims === b.dims;

/** Makes the vector table hold `space`'s vectors, dropping any of another model or dimension. */
export async function ensureVectorSpace(db: Client, space: VectorSpace): Promise<void> {
  if (!Number.isInteger(space.dims) || space.dims < 1 || space.dims > 65_536) {
    throw new Error(`An embedding of ${space.dims} dimensions cannot be stored`);
  }
  if (sameSpace(await vectorSpace(db), space)) return;
  await writeTransaction(db, async (tx) => {
    if (sameSpace(await vectorSpace(tx), space)) return;
    await tx.execute("DROP INDEX IF EXISTS search_vectors_idx");
    await tx.execute("DROP TABLE IF EXISTS search_vectors");
    await tx.execute(
      `CREATE TABLE search_vectors (
         chunk_id  INTEGER PRIMARY KEY REFERENCES search_chunks (id) ON DELETE CASCADE,
         embedding F32_BLOB(${space.dims}) NOT NULL
       )`,
    );
    await tx.execute(
      `CREATE INDEX search_vectors_idx ON search_vectors (libsql_vector_idx(${INDEX_SETTINGS}))`,
    );
    await tx.execute({
      sql: `INSERT INTO search_vector_space (id, model, dims, created_at) VALUES (1, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET model = excluded.model, dims = excluded.dims,
              created_at = excluded.created_at`,
      args: [space.model, space.dims, nowIso()],
    });
  });
}

/** The chunks of a source that have no vector in `space` yet (all of them when the space differs). */
export async function chunksWithoutVectors(
  db: Queryable,
  sourceId: number,
  space: VectorSpace | null,
  limit: number,
): Promise<{ id: number; text: string }[]> {
  const current = await vectorSpace(db);
  const stored = space !== null && sameSpace(current, space);
  const result = await db.execute({
    sql: stored
      ? `SELECT c.id, c.text FROM search_chunks c JOIN search_files f ON f.id = c.file_id
         LEFT JOIN search_vectors v ON v.chunk_id = c.id
         WHERE f.source_id = ? AND v.chunk_id IS NULL ORDER BY c.id LIMIT ?`
      : `SELECT c.id, c.text FROM search_chunks c JOIN search_files f ON f.id = c.file_id
         WHERE f.source_id = ? ORDER BY c.id LIMIT ?`,
    args: [sourceId, limit],
  });
  return result.rows.map((row) => ({ id: Number(row.id), text: String(row.text) }));
}

/** The vector as the F32_BLOB column stores it (little-endian float32). */
export function vectorBlob(vector: Float32Array): Uint8Array {
  return new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Stores vectors; a chunk deleted meanwhile (a concurrent run) is skipped. */
export async function storeVectors(
  db: Client,
  rows: readonly { chunkId: number; vector: Float32Array }[],
): Promise<void> {
  await writeTransaction(db, async (tx) => {
    for (const row of rows) {
      await tx.execute({
        sql: `INSERT OR REPLACE INTO search_vectors (chunk_id, embedding)
              SELECT id, ? FROM search_chunks WHERE id = ?`,
        args: [vectorBlob(row.vector), row.chunkId],
      });
    }
  });
}

/**
 * The `k` chunks nearest to `vector` by cosine distance, limited to `labels` (all sources when
 * null). The index is approximate and unaware of the source filter, so it is asked for more than
 * `k` and filtered afterwards.
 */
export async function nearestChunks(
  db: Queryable,
  vector: Float32Array,
  k: number,
  labels: readonly string[] | null,
): Promise<number[]> {
  const filter = labels ? `AND s.label IN (${labels.map(() => "?").join(", ")})` : "";
  const result = await db.execute({
    sql: `SELECT t.id AS chunk_id, vector_distance_cos(v.embedding, ?) AS distance
          FROM vector_top_k('search_vectors_idx', ?, ?) AS t
          JOIN search_vectors v ON v.chunk_id = t.id
          JOIN search_chunks c ON c.id = t.id
          JOIN search_files f ON f.id = c.file_id
          JOIN search_sources s ON s.id = f.source_id
          WHERE 1 = 1 ${filter}
          ORDER BY distance LIMIT ?`,
    args: [vectorBlob(vector), vectorBlob(vector), k * 4, ...(labels ?? []), k],
  });
  return result.rows.map((row) => Number(row.chunk_id));
}
