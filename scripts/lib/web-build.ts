import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The SPA's package, and what its build reads: a change to any of these makes dist/ stale. */
export const webDir = fileURLToPath(new URL("../../packages/web", import.meta.url));
const inputs = ["src", "public", "index.html", "vite.config.ts", "package.json"];
const hashFile = () => join(webDir, "dist", ".source-hash");

/** A digest of the SPA's sources (paths and contents), recorded in dist/ by each build. */
export function webSourceHash(dir: string = webDir): string {
  const hash = createHash("sha256");
  for (const file of inputs.flatMap((input) => filesUnder(join(dir, input))).sort()) {
    hash.update(relative(dir, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

function filesUnder(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return [];
  if (!stat.isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

/** Whether dist/ was built from the sources as they are now. */
export function webBuildIsCurrent(): boolean {
  try {
    return readFileSync(hashFile(), "utf8") === webSourceHash();
  } catch {
    return false;
  }
}

/** Runs `vite build` for the SPA on this Node, then records what it was built from. */
export async function buildWeb(): Promise<void> {
  const hash = webSourceHash();
  const vite = join(
    createRequire(join(webDir, "package.json")).resolve("vite/package.json"),
    "..",
    "bin",
    "vite.js",
  );
  // Whatever runs this (vitest sets NODE_ENV=test), the bundle is React's production build.
  const child = spawn(process.execPath, [vite, "build", "--logLevel", "warn"], {
    cwd: webDir,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new Error(`vite build failed (exit ${code}):\n${output}`);
  writeFileSync(hashFile(), hash);
}

/**
 * Builds the SPA unless dist/ is current. Processes that ask at the same time (parallel test
 * files, `npm start`) build it once: the others wait for the lock and find it current.
 */
export async function ensureWebBuild(log: (line: string) => void = () => {}): Promise<"current" | "built"> {
  if (webBuildIsCurrent()) return "current";
  const lock = join(
    tmpdir(),
    `finchat-web-build-${createHash("sha1").update(webDir).digest("hex").slice(0, 10)}.lock`,
  );
  await acquire(lock);
  try {
    if (webBuildIsCurrent()) return "current";
    log("building the web app (packages/web)…");
    await buildWeb();
    return "built";
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function acquire(lock: string, staleMs = 120_000): Promise<void> {
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      // A builder that died leaves its lock behind; no build takes this long.
      if (age > staleMs) rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
