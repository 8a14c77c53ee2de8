import { open } from "node:fs/promises";
import type { SyncableFile, WalFiles } from "./wal-sync.ts";

/**
 * The real file system with one fault to inject: the next `fdatasync` of a `-wal` file fails with
 * EIO, as Linux reports a write-back error, without syncing. The one after it syncs for real and
 * succeeds on the same handle, as it would on Linux (the error is reported once) — which is why a
 * failed sync must not be treated as a one-off. For tests.
 */
export function faultyWalFiles() {
  let failNext = false;
  let failed = 0;
  const files: WalFiles = {
    async open(path, flags) {
      const file = await open(path, flags);
      if (!path.endsWith("-wal")) return file;
      const wal: SyncableFile = {
        datasync: async () => {
          if (!failNext) return file.datasync();
          failNext = false;
          failed += 1;
          // A failing disk takes a while to say so; commits made meanwhile must not slip through.
          await new Promise((resolve) => setTimeout(resolve, 30));
          throw Object.assign(new Error("EIO: i/o error, fdatasync"), {
            code: "EIO",
            errno: -5,
            syscall: "fdatasync",
          });
        },
        sync: () => file.sync(),
        close: () => file.close(),
      };
      return wal;
    },
  };
  return {
    files,
    /** The next WAL datasync fails with EIO. */
    failNextDatasync() {
      failNext = true;
    },
    /** How many datasyncs were failed. */
    failed: () => failed,
  };
}
