import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { BackingService } from "./local-stack.ts";
import { stopChild } from "./redis-server.ts";
import type { ServiceOutput } from "./service-process.ts";

/** One testkit server the demo stands up in place of a real integration. */
export interface DemoServer {
  name: "jira" | "github" | "openai";
  /** The CLI under packages/testkit/src. */
  cli: string;
  args: string[];
  /** The settings it provides, from its printed URL; only ones the user left unset are used. */
  env(url: string): Record<string, string>;
}

export interface DemoPlan {
  /** The environment the services get: the user's, plus the demo's data location. */
  env: NodeJS.ProcessEnv;
  servers: DemoServer[];
  /** What the demo does and what it left alone, to print at start-up. */
  notes: string[];
}

const secret = () => randomBytes(12).toString("hex");

/** Integrations a user points elsewhere by setting any of these; the demo then leaves them alone. */
const OWN_SETTINGS = {
  jira: ["JIRA_HOST", "JIRA_EMAIL", "JIRA_API_TOKEN"],
  github: ["GITHUB_API_URL", "GITHUB_TOKEN"],
  openai: ["OPENAI_BASE_URL", "OPENAI_API_KEY"],
} as const;

/**
 * What `npm start -- --demo` runs: the testkit Jira with its finance demo (projects FIN and OPS,
 * epics with ~600 worklogs around 2024-Q3; packages/testkit/src/jira-finance-demo.ts), GitHub
 * (acme/ledger) and OpenAI (the `demo` script) servers for each integration the user did not
 * configure, and the data under `<dataDir>/demo` unless DATABASE_URL says otherwise. A value the
 * user set (environment or .env) always wins and is named in the notes.
 */
export function planDemo(env: NodeJS.ProcessEnv, dataDir: string): DemoPlan {
  const notes: string[] = [];
  const demoEnv: NodeJS.ProcessEnv = { ...env };
  if (env.DATABASE_URL) notes.push(`keeping your DATABASE_URL (${env.DATABASE_URL}): demo data goes there`);
  else demoEnv.DATABASE_URL = `file:${join(dataDir, "finchat.db")}`;
  const unset = (settings: Record<string, string>) =>
    Object.fromEntries(Object.entries(settings).filter(([name]) => !env[name]));
  const kept = (names: string[]) => names.filter((name) => env[name]);
  const servers: DemoServer[] = [];
  const offer = (server: DemoServer, extras: string[]) => {
    const own = kept([...OWN_SETTINGS[server.name]]);
    if (own.length > 0) {
      notes.push(
        `${server.name}: you set ${own.join(", ")}, so the demo starts no testkit ${server.name} server`,
      );
      return;
    }
    servers.push(server);
    const keptExtras = kept(extras);
    if (keptExtras.length > 0) notes.push(`${server.name}: keeping your ${keptExtras.join(", ")}`);
  };
  const jiraEmail = "finance-demo@finchat.test";
  const jiraToken = secret();
  offer(
    {
      name: "jira",
      cli: "jira-server-cli.ts",
      args: ["--email", jiraEmail, "--api-token", jiraToken, "--finance-demo"],
      env: (url) =>
        unset({ JIRA_HOST: url, JIRA_EMAIL: jiraEmail, JIRA_API_TOKEN: jiraToken, JIRA_PROJECTS: "FIN,OPS" }),
    },
    ["JIRA_PROJECTS"],
  );
  const githubToken = secret();
  offer(
    {
      name: "github",
      cli: "github-server-cli.ts",
      args: ["--token", githubToken],
      env: (url) => unset({ GITHUB_API_URL: url, GITHUB_TOKEN: githubToken, GITHUB_ALLOW: "acme/ledger" }),
    },
    ["GITHUB_ALLOW"],
  );
  const openaiKey = secret();
  offer(
    {
      name: "openai",
      cli: "openai-server-cli.ts",
      args: ["--script", "demo", "--api-key", openaiKey, "--no-record"],
      env: (url) => unset({ OPENAI_BASE_URL: url, OPENAI_API_KEY: openaiKey }),
    },
    [],
  );
  return { env: demoEnv, servers, notes };
}

/** Reads the first stdout line (the server's URL); later lines and stderr go to `output`, prefixed. */
async function urlOf(child: ChildProcess, label: string, output: ServiceOutput): Promise<string> {
  const errors: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (line) => {
    errors.push(line);
    output.stderr.write(`${label} | ${line}\n`);
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  lines.on("line", (line) => output.stdout.write(`${label} | ${line}\n`));
  // A rejection after the URL arrived changes nothing (the stack notices no backing service dying).
  return new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code, signal) =>
      reject(
        new Error(
          `the testkit ${label} server exited (${code ?? signal}) before it was up: ${errors.join(" ")}`,
        ),
      ),
    );
  });
}

/** The demo's servers as backing services: started before the Api and Worker, stopped after them. */
export function demoBacking(plan: DemoPlan, testkitDir: string, output: ServiceOutput): BackingService[] {
  return plan.servers.map((server) => ({
    async start(log) {
      const child = spawn(process.execPath, [join(testkitDir, server.cli), "--port", "0", ...server.args], {
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      const url = await urlOf(child, server.name, output).catch(async (error: Error) => {
        await stopChild(child, 2000);
        throw error;
      });
      const env = server.env(url);
      log(
        `testkit ${server.name} at ${url}${Object.keys(env).length ? ` (sets ${Object.keys(env).join(", ")})` : ""}`,
      );
      return { env, stop: () => stopChild(child, 5000) };
    },
  }));
}
