import type { Client } from "../db/client.ts";
import type { Embedder } from "./embedder.ts";
import {
  chunksWithoutVectors,
  ensureVectorSpace,
  storeVectors,
  type VectorSpace,
  vectorSpace,
} from "./vectors.ts";

/** Chunks embedded per round: one read, a few embeddings requests, one write transaction. */
const ROUND = 256;

/**
 * Embeds every chunk of the source that has no vector from `embedder`'s model yet, a round at a
 * time, so a run stopped half-way goes on where it stopped. Returns how many it embedded.
 */
export async function embedMissingChunks(options: {
  db: Client;
  embedder: Embedder;
  sourceId: number;
  signal?: AbortSignal;
  onProgress?: (embedded: number) => void;
}): Promise<number> {
  const { db, embedder, sourceId } = options;
  let space: VectorSpace | null = await vectorSpace(db);
  if (space?.model !== embedder.model) space = null;
  let embedded = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const chunks = await chunksWithoutVectors(db, sourceId, space, ROUND);
    if (chunks.length === 0) return embedded;
    const vectors = await embedder.embed(
      chunks.map((chunk) => chunk.text),
      options.signal ? { signal: options.signal } : {},
    );
    const dims = vectors[0]?.length ?? 0;
    if (vectors.length !== chunks.length || vectors.some((v) => v.length !== dims)) {
      throw new Error(`${embedder.model} answered vectors of differing number or dimension`);
    }
    space = { model: embedder.model, dims };
    await ensureVectorSpace(db, space);
    await storeVectors(
      db,
      chunks.map((chunk, i) => ({ chunkId: chunk.id, vector: vectors[i] as Float32Array })),
    );
    embedded += chunks.length;
    options.onProgress?.(embedded);
  }
}
