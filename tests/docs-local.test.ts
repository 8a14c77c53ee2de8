import { join } from "node:path";
import * as DocPages from "@finchat/core/db/doc-pages";
import * as DocSets from "@finchat/core/db/doc-sets";
import { checkPages } from "@finchat/core/docs/check-pages.fixture";
import { getManifest } from "@finchat/core/docs/store";
import { openReader } from "@finchat/core/repo/index";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DocsHarness, runEvents, startDocsHarness } from "../functions/jobs/docs-test-support.ts";

/** This project's own checkout, documented as the local repository `finchat`. */
const checkout = join(import.meta.dirname, "..");

let h: DocsHarness;
let person: Awaited<ReturnType<DocsHarness["api"]["signUp"]>>;
let worker: ReturnType<DocsHarness["startWorker"]>;
beforeAll(async () => {
  h = await startDocsHarness({ env: { LOCAL_REPOS: `finchat=${checkout}` } });
  person = await h.api.signUp();
  worker = h.startWorker();
  await worker.ready();
});
afterAll(async () => {
  await worker.close(1000);
  await h.close();
});

async function documentCheckout() {
  const res = await h.api.app.request("/api/docs", {
    method: "POST",
    headers: person.headers,
    body: JSON.stringify({ localRepo: "finchat" }),
  });
  const { docSetId, runId } = (await res.json()) as { docSetId: string; runId: string };
  const events = await runEvents(h, runId, person.headers);
  return { docSetId, events, docSet: await DocSets.get(h.api.deps.db, docSetId) };
}

describe("docs-generate on this project's own checkout", () => {
  it("documents the committed tree with valid diagrams and local citations", {
    timeout: 120_000,
  }, async () => {
    const started = performance.now();
    const { docSetId, events, docSet } = await documentCheckout();
    const ms = performance.now() - started;
    expect(events.at(-1)?.event).toBe("run.completed");
    expect(docSet).toMatchObject({ status: "completed", label: "local/finchat" });
    const commitSha = docSet?.commitSha ?? "";
    const location = { label: "local/finchat", commitSha };

    const manifest = await getManifest(h.api.deps.blobs, location);
    expect(manifest?.files.read).toBeGreaterThan(300);
    expect(manifest?.skipped.generated?.count).toBeGreaterThan(0);
    const pages = await DocPages.list(h.api.deps.db, docSetId);
    expect(pages.map((p) => p.path)).toEqual(expect.arrayContaining(["index.md"]));
    expect(pages.some((p) => p.path.startsWith("modules/"))).toBe(true);

    const reader = openReader(h.api.deps.config, { kind: "local", name: "finchat", ref: commitSha });
    const files = new Map((await reader.snapshot()).files.map((f) => [f.path, f]));
    const markdown = await Promise.all(
      pages.map(async (p) => ({
        path: p.path,
        markdown: new TextDecoder().decode((await h.api.deps.blobs.get(p.s3Key)) ?? new Uint8Array()),
      })),
    );
    const check = await checkPages(markdown, location, async (path) => {
      const file = files.get(path);
      const text = file ? await reader.readText(file) : null;
      return text === null ? null : text.split("\n").length;
    });
    (reader as { close?: () => void }).close?.();
    expect(check.problems).toEqual([]);
    expect(check.citations).toBeGreaterThan(50);
    expect(check.diagrams).toBeGreaterThan(0);
    console.info(
      `local checkout: ${manifest?.files.read} files read, ${pages.length} pages, ${check.citations} citations, ${check.diagrams} diagrams in ${Math.round(ms)} ms`,
    );

    const again = await documentCheckout();
    expect(again.docSet).toMatchObject({ status: "completed", sameAs: docSetId });
  });
});
