import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { RepoFile } from "../../repo/types.ts";
import { analyse } from "./analyse.ts";
import { extractFileFacts } from "./file-facts.ts";
import type { Analysis, FileFacts } from "./types.ts";

const ROOT = fileURLToPath(new URL("../../../../../", import.meta.url));
const MAX_BYTES = 256 * 1024;

/** This checkout's tracked text files, read straight from disk (not through the repo readers). */
function readCheckout(): { files: RepoFile[]; facts: Map<string, FileFacts> } {
  const paths = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter(Boolean);
  const files: RepoFile[] = [];
  const facts = new Map<string, FileFacts>();
  for (const path of paths.sort()) {
    const absolute = join(ROOT, path);
    if (!existsSync(absolute) || !statSync(absolute).isFile()) continue;
    const content = readFileSync(absolute);
    if (content.length > MAX_BYTES || content.subarray(0, 8192).includes(0)) continue;
    const blobSha = createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
    const file = { path, blobSha, size: content.length };
    files.push(file);
    facts.set(path, extractFileFacts(file, content.toString("utf8")));
  }
  return { files, facts };
}

describe("analysing this repository's own checkout", () => {
  let analysis: Analysis;
  let facts: Map<string, FileFacts>;

  beforeAll(() => {
    const checkout = readCheckout();
    facts = checkout.facts;
    analysis = analyse({
      label: "local/finchat",
      commitSha: "HEAD",
      ...checkout,
      history: null,
      skipped: [],
    });
  });

  it("computes blob SHAs as git does", () => {
    const expected = execFileSync("git", ["hash-object", "package.json"], {
      cwd: ROOT,
      encoding: "utf8",
    }).trim();
    expect(facts.get("package.json")?.blobSha).toBe(expected);
  });

  it("finds TypeScript first and the workspace manifests", () => {
    expect(analysis.languages[0]?.language).toBe("TypeScript");
    const root = analysis.manifests.find((m) => m.path === "package.json")?.manifest;
    expect(Object.keys(root?.scripts ?? {})).toEqual(expect.arrayContaining(["start", "test"]));
    expect(analysis.manifests.map((m) => m.manifest.name)).toEqual(
      expect.arrayContaining(["@finchat/core", "@finchat/functions", "@finchat/jobs"]),
    );
  });

  it("resolves relative and workspace-package imports", () => {
    const edges = analysis.graph.edges;
    expect(
      edges.some(
        (e) => e.from.startsWith("packages/core/src/agent/") && e.to.startsWith("packages/core/src/db/"),
      ),
    ).toBe(true);
    expect(
      edges.some((e) => e.from.startsWith("functions/") && e.to === "packages/core/src/db/index.ts"),
    ).toBe(true);
    expect(edges.some((e) => e.from.startsWith("functions/") && e.to === "packages/core/src/errors.ts")).toBe(
      true,
    );
    const agentToDb = analysis.graph.folderEdges.find(
      (e) => e.from === "packages/core/src/agent" && e.to === "packages/core/src/db",
    );
    expect(agentToDb?.weight).toBeGreaterThan(1);
  });

  it("finds the tests, their framework and the HTTP routes", () => {
    expect(analysis.tests.frameworks).toContain("vitest");
    expect(analysis.tests.placement).toBe("both");
    expect(analysis.tests.files).toBeGreaterThan(50);
    const routes = [...facts.values()]
      .filter((f) => f.path.startsWith("functions/http/"))
      .flatMap((f) => f.routes.map((r) => `${r.method} ${r.path}`));
    expect(routes).toEqual(expect.arrayContaining(["POST /conversations", "GET /conversations/{id}"]));
  });

  it("finds the API and worker entry points from the Dockerfile", () => {
    const entries = analysis.entryPoints.map((e) => e.path);
    expect(entries).toEqual(expect.arrayContaining(["functions/api.ts", "functions/worker.ts"]));
    expect(analysis.folders.find((f) => f.path === "docs")?.role).toBe("documentation");
  });
});
