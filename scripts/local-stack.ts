// `npm start`: the whole local shape on one machine (see README.md). A development launcher, so it
// reads process.env to pass settings through; the services parse them with loadConfig.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { demoBacking, planDemo } from "./lib/demo.ts";
import { launchLocalStack, type ServiceEntry } from "./lib/local-stack.ts";
import { ensureWebBuild } from "./lib/web-build.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const usage = "usage: npm start [-- --demo]";
let demo = false;
try {
  demo = parseArgs({ options: { demo: { type: "boolean", default: false } } }).values.demo;
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
// Values already in the environment win over the file's.
if (existsSync(join(root, ".env"))) process.loadEnvFile(join(root, ".env"));

function servicesToRun(): ServiceEntry[] {
  const api = { name: "api", entry: join(root, "functions", "api.ts") };
  const worker = { name: "worker", entry: join(root, "functions", "worker.ts") };
  if (!existsSync(api.entry)) {
    console.error("functions/api.ts is missing: there is nothing to serve");
    process.exit(1);
  }
  if (existsSync(worker.entry)) return [api, worker];
  console.warn(
    "warning: functions/worker.ts is missing, starting without a Worker (jobs will wait in Redis)",
  );
  return [api];
}

// The Api serves the SPA from packages/web/dist; build it when its sources changed since the last build.
await ensureWebBuild((line) => console.log(line)).catch((error: Error) => {
  console.error(`The web app did not build: ${error.message}`);
  process.exit(1);
});

// With nothing configured, this checkout is the local repository to document (`localRepo: "finchat"`).
const env = { ...process.env };
if (!env.LOCAL_REPOS && existsSync(join(root, ".git"))) env.LOCAL_REPOS = `finchat=${root}`;

// `--demo`: the testkit Jira, GitHub and OpenAI (the `demo` script) stand in for the integrations
// left unconfigured, with every piece of data under .data/demo, apart from a real .data.
const output = { stdout: process.stdout, stderr: process.stderr };
const dataDir = join(root, ".data", ...(demo ? ["demo"] : []));
const plan = demo ? planDemo(env, dataDir) : undefined;
if (plan) {
  console.log(
    `Demo mode: data under ${dataDir}; testkit servers for ${plan.servers.map((s) => s.name).join(", ") || "nothing"}`,
  );
  for (const note of plan.notes) console.log(`  ${note}`);
}

const stack = launchLocalStack({
  cwd: root,
  dataDir,
  env: plan?.env ?? env,
  services: servicesToRun(),
  ...(plan ? { backing: demoBacking(plan, join(root, "packages", "testkit", "src"), output) } : {}),
  output,
});

// npm forwards the terminal's Ctrl-C as a second copy of the signal, so repeats are ignored;
// the stop is bounded anyway.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => stack.stop(`received ${signal}`));
}

stack.ready.then(
  () => {
    console.log(`\nFinchat is up at ${stack.url}  (Ctrl-C stops it)\n`);
    if (demo)
      console.log(
        'Demo: sign up (the first account is the admin, i.e. finance), open Finance, "Sync now", set a policy, phases, roles and rates, pick 2024-Q3, then ask the chat "How much can we capitalise for FIN in Q3 2024, and why?" (README: "Try the finance report")\n',
      );
  },
  () => {},
);

const result = await stack.done;
if (result.ok) console.log("Finchat stopped");
else console.error(`Finchat stopped: ${result.reason}`);
process.exit(result.ok ? 0 : 1);
