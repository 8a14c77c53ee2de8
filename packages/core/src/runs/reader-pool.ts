import type { Redis } from "ioredis";

/**
 * Connections for blocking stream reads (XREAD BLOCK holds its connection while it waits). Opening
 * one per event stream costs a TCP and RESP handshake per chat turn, so idle readers are kept for
 * the next stream. A reader interrupted mid-read (client gone, draining) is closed, not returned.
 */
export interface ReaderPool {
  acquire(): Redis;
  /** Returns a reader whose last read completed; beyond `maxIdle` it is closed instead. */
  release(reader: Redis): void;
  /** Closes a reader that may still be blocked in a read. */
  discard(reader: Redis): void;
  close(): void;
}

export function createReaderPool(source: Redis, maxIdle = 32): ReaderPool {
  const idle: Redis[] = [];
  let closed = false;
  return {
    acquire() {
      const reader = idle.pop();
      if (reader && reader.status === "ready") return reader;
      reader?.disconnect();
      return source.duplicate({
        enableOfflineQueue: true,
        commandTimeout: undefined,
        maxRetriesPerRequest: null,
      });
    },
    release(reader) {
      if (closed || idle.length >= maxIdle || reader.status !== "ready") reader.disconnect();
      else idle.push(reader);
    },
    discard(reader) {
      reader.disconnect();
    },
    close() {
      closed = true;
      for (const reader of idle.splice(0)) reader.disconnect();
    },
  };
}
