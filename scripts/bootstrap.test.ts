import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  isOnPath,
  type Lockfile,
  missingRequirements,
  nodeModulesVerdict,
  runWithProgress,
  type SystemRequirement,
  systemInstallPlan,
} from "./bootstrap.mjs";

const lock: Lockfile = {
  packages: {
    "": { name: "finchat", devDependencies: { vitest: "^5.0.0" } },
    functions: { name: "@finchat/functions", dependencies: { hono: "^4.0.0" } },
    "node_modules/@finchat/functions": { resolved: "functions", link: true },
    "node_modules/hono": { version: "4.1.0" },
    "node_modules/@biomejs/cli-darwin-arm64": { version: "2.6.8", optional: true },
  },
};

/** What npm records after installing `lock` on Linux: no root entry, no darwin binary. */
function installedFrom(source: Lockfile): Lockfile {
  const packages = { ...source.packages };
  delete packages[""];
  delete packages["node_modules/@biomejs/cli-darwin-arm64"];
  return { packages };
}

describe("nodeModulesVerdict", () => {
  it("installs when npm has no record of an install", () => {
    expect(nodeModulesVerdict(lock, null).install).toBe(true);
  });

  it("accepts an install that matches the lockfile, missing optional packages included", () => {
    expect(nodeModulesVerdict(lock, installedFrom(lock))).toEqual({ install: false });
  });

  it("installs when a locked version changed", () => {
    const installed = installedFrom(lock);
    installed.packages = { ...installed.packages, "node_modules/hono": { version: "4.0.9" } };
    const verdict = nodeModulesVerdict(lock, installed);
    expect(verdict.install).toBe(true);
    expect(verdict.reason).toContain("node_modules/hono");
  });

  it("installs when a package was added or a workspace's dependencies changed", () => {
    const grown = structuredClone(lock);
    grown.packages = { ...grown.packages, "node_modules/zod": { version: "4.0.0" } };
    expect(nodeModulesVerdict(grown, installedFrom(lock)).reason).toContain(
      "node_modules/zod is not installed",
    );

    const edited = structuredClone(lock);
    edited.packages = { ...edited.packages, functions: { dependencies: { hono: "^4.0.0", zod: "^4" } } };
    expect(nodeModulesVerdict(edited, installedFrom(lock)).install).toBe(true);
  });
});

const redis: SystemRequirement = {
  binary: "redis-server",
  aptPackage: "redis-server",
  brewPackage: "redis",
  for: ["start", "test"],
};
const chromium: SystemRequirement = {
  binary: "chromium",
  aptPackage: "chromium",
  brewPackage: "chromium",
  for: ["test"],
};

describe("missingRequirements", () => {
  it("asks only for what the script needs and the PATH lacks", () => {
    const nothingInstalled = () => false;
    expect(missingRequirements([redis, chromium], "start", nothingInstalled)).toEqual([redis]);
    expect(missingRequirements([redis, chromium], "test", nothingInstalled)).toEqual([redis, chromium]);
    expect(missingRequirements([redis, chromium], "test", (b) => b === "redis-server")).toEqual([chromium]);
  });
});

describe("systemInstallPlan", () => {
  it("needs nothing when nothing is missing", () => {
    expect(systemInstallPlan([], { isRoot: false, hasAptGet: false })).toEqual({ kind: "none" });
  });

  it("uses apt-get when running as root with apt-get", () => {
    expect(systemInstallPlan([redis, chromium], { isRoot: true, hasAptGet: true })).toEqual({
      kind: "apt",
      packages: ["redis-server", "chromium"],
    });
  });

  it("names the command when it cannot install by itself", () => {
    const notRoot = systemInstallPlan([redis], { isRoot: false, hasAptGet: true });
    expect(notRoot).toEqual({
      kind: "manual",
      message: expect.stringContaining("sudo apt-get install -y redis-server"),
    });
    const noApt = systemInstallPlan([redis], { isRoot: true, hasAptGet: false });
    expect(noApt).toEqual({ kind: "manual", message: expect.stringContaining("brew install redis") });
  });
});

describe("isOnPath", () => {
  it("finds executables only", () => {
    const dir = mkdtempSync(join(tmpdir(), "finchat-bootstrap-"));
    try {
      writeFileSync(join(dir, "runnable"), "#!/bin/sh\n");
      chmodSync(join(dir, "runnable"), 0o755);
      writeFileSync(join(dir, "plain"), "");
      chmodSync(join(dir, "plain"), 0o644);
      expect(isOnPath("runnable", `/nonexistent:${dir}`)).toBe(true);
      expect(isOnPath("plain", dir)).toBe(false);
      expect(isOnPath("absent", dir)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("runWithProgress", () => {
  it("says the command is still running while it runs, then how long it took", async () => {
    const lines: string[] = [];
    await runWithProgress(process.execPath, ["-e", "setTimeout(() => {}, 450)"], {
      label: "npm ci",
      everyMs: 200,
      log: (line) => lines.push(line),
    });
    expect(
      lines.filter((l) => /^bootstrap: npm ci still running \(\d+ s\)$/.test(l)).length,
    ).toBeGreaterThanOrEqual(1);
    expect(lines.at(-1)).toMatch(/^bootstrap: npm ci finished in \d+ s$/);
  });

  it("fails with the command and its exit code", async () => {
    await expect(
      runWithProgress(process.execPath, ["-e", "process.exit(3)"], { label: "x", log: () => {} }),
    ).rejects.toThrow(/failed \(exit code 3\)/);
  });
});
