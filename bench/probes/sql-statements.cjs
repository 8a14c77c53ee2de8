// Times every SQL statement a process runs through the libsql driver, and prints the busiest when the
// process exits: how often each statement was prepared and run, its total and mean time, its slowest
// run and how many runs took over a millisecond. For the Api and the Worker under bench/chat.mjs:
//   BENCH_NODE_OPTIONS="--require ./bench/probes/sql-statements.cjs" npm exec -- node bench/chat.mjs
// The figures include the bench's own setup (sign-ups, conversations); the probe adds about a
// microsecond per statement.
const Database = require(require.resolve("libsql", { paths: [process.cwd()] }));

const shown = 25;
const stats = new Map();

function statsFor(sql) {
  const key = sql.replace(/\s+/g, " ").trim().slice(0, 90);
  let entry = stats.get(key);
  if (!entry) {
    entry = { prepared: 0, runs: 0, totalMs: 0, maxMs: 0, overOneMs: 0 };
    stats.set(key, entry);
  }
  return entry;
}

function timed(entry, work) {
  const started = performance.now();
  try {
    return work();
  } finally {
    const ms = performance.now() - started;
    entry.runs++;
    entry.totalMs += ms;
    entry.maxMs = Math.max(entry.maxMs, ms);
    if (ms > 1) entry.overOneMs++;
  }
}

const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (sql) {
  const stmt = prepare.call(this, sql);
  const entry = statsFor(sql);
  entry.prepared++;
  for (const method of ["run", "get", "all"]) {
    const original = stmt[method];
    stmt[method] = function (...args) {
      return timed(entry, () => original.apply(this, args));
    };
  }
  return stmt;
};

const exec = Database.prototype.exec;
Database.prototype.exec = function (sql) {
  return timed(statsFor(sql), () => exec.call(this, sql));
};

process.once("exit", () => {
  const rows = [...stats].sort((a, b) => b[1].totalMs - a[1].totalMs).slice(0, shown);
  const lines = rows.map(
    ([sql, s]) =>
      `${s.totalMs.toFixed(0).padStart(7)} ms ${String(s.runs).padStart(7)} runs ${String(s.prepared).padStart(6)} prepared ` +
      `${((s.totalMs / Math.max(1, s.runs)) * 1000).toFixed(0).padStart(5)} µs mean ${s.maxMs.toFixed(1).padStart(6)} ms max ` +
      `${String(s.overOneMs).padStart(4)} >1 ms  ${sql}`,
  );
  process.stderr.write(`SQL statements by total time (pid ${process.pid}):\n${lines.join("\n")}\n`);
});
