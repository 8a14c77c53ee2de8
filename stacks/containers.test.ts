import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { effectiveInstructions, environmentOf, execForm, last, parseDockerfile } from "./dockerfile.ts";
import { liveProbeCommand, loadBalancerHealth } from "./health.ts";

const root = join(import.meta.dirname, "..");
const dockerfile = parseDockerfile(readFileSync(join(root, "functions/Dockerfile"), "utf8"));
const targets = ["api", "worker"] as const;

function target(name: string) {
  const instructions = effectiveInstructions(dockerfile.stages, name);
  const cmd = last(instructions, "CMD");
  const healthcheck = last(instructions, "HEALTHCHECK");
  return {
    instructions,
    env: environmentOf(instructions),
    cmd: cmd ? execForm(cmd.args) : [],
    healthcheck: healthcheck ? ["CMD", ...execForm(healthcheck.args)] : [],
    user: last(instructions, "USER")?.args,
  };
}

describe("functions/Dockerfile", () => {
  it("builds both targets on Node 24 slim, non-root, with a health check the task definition shares", () => {
    expect(dockerfile.args.NODE_IMAGE).toBe("node:24-slim");
    // Every stage starts from that image or from an earlier stage.
    const stageNames = dockerfile.stages.map((s) => s.name);
    for (const { from } of dockerfile.stages)
      expect(/^\$\{NODE_IMAGE\}$/.test(from) || stageNames.includes(from)).toBe(true);
    for (const name of targets) {
      const { user, healthcheck, cmd } = target(name);
      expect(user, name).toBe("node");
      expect(healthcheck, name).toEqual(liveProbeCommand());
      expect(cmd, name).toEqual(["node", `functions/${name}.ts`]);
    }
    expect(target("api").env.HOST).toBe("0.0.0.0");
  });

  it("installs production dependencies only, for every workspace in the lockfile", () => {
    const deps = effectiveInstructions(dockerfile.stages, "deps");
    expect(deps.find((i) => i.keyword === "RUN")?.args).toMatch(/npm ci --omit=dev/);
    const sources = (args: string) => args.split(/\s+/).slice(0, -1);
    const copied = deps.filter((i) => i.keyword === "COPY").flatMap((i) => sources(i.args));
    const { workspaces } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      workspaces: string[];
    };
    expect(copied).toEqual(
      expect.arrayContaining(["package-lock.json", ...workspaces.map((w) => `${w}/package.json`)]),
    );
  });

  it("keeps tests, infrastructure and local data out of the build context", () => {
    const ignored = readFileSync(join(root, ".dockerignore"), "utf8").split("\n");
    expect(ignored).toEqual(
      expect.arrayContaining(["**/node_modules", "**/*.test.ts", ".data", ".env", ".sst", "stacks"]),
    );
  });
});

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Runs an exec-form command as the image would, with this machine's Node 24 as `node`. */
function run(command: string[], env: Record<string, string>) {
  const [, ...args] = command;
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: "pipe",
  });
  children.push(child);
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function probe(env: Record<string, string>): Promise<number | null> {
  const [, ...command] = liveProbeCommand();
  return run(command, env).exited;
}

