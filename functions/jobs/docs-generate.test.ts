import * as DocPages from "@finchat/core/db/doc-pages";
import * as DocSets from "@finchat/core/db/doc-sets";
import * as Runs from "@finchat/core/db/runs";
import { checkPages } from "@finchat/core/docs/check-pages.fixture";
import { retargetCitations } from "@finchat/core/docs/pages/cite";
import { docsKeys, getManifest } from "@finchat/core/docs/store";
import { GITHUB_READER_LABEL } from "@finchat/core/repo/index";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DocsHarness, runEvents, startDocsHarness } from "./docs-test-support.ts";

let h: DocsHarness;
let alice: Awaited<ReturnType<DocsHarness["api"]["signUp"]>>;
let worker: ReturnType<DocsHarness["startWorker"]>;
/** The commits the job announced as newly documented (the Worker indexes them for search). */
const documented: { label: string; commitSha: string }[] = [];
beforeAll(async () => {
  h = await startDocsHarness();
  alice = await h.api.signUp();
  worker = h.startWorker({
    onDocumented: async (source, commitSha) => {
      documented.push({
        label: source.kind === "github" ? `${source.owner}/${source.repo}` : source.name,
        commitSha,
      });
    },
  });
  await worker.ready();
});
afterAll(async () => {
  await worker.close(1000);
  await h.close();
});

async function requestDocs(body: unknown = { repo: "acme/ledger" }) {
  const res = await h.api.app.request("/api/docs", {
    method: "POST",
    headers: alice.headers,
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
  const accepted = (await res.json()) as { docSetId: string; runId: string };
  const events = await runEvents(h, accepted.runId, alice.headers);
  const docSet = await DocSets.get(h.api.deps.db, accepted.docSetId);
  if (!docSet) throw new Error("no doc set");
  return { ...accepted, events, docSet };
}

const readerStats = () => h.client.callStats()[GITHUB_READER_LABEL] ?? { requests: 0, notModified: 0 };

describe("docs-generate against the testkit GitHub server", () => {
  let first: Awaited<ReturnType<typeof requestDocs>>;

  it("writes pages, manifest, site and exports to S3, reporting progress", async () => {
    h.client.resetCallStats();
    first = await requestDocs();
    expect(first.events.at(-1)).toEqual({ event: "run.completed", data: {} });
    const progress = first.events.filter((e) => e.event === "docs.progress").map((e) => e.data);
    expect(progress.map((p) => p.phase)).toEqual(
      expect.arrayContaining(["reading", "writing", "publishing"]),
    );
    const last = progress.at(-1);
    expect(last?.pagesDone).toBe(last?.pagesTotal);
    expect(last?.filesRead).toBe(last?.filesTotal);

    const { docSet } = first;
    expect(docSet).toMatchObject({
      status: "completed",
      ref: "main",
      commitSha: h.github.server.model.branches.get("main"),
    });
    const location = { label: "acme/ledger", commitSha: docSet.commitSha ?? "" };
    const keys = (await h.api.deps.blobs.list(`docs/acme/ledger/${location.commitSha}/`)).map((b) => b.key);
    const pages = await DocPages.list(h.api.deps.db, docSet.id);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(docSet.pageCount).toBe(pages.length);
    for (const page of pages) expect(keys).toContain(docsKeys.page(location, page.path));
    for (const file of [
      "manifest.json",
      "export.zip",
      "export.html",
      "site/index.html",
      "site/assets/mermaid.min.js",
    ]) {
      expect(keys).toContain(`docs/acme/ledger/${location.commitSha}/${file}`);
    }
    const manifest = await getManifest(h.api.deps.blobs, location);
    expect(manifest).toMatchObject({ label: "acme/ledger", ref: "main", generator: { kind: "skeleton" } });
    expect(manifest?.pages.map((p) => p.path)).toEqual(pages.map((p) => p.path));
    expect(manifest?.skipped.binary?.count).toBeGreaterThan(0);
    expect(documented).toEqual([{ label: "acme/ledger", commitSha: location.commitSha }]);
    // The default branch's name, resolve + tree, then one blob per file listed as text.
    const read = manifest?.files.read ?? 0;
    expect(readerStats().requests).toBeGreaterThanOrEqual(3 + read);
    expect(readerStats().requests).toBeLessThanOrEqual(3 + read + (manifest?.skipped.binary?.count ?? 0));
  });

  it("cites only files of the commit, within their lines, and every diagram parses", async () => {
    const commitSha = first.docSet.commitSha ?? "";
    const snapshot = h.github.server.model.commits.get(commitSha)?.snapshot;
    const pages = await Promise.all(
      (await DocPages.list(h.api.deps.db, first.docSetId)).map(async (p) => ({
        path: p.path,
        markdown: new TextDecoder().decode((await h.api.deps.blobs.get(p.s3Key)) ?? new Uint8Array()),
      })),
    );
    const check = await checkPages(pages, { label: "acme/ledger", commitSha }, async (path) => {
      const text = snapshot?.get(path);
      return text === undefined ? null : text.split("\n").length;
    });
    expect(check.problems).toEqual([]);
    expect(check.citations).toBeGreaterThan(10);
    expect(check.diagrams).toBeGreaterThan(0);
  });

  it("answers a second request for the same commit with the existing set, reading only the ref and tree", async () => {
    h.client.resetCallStats();
    const again = await requestDocs();
    expect(again.docSet).toMatchObject({
      status: "completed",
      sameAs: first.docSetId,
      commitSha: first.docSet.commitSha,
    });
    expect(readerStats().requests).toBeLessThanOrEqual(3);
    expect(documented).toHaveLength(1);
    const view = await h.api.app.request(`/api/docs/${again.docSetId}`, { headers: alice.headers });
    const body = (await view.json()) as { pages: unknown[] };
    expect(body.pages).toHaveLength(first.docSet.pageCount);
    const run = await Runs.get(h.api.deps.db, alice.user.id, again.runId);
    expect(run?.status).toBe("completed");
  });

  it("after a one-file change reads that file alone and rewrites only the pages that depend on it", async () => {
    const before = await DocPages.list(h.api.deps.db, first.docSetId);
    h.github.server.pushCommit(
      { "src/ledger/post.ts": "/** Posts journal entries. */\nexport function post() {}\n" },
      "Change post",
    );
    h.client.resetCallStats();
    const next = await requestDocs();
    expect(next.docSet.commitSha).not.toBe(first.docSet.commitSha);
    expect(documented.at(-1)).toEqual({ label: "acme/ledger", commitSha: next.docSet.commitSha });
    expect(readerStats().requests).toBe(4);
    const after = await DocPages.list(h.api.deps.db, next.docSetId);
    const changed = after.filter((p) => before.find((b) => b.path === p.path)?.inputsHash !== p.inputsHash);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThan(after.length);
    // Unchanged pages are the previous ones with their citations moved to the new commit.
    const text = async (key: string) =>
      new TextDecoder().decode((await h.api.deps.blobs.get(key)) ?? new Uint8Array());
    const from = { label: "acme/ledger", commitSha: first.docSet.commitSha ?? "" };
    const to = { label: "acme/ledger", commitSha: next.docSet.commitSha ?? "" };
    for (const page of after.filter((p) => !changed.includes(p))) {
      const previous = before.find((b) => b.path === page.path);
      const copied = await text(page.s3Key);
      expect(copied).toBe(retargetCitations(await text(previous?.s3Key ?? ""), from, to));
      if (copied.includes("/blob/")) expect(copied).not.toContain(from.commitSha);
    }
  });
});
