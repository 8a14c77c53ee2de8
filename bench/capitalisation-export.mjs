// The capitalisation exports over a report of N worklog lines: CSV and XLSX build time, size and
// the longest the event loop stalled meanwhile, in memory (no S3). Usage: npm exec -- node bench/capitalisation-export.mjs [--lines 10000]
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { capReportCsv, capReportXlsx } from "../packages/core/src/capitalisation/export.ts";

const { values } = parseArgs({
  options: { lines: { type: "string", default: "10000" }, runs: { type: "string", default: "3" } },
});
const count = Number(values.lines);
const treatments = ["capitalisable", "expensed", "unclassified"];
const lines = Array.from({ length: count }, (_, i) => ({
  worklogId: String(100000 + i),
  issueKey: `FIN-${(i % 400) + 2}`,
  issueSummary: `Issue ${i % 400}, a summary with "quotes" and a comma`,
  epicKey: `FIN-${(i % 20) + 1}`,
  accountId: `acc-${i % 50}`,
  authorName: `Person ${i % 50}`,
  workDate: `2026-0${7 + (i % 3)}-${String((i % 28) + 1).padStart(2, "0")}`,
  seconds: 3600,
  hours: "1.00",
  treatment: treatments[i % 3],
  reason: "epic FIN-1 is in scope and in development on 2026-08-03",
  phase: "development",
  rate: {
    id: "r1",
    subjectKind: "person",
    subject: `acc-${i % 50}`,
    hourlyRate: "90.00",
    effectiveFrom: "2026-01-01",
  },
  cost: "90.00",
}));
const hc = (n) => ({ hours: `${n}.00`, cost: `${n * 90}.00` });
const third = Math.ceil(count / 3);
const report = {
  period: { from: "2026-07-01", to: "2026-09-30" },
  projects: ["FIN"],
  currency: "EUR",
  rounding: "largest remainder",
  generatedAt: new Date().toISOString(),
  syncedAt: null,
  totals: {
    capitalisable: hc(third),
    expensed: hc(third),
    unclassified: hc(third),
    total: hc(count),
    unrated: { hours: "0.00", worklogs: 0 },
    worklogs: count,
  },
  epics: [],
  people: [],
  exceptions: { unclassified: lines.filter((l) => l.treatment === "unclassified"), unrated: [] },
};

console.log(
  `${count} lines, ${availableParallelism()} cores, load ${loadavg()[0].toFixed(2)}, Node ${process.version}`,
);
for (const [format, build] of [
  ["csv", () => capReportCsv(report, lines)],
  ["xlsx", () => capReportXlsx(report, lines)],
]) {
  for (let run = 1; run <= Number(values.runs); run++) {
    // The longest the event loop waited while the file was built: what every other request waits.
    let longest = 0;
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 5);
    const start = performance.now();
    const body = await build();
    const ms = performance.now() - start;
    longest = Math.max(longest, performance.now() - last);
    clearInterval(probe);
    const bytes = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
    console.log(
      `${format} run ${run}: ${ms.toFixed(0)} ms, ${(bytes / 1e6).toFixed(2)} MB, longest loop stall ${longest.toFixed(0)} ms`,
    );
  }
}