async function waitUntilLive(env: Record<string, string>, exited: Promise<unknown>, output: () => string) {
  const deadline = Date.now() + 15_000;
  let stopped = false;
  void exited.then(() => (stopped = true));
  while (Date.now() < deadline && !stopped) {
    if ((await probe(env)) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`never became live:\n${output()}`);
}

function containerEnv(name: string, port: number): Record<string, string> {
  const s3 = inject("s3");
  const dir = mkdtempSync(join(tmpdir(), "finchat-container-"));
  dirs.push(dir);
  return {
    ...target(name).env,
    PORT: String(port),
    DATABASE_URL: `file:${join(dir, "finchat.db")}`,
    REDIS_URL: inject("redisUrl"),
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    AWS_REGION: "us-east-1",
    SHUTDOWN_TIMEOUT_MS: "5000",
  };
}

describe.each(targets)("the %s entry command", (name) => {
  it.skipIf(!existsSync(join(root, `functions/${name}.ts`)))(
    "answers the health check, then exits 0 on SIGTERM and fails the check",
    async () => {
      const env = containerEnv(name, await freePort());
      const entry = run(target(name).cmd, env);
      await waitUntilLive(env, entry.exited, entry.output);
      entry.child.kill("SIGTERM");
      const started = Date.now();
      expect(await entry.exited, entry.output()).toBe(0);
      expect(Date.now() - started).toBeLessThan(Number(env.SHUTDOWN_TIMEOUT_MS));
      expect(await probe(env)).toBe(1);
    },
    30_000,
  );
});

describe("the load balancer's health check", () => {
  it.skipIf(!existsSync(join(root, "functions/api.ts")))(
    "keeps a running Api healthy while a dependency is down, and readiness says which",
    async () => {
      // S3 answers "no such bucket": a dependency is down, the process is fine.
      const env: Record<string, string> = {
        ...containerEnv("api", await freePort()),
        S3_BUCKET: "no-such-bucket",
      };
      const entry = run(target("api").cmd, env);
      await waitUntilLive(env, entry.exited, entry.output);
      const base = `http://127.0.0.1:${env.PORT}`;
      const checked = await fetch(`${base}${loadBalancerHealth.path}`);
      expect(loadBalancerHealth.successCodes.split(",")).toContain(String(checked.status));
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { checks: { storage: string } }).checks.storage).not.toBe("ok");
      entry.child.kill("SIGTERM");
      expect(await entry.exited, entry.output()).toBe(0);
    },
  );
});

describe("mermaid in the runtime image", () => {
  /** The repository's modules that `entry` imports, transitively (relative and @finchat/* imports). */
  function reachable(entry: string): Map<string, string> {
    const seen = new Map<string, string>();
    const queue = [join(root, entry)];
    const resolveSpecifier = (from: string, specifier: string): string | undefined => {
      if (specifier.startsWith(".")) return join(from, "..", specifier);
      const workspace = specifier.match(/^@finchat\/(core|jobs)(?:\/(.*))?$/);
      if (!workspace) return undefined;
      const base = join(root, "packages", workspace[1] ?? "", "src");
      return workspace[2] ? join(base, `${workspace[2]}.ts`) : join(base, "index.ts");
    };
    while (queue.length > 0) {
      const file = queue.pop() ?? "";
      if (seen.has(file) || !existsSync(file)) continue;
      const text = readFileSync(file, "utf8");
      seen.set(file, text);
      for (const [, typeOnly, specifier] of text.matchAll(
        /(?:import|export)\s+(type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
      )) {
        if (typeOnly || !specifier) continue;
        const next = resolveSpecifier(file, specifier);
        if (next) queue.push(next);
      }
      for (const [, specifier] of text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) {
        const next = specifier ? resolveSpecifier(file, specifier) : undefined;
        if (next) queue.push(next);
      }
    }
    return seen;
  }

  it("keeps only the browser bundle: the entries never import mermaid itself", () => {
    const readers: number[] = [];
    for (const name of targets) {
      const modules = reachable(`functions/${name}.ts`);
      expect(modules.size, name).toBeGreaterThan(20);
      for (const [file, text] of modules) {
        const imports = [
          ...text.matchAll(/(?:^|\n)\s*import\s+(?!type\b)[^;]*?from\s+["']mermaid["']/g),
          ...text.matchAll(/import\(\s*["']mermaid["']\s*\)/g),
        ];
        expect(
          imports.map((m) => m[0]),
          file,
        ).toEqual([]);
      }
      const bundleReaders = [...modules.values()].filter((t) => t.includes("mermaid/dist/mermaid.min.js"));
      readers.push(bundleReaders.length);
    }
    // The walk reaches the one module that reads the bundle (the docs site's assets).
    expect(Math.max(...readers)).toBe(1);
    const run = effectiveInstructions(dockerfile.stages, "deps").find((i) => i.keyword === "RUN")?.args ?? "";
    expect(run).toMatch(
      /cp node_modules\/mermaid\/package\.json node_modules\/mermaid\/dist\/mermaid\.min\.js/,
    );
    expect(run).toMatch(/npm uninstall mermaid --workspace @finchat\/core --omit=dev/);
    expect(run).toMatch(/mv \/tmp\/mermaid\/mermaid\.min\.js node_modules\/mermaid\/dist\//);
  });
});
