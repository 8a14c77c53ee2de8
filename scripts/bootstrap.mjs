// Runs before `npm start` and `npm test` on whatever Node is on the PATH (20 on a fresh machine),
// before anything is installed: Node built-ins only, plain JavaScript.
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants, readFileSync, realpathSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

/** System binaries the npm scripts need; `for` names the scripts that need each one. */
export const SYSTEM_REQUIREMENTS = [
  {
    binary: "redis-server",
    aptPackage: "redis-server",
    brewPackage: "redis",
    for: ["start", "test", "topology"],
  },
  // The repository reader runs the git CLI on local checkouts (LOCAL_REPOS), and its tests on temporary repositories.
  { binary: "git", aptPackage: "git", brewPackage: "git", for: ["start", "test", "topology"] },
  // `npm run topology` puts the Apis behind haproxy, and its test (tests/topology.test.ts) drives it.
  { binary: "haproxy", aptPackage: "haproxy", brewPackage: "haproxy", for: ["test", "topology"] },
  // The browser tests (tests/web) drive the system's Chromium; playwright downloads no browser here.
  { binary: "chromium", aptPackage: "chromium", brewPackage: "chromium", for: ["test"] },
];

export const PURPOSES = ["start", "test", "topology"];

/**
 * Decides whether `node_modules` matches `package-lock.json`, given npm's record of what it
 * installed (`node_modules/.package-lock.json`, or null when absent). Optional packages may be
 * missing (other platforms' binaries); extra installed packages do no harm.
 */
export function nodeModulesVerdict(lock, installed) {
  if (!installed) return { install: true, reason: "node_modules is missing or was never completed" };
  for (const [path, wanted] of Object.entries(lock.packages ?? {})) {
    if (path === "") continue;
    const have = installed.packages?.[path];
    if (!have) {
      if (wanted.optional || wanted.devOptional) continue;
      return { install: true, reason: `${path} is not installed` };
    }
    const difference = firstDifference(wanted, have);
    if (difference)
      return { install: true, reason: `${path} differs from package-lock.json (${difference})` };
  }
  return { install: false };
}

const COMPARED_FIELDS = [
  "version",
  "resolved",
  "link",
  "dependencies",
  "devDependencies",
  "optionalDependencies",
];

function firstDifference(wanted, have) {
  return COMPARED_FIELDS.find((field) => JSON.stringify(wanted[field]) !== JSON.stringify(have[field]));
}

/** The requirements of `purpose` whose binary `isOnPath` does not find. */
export function missingRequirements(requirements, purpose, isOnPath) {
  return requirements.filter((r) => r.for.includes(purpose) && !isOnPath(r.binary));
}

/**
 * How to get the missing binaries: apt-get when it can run unattended (root and apt-get present),
 * otherwise a message naming the command to run.
 */
export function systemInstallPlan(missing, { isRoot, hasAptGet }) {
  if (missing.length === 0) return { kind: "none" };
  const aptPackages = missing.map((r) => r.aptPackage);
  if (isRoot && hasAptGet) return { kind: "apt", packages: aptPackages };
  const binaries = missing.map((r) => r.binary).join(", ");
  const lines = [`Finchat needs ${binaries} on the PATH. Install, then run this again:`];
  if (hasAptGet) lines.push(`  sudo apt-get install -y ${aptPackages.join(" ")}`);
  else {
    lines.push(`  Debian/Ubuntu: sudo apt-get install -y ${aptPackages.join(" ")}`);
    lines.push(`  macOS:         brew install ${missing.map((r) => r.brewPackage).join(" ")}`);
  }
  return { kind: "manual", message: lines.join("\n") };
}

/** Whether an executable named `name` is in one of the PATH's directories. */
export function isOnPath(name, pathVariable = process.env.PATH ?? "") {
  return pathVariable
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) {
    const how = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
    throw new Error(`\`${[command, ...args].join(" ")}\` failed (${how})`);
  }
}

/**
 * Runs a command with inherited output, saying every `everyMs` that it is still running and, at the
 * end, how long it took: a long install is never a silent minute. Resolves with the seconds taken.
 */
export function runWithProgress(command, args, { label, everyMs = 10_000, log = console.log, env } = {}) {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env: env ?? process.env });
    const timer = setInterval(() => log(`bootstrap: ${label} still running (${seconds()} s)`), everyMs);
    const done = (error) => {
      clearInterval(timer);
      if (error) reject(error);
      else {
        log(`bootstrap: ${label} finished in ${seconds()} s`);
        resolve(seconds());
      }
    };
    child.once("error", (error) =>
      done(new Error(`\`${[command, ...args].join(" ")}\` failed (${error.message})`)),
    );
    child.once("exit", (code, signal) =>
      done(
        code === 0
          ? undefined
          : new Error(`\`${[command, ...args].join(" ")}\` failed (exit code ${code ?? signal})`),
      ),
    );
  });
}

function ensureSystemBinaries(purpose) {
  const findMissing = () => missingRequirements(SYSTEM_REQUIREMENTS, purpose, (name) => isOnPath(name));
  const missing = findMissing();
  const plan = systemInstallPlan(missing, {
    isRoot: process.getuid?.() === 0,
    hasAptGet: isOnPath("apt-get"),
  });
  if (plan.kind === "none") return;
  if (plan.kind === "manual") throw new Error(plan.message);
  console.log(`bootstrap: installing ${plan.packages.join(" ")} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    run("apt-get", ["update", "-q"], env);
    run("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...plan.packages], env);
  } catch (error) {
    throw new Error(
      `${error.message}\n${systemInstallPlan(missing, { isRoot: false, hasAptGet: true }).message}`,
    );
  }
  const stillMissing = findMissing().map((r) => r.binary);
  if (stillMissing.length) throw new Error(`apt-get ran, yet ${stillMissing.join(", ")} is not on the PATH`);
}

// Errors only: the first install runs on the PATH's older Node, whose engine warnings do not apply
// (the scripts themselves run on the Node 24 that this install brings).
const NPM_CI_ARGS = ["ci", "--no-audit", "--no-fund", "--loglevel=error"];

async function ensureDependencies(root) {
  const lock = readJson(join(root, "package-lock.json"));
  if (!lock) throw new Error("package-lock.json is missing or unreadable; restore it from git");
  const verdict = nodeModulesVerdict(lock, readJson(join(root, "node_modules", ".package-lock.json")));
  if (!verdict.install) return;
  const count = Object.keys(lock.packages ?? {}).filter((path) => path.startsWith("node_modules/")).length;
  console.log(
    `bootstrap: installing ${count} packages with npm ci, because ${verdict.reason}. ` +
      "A first install takes one to two minutes (less with a warm npm cache).",
  );
  // Inside an npm script, npm_execpath is the npm that started us: use the same one.
  const npmCli = process.env.npm_execpath;
  const label = "npm ci";
  if (npmCli?.endsWith(".js")) await runWithProgress(process.execPath, [npmCli, ...NPM_CI_ARGS], { label });
  else await runWithProgress("npm", NPM_CI_ARGS, { label });
}

async function main() {
  const purpose = process.argv[2] ?? "test";
  if (!PURPOSES.includes(purpose)) {
    console.error(`usage: node scripts/bootstrap.mjs [${PURPOSES.join("|")}]`);
    process.exit(2);
  }
  const root = fileURLToPath(new URL("..", import.meta.url));
  try {
    ensureSystemBinaries(purpose);
    await ensureDependencies(root);
  } catch (error) {
    console.error(`bootstrap: ${error.message}`);
    process.exit(1);
  }
}

const invokedDirectly = process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) await main();
