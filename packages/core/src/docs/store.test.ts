import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestBucket } from "../backup/test-bucket.ts";
import type { BlobStore } from "../storage/blob-store.ts";
import { docsKeys, getManifest, getPage, type Manifest, putManifest, putPage, sha256Hex } from "./store.ts";

let bucket: Awaited<ReturnType<typeof openTestBucket>>;
let blobs: BlobStore;
beforeAll(async () => {
  bucket = await openTestBucket();
  blobs = bucket.blobs;
});
afterAll(() => bucket.close());

const at = { label: "acme/ledger", commitSha: "a".repeat(40) };

describe("docs store", () => {
  it("lays a set out under docs/<label>/<commitSha>/", () => {
    expect(docsKeys.page(at, "modules/core.md")).toBe(
      `docs/acme/ledger/${"a".repeat(40)}/pages/modules/core.md`,
    );
    expect(docsKeys.site({ label: "local/finchat", commitSha: "b".repeat(40) }, "index.html")).toBe(
      `docs/local/finchat/${"b".repeat(40)}/site/index.html`,
    );
    expect(docsKeys.manifest(at)).toMatch(/\/manifest\.json$/);
    expect(docsKeys.exportZip(at)).toMatch(/\/export\.zip$/);
  });

  it("refuses paths and labels that could leave the set's prefix", () => {
    for (const path of ["../x.md", "a/../../x.md", "/abs.md", "a//b.md", "", "a/./b.md"]) {
      expect(() => docsKeys.page(at, path), path).toThrow(/safe relative path/);
    }
    expect(() => docsKeys.manifest({ label: "../etc", commitSha: at.commitSha })).toThrow(/label/);
    expect(() => docsKeys.manifest({ label: "acme/ledger", commitSha: "main" })).toThrow(/commit SHA/);
  });

  it("stores pages and the manifest, and streams an object back", async () => {
    const { key, sha256 } = await putPage(blobs, at, "index.md", "# Ledger\n");
    expect(key).toBe(docsKeys.page(at, "index.md"));
    expect(sha256).toBe(sha256Hex("# Ledger\n"));
    expect(await getPage(blobs, at, "index.md")).toBe("# Ledger\n");
    expect(await getPage(blobs, at, "missing.md")).toBeNull();

    const stream = await blobs.getStream(key);
    expect(stream?.bytes).toBe(9);
    expect(stream?.contentType).toMatch(/^text\/markdown/);
    expect(await new Response(stream?.body).text()).toBe("# Ledger\n");
    expect(await blobs.getStream(docsKeys.page(at, "nope.md"))).toBeNull();

    const manifest: Manifest = {
      label: at.label,
      ref: "main",
      commitSha: at.commitSha,
      generatedAt: new Date().toISOString(),
      generator: { kind: "skeleton" },
      pages: [{ path: "index.md", title: "Overview", inputsHash: "h", sha256, writer: "skeleton" }],
      files: { read: 10, skipped: 1 },
      skipped: { binary: { count: 1, examples: ["logo.png"] } },
      usage: { modelCalls: 0, promptTokens: 0, completionTokens: 0, costUsd: "0.0000000000" },
    };
    expect(await getManifest(blobs, at)).toBeNull();
    await putManifest(blobs, at, manifest);
    expect(await getManifest(blobs, at)).toEqual(manifest);
  });
});
