import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";

/**
 * Loaded with `node --import` into an Api or Worker process under test: after SIGUSR2, the next
 * `fdatasync` of a `-wal` file fails with EIO instead of syncing, as Linux reports a write-back
 * error; the one after it syncs for real and succeeds on the same handle. The process's own code
 * runs unchanged (WalSync calls `open` from `node:fs/promises`, which this wraps).
 */
let armed = false;
process.on("SIGUSR2", () => {
  armed = true;
  process.stderr.write("wal-eio: armed\n");
});

const open = fs.promises.open;
fs.promises.open = async (...args: Parameters<typeof open>) => {
  const handle = await open(...args);
  if (!String(args[0]).endsWith("-wal")) return handle;
  const datasync = handle.datasync.bind(handle);
  handle.datasync = async () => {
    if (!armed) return datasync();
    armed = false;
    process.stderr.write("wal-eio: failing fdatasync\n");
    throw Object.assign(new Error("EIO: i/o error, fdatasync"), {
      code: "EIO",
      errno: -5,
      syscall: "fdatasync",
    });
  };
  return handle;
};
syncBuiltinESMExports();
