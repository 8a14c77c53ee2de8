import type { Client } from "../db/client.ts";
import type { Logger } from "../observability/logger.ts";
import type { RepoFile, RepoReader } from "../repo/types.ts";
import { chunkFile } from "./chunk.ts";
import { embedMissingChunks } from "./embed-missing.ts";
import type { Embedder } from "./embedder.ts";
import {
  deleteFiles,
  ensureSource,
  type FileToWrite,
  finishRepositoryRun,
  indexedFiles,
  writeFiles,
} from "./store.ts";

export interface IndexProgress {
  phase: "read" | "embed";
  done: number;
  total: number;
}

export interface IndexRepositoryOptions {
  db: Client;
  reader: RepoReader;
  /** When set, chunks without a vector from its model are embedded. */
  embedder?: Embedder | undefined;
  logger: Logger;
  onProgress?: (progress: IndexProgress) => void;
  signal?: AbortSignal;
  /** Files read at the same time (default 8). */
  concurrency?: number;
}

export interface RepositoryIndexResult {
  label: string;
  commitSha: string;
  /** Files the snapshot lists. */
  files: number;
  /** Files read because their (path, blob SHA) was not indexed yet. */
  filesRead: number;
  /** Files read that turned out to be binary or not UTF-8 (indexed without chunks). */
  filesUnreadable: number;
  /** Indexed files no longer in the snapshot, removed with their chunks. */
  filesRemoved: number;
  chunksAdded: number;
  chunksRemoved: number;
  embedded: number;
}

/** Files per write transaction: a stopped run keeps what it finished. */
const WRITE_BATCH = 32;

/**
 * Brings the index of one repository up to date with the reader's snapshot, incrementally by blob
 * SHA: a file whose (path, blob SHA) is indexed is neither read, chunked nor embedded again; a
 * changed file's old chunks are replaced in the same transaction as its new ones; files gone from
 * the snapshot are removed. Citations then name the snapshot's commit.
 */
export async function indexRepository(options: IndexRepositoryOptions): Promise<RepositoryIndexResult> {
  const { db, reader, signal } = options;
  const snapshot = await reader.snapshot();
  const source = await ensureSource(db, snapshot.source.kind, snapshot.label);
  const known = await indexedFiles(db, source.id);
  const listed = new Set(snapshot.files.map((file) => file.path));
  const gone = [...known].filter(([path]) => !listed.has(path)).map(([, file]) => file.id);
  const result: RepositoryIndexResult = {
    label: snapshot.label,
    commitSha: snapshot.commitSha,
    files: snapshot.files.length,
    filesRead: 0,
    filesUnreadable: 0,
    filesRemoved: gone.length,
    chunksAdded: 0,
    chunksRemoved: await deleteFiles(db, gone),
    embedded: 0,
  };
  const toRead = snapshot.files.filter((file) => known.get(file.path)?.blobSha !== file.blobSha);
  for (let i = 0; i < toRead.length; i += WRITE_BATCH) {
    signal?.throwIfAborted();
    const batch = toRead.slice(i, i + WRITE_BATCH);
    const texts = await mapConcurrently(batch, options.concurrency ?? 8, (file) => reader.readText(file));
    const files: FileToWrite[] = batch.map((file, j) =>
      toFileToWrite(file, texts[j] ?? null, snapshot.commitSha),
    );
    const written = await writeFiles(db, source.id, files);
    result.filesRead += batch.length;
    result.filesUnreadable += texts.filter((text) => text === null).length;
    result.chunksAdded += written.added;
    result.chunksRemoved += written.removed;
    options.onProgress?.({ phase: "read", done: result.filesRead, total: toRead.length });
  }
  if (options.embedder) {
    result.embedded = await embedMissingChunks({
      db,
      embedder: options.embedder,
      sourceId: source.id,
      ...(signal ? { signal } : {}),
      onProgress: (done) =>
        options.onProgress?.({ phase: "embed", done, total: Math.max(done, result.chunksAdded) }),
    });
  }
  await finishRepositoryRun(db, source.id, { ref: snapshot.ref, commitSha: snapshot.commitSha });
  options.logger.info({ ...result }, "repository indexed");
  return result;
}

function toFileToWrite(file: RepoFile, text: string | null, commitSha: string): FileToWrite {
  return {
    path: file.path,
    blobSha: file.blobSha,
    commitSha,
    chunks: text === null ? [] : chunkFile(file.path, text),
  };
}

/** `work` over `items` with at most `limit` running at once; results in input order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
