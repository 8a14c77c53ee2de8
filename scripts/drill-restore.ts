// `npm run drill:restore [-- --port N] [--conversations N] [--seed-messages N] [--keep] [--verbose]`: the recovery drill on the local
// production topology (docs/operations.md, "Recovery drill on the production topology"). Starts
// its own topology, Redis, S3 and model stand-in in a temporary directory, prints each check and
// the measured times, and exits 1 when a check fails.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { freePort } from "./lib/redis-server.ts";
import { runRestoreDrill } from "./lib/restore-drill.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: {
    port: { type: "string" },
    conversations: { type: "string", default: "20" },
    "seed-messages": { type: "string", default: "0" },
    keep: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
  },
});
const conversations = Number(values.conversations);
const seedMessages = Number(values["seed-messages"]);
if (!Number.isInteger(seedMessages) || seedMessages < 0 || seedMessages > 10_000_000) {
  console.error(`--seed-messages: not a count from 0 to 10000000: ${values["seed-messages"]}`);
  process.exit(2);
}
const port = values.port === undefined ? await freePort() : Number(values.port);
if (!Number.isInteger(conversations) || conversations < 1 || conversations > 10_000) {
  console.error(`--conversations: not a count from 1 to 10000: ${values.conversations}`);
  process.exit(2);
}
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`--port: not a port: ${values.port}`);
  process.exit(2);
}

const dir = await mkdtemp(join(tmpdir(), "finchat-drill-"));
// The services' own output only with --verbose: the drill's lines are the point.
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const output = values.verbose
  ? { stdout: process.stdout, stderr: process.stderr }
  : { stdout: quiet, stderr: quiet };
let exitCode = 1;
try {
  const report = await runRestoreDrill({
    root,
    dir,
    port,
    env: { PATH: process.env.PATH, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
    output,
    conversations,
    seedMessages,
    log: (line) => console.log(line),
  });
  const t = report.timings;
  console.log(`
snapshot            ${report.snapshot.key}, ${report.snapshot.bytes} bytes, stored ${report.snapshot.takenMs} ms after the backup job was asked for
seeded              ${report.seeded.messages} messages in ${report.seeded.conversations} conversations (kept)
before the snapshot ${report.before.users} user, ${report.before.conversations} conversations, ${report.before.messages} messages (kept)
after the snapshot  ${report.after.users} user, ${report.after.conversations} conversations, ${report.after.messages} messages in ${report.after.writtenMs} ms (lost: the recovery point)
loss → old processes stopped  ${t.stopMs} ms
restore (download, checks)    ${t.restoreMs} ms
restore → ready through haproxy ${t.readyMs} ms   (the recovery time)
restore → sign-in through haproxy ${t.signInMs} ms
restore → unfinished run settled by the reconciler ${t.settledMs} ms
${report.ok ? "drill passed" : "drill FAILED"}`);
  exitCode = report.ok ? 0 : 1;
} catch (err) {
  console.error(`drill failed: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  if (values.keep) console.log(`kept ${dir}`);
  else await rm(dir, { recursive: true, force: true });
}
process.exit(exitCode);
