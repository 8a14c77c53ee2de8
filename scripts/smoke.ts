// `FINCHAT_TOKEN=<personal token> npm run smoke -- <url>`: checks a deployed (or local) stage end to
// end and exits 1 when a check fails (docs/operations.md). A client tool, not part of the app: it
// reads its token from the environment so the token stays out of shell history and process lists.
import { runSmoke, type StepResult } from "./lib/smoke-steps.ts";

const marks = { ok: "✓", warn: "!", fail: "✗", skip: "-" } as const;

function print(result: StepResult): void {
  console.log(
    `${marks[result.status]} ${result.name.padEnd(38)} ${`${result.ms} ms`.padStart(8)}  ${result.detail}`,
  );
}

const url = process.argv[2];
const token = process.env.FINCHAT_TOKEN;
if (!url || !/^https?:\/\//.test(url) || process.argv.length > 3) {
  console.error("usage: FINCHAT_TOKEN=<personal API token> npm run smoke -- <https://stage-url>");
  process.exit(2);
}
if (!token) {
  console.error("FINCHAT_TOKEN is not set: create a personal token (POST /api/tokens) and export it");
  process.exit(2);
}

console.log(`smoke test of ${url}`);
const results = await runSmoke({ baseUrl: url, token, onStep: print });
const failed = results.filter((r) => r.status === "fail").length;
const warned = results.filter((r) => r.status === "warn").length;
console.log(
  failed ? `FAILED: ${failed} check(s) failed` : `passed${warned ? ` with ${warned} warning(s)` : ""}`,
);
process.exitCode = failed ? 1 : 0;
