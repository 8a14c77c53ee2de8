import { randomUUID } from "node:crypto";
import * as DocPages from "@finchat/core/db/doc-pages";
import * as DocSets from "@finchat/core/db/doc-sets";
import { publishDocSet } from "@finchat/core/docs/publish";
import { type Manifest, putPage } from "@finchat/core/docs/store";
import { appendRunEvent } from "@finchat/core/runs/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readZip } from "../../packages/core/src/docs/zip-reader.fixture.ts";
import { createTestApi, errorOf } from "./test-support.ts";

const owner = `acme${randomUUID().slice(0, 8)}`;
let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi({
    GITHUB_ALLOW: `${owner}/*,other/allowed`,
    GITHUB_TOKEN: "test-token",
    LOCAL_REPOS: "finchat=/srv/finchat",
  });
});
afterAll(() => api.close());

const post = (headers: Record<string, string>, body: unknown) =>
  api.app.request("/api/docs", { method: "POST", headers, body: JSON.stringify(body) });

async function queued(): Promise<number> {
  const attributes = await api.deps.queueAdmin.getQueueAttributes("docs-generate");
  return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesDelayed;
}

/** A completed set written the way the job writes one: pages, their records, site, exports, manifest. */
async function completedSet(userId: string, repo: string) {
  const { docSet } = await DocSets.request(api.deps.db, { label: repo, sourceKind: "github", userId });
  const location = { label: repo, commitSha: "b".repeat(40) };
  await DocSets.start(api.deps.db, docSet.id, { ref: "main", commitSha: location.commitSha });
  const pages = [
    { path: "index.md", title: "Overview", markdown: "# Overview\n\nSee [core](modules/core.md).\n" },
    {
      path: "modules/core.md",
      title: "core",
      markdown: "# core\n\n```mermaid\nflowchart LR\n  a --> b\n```\n",
    },
  ];
  const manifest: Manifest = {
    label: repo,
    ref: "main",
    commitSha: location.commitSha,
    generatedAt: new Date().toISOString(),
    generator: { kind: "skeleton" },
    pages: [],
    files: { read: 2, skipped: 0 },
    skipped: {},
    usage: { modelCalls: 0, promptTokens: 0, completionTokens: 0, costUsd: "0.0000000000" },
  };
  for (const [position, page] of pages.entries()) {
    const { key, sha256 } = await putPage(api.deps.blobs, location, page.path, page.markdown);
    await DocPages.record(api.deps.db, docSet.id, {
      ...page,
      position,
      inputsHash: "h",
      writer: "skeleton",
      sha256,
      s3Key: key,
    });
    manifest.pages.push({ path: page.path, title: page.title, inputsHash: "h", sha256, writer: "skeleton" });
  }
  await publishDocSet(api.deps.blobs, location, { manifest, pages });
  await DocSets.complete(api.deps.db, docSet.id, { pageCount: pages.length, usage: manifest.usage });
  return { docSet, pages, manifest };
}

describe("POST /api/docs", () => {
  it("queues one run and one job for a repository, however often it is asked", async () => {
    const { headers, user } = await api.signUp();
    const before = await queued();
    const res = await post(headers, { repo: `${owner}/Ledger`, ref: "main" });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as { docSetId: string; runId: string };
    const again = await post(headers, { repo: `${owner}/ledger`, ref: "main" });
    expect(await again.json()).toEqual(accepted);
    expect(await queued()).toBe(before + 1);

    const run = await api.app.request(`/api/runs/${accepted.runId}`, { headers });
    expect(await run.json()).toMatchObject({ id: accepted.runId, status: "queued", conversationId: null });
    const list = (await (await api.app.request("/api/docs", { headers })).json()) as { items: unknown[] };
    expect(list.items).toContainEqual(
      expect.objectContaining({ docSetId: accepted.docSetId, repo: `${owner}/ledger`, status: "queued" }),
    );
    const set = await DocSets.get(api.deps.db, accepted.docSetId);
    expect(set).toMatchObject({ requestedBy: user.id, ref: "main", sourceKind: "github" });
  });

  it("takes a configured local repository by name", async () => {
    const { headers } = await api.signUp();
    const res = await post(headers, { localRepo: "finchat" });
    expect(res.status).toBe(202);
    const { docSetId } = (await res.json()) as { docSetId: string };
    expect(await DocSets.get(api.deps.db, docSetId)).toMatchObject({ label: "local/finchat", ref: null });
  });

  it("refuses what is not allowed or not well-formed, changing nothing", async () => {
    const { headers } = await api.signUp();
    const before = (await DocSets.list(api.deps.db, { limit: 100 })).items.length;
    const cases: [unknown, number, RegExp][] = [
      [{ repo: "stranger/ledger" }, 403, /allow-list/],
      [{ localRepo: "secrets" }, 403, /Configured: finchat/],
      [{ localRepo: "../etc" }, 403, /not a configured/],
      [{ repo: `${owner}/ledger`, localRepo: "finchat" }, 400, /Invalid json/],
      [{}, 400, /Invalid json/],
      [{ repo: "no-slash" }, 400, /owner\/repo/],
      [{ repo: `${owner}/ledger`, ref: "--upload-pack=x" }, 400, /ref/],
      [{ repo: `${owner}/ledger`, ref: "main/../../x" }, 400, /ref/],
    ];
    for (const [body, status, message] of cases) {
      const res = await post(headers, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((await errorOf(res)).message).toMatch(message);
    }
    expect((await DocSets.list(api.deps.db, { limit: 100 })).items.length).toBe(before);
  });

  it("refuses a GitHub repository while GitHub is not configured", async () => {
    const bare = await createTestApi({ GITHUB_ALLOW: `${owner}/*` });
    try {
      const { headers } = await bare.signUp();
      const res = await bare.app.request("/api/docs", {
        method: "POST",
        headers,
        body: JSON.stringify({ repo: `${owner}/ledger` }),
      });
      expect(res.status).toBe(422);
      expect((await errorOf(res)).message).toMatch(/GITHUB_TOKEN/);
    } finally {
      await bare.close();
    }
  });

  it("needs a signed-in caller", async () => {
    const res = await api.app.request("/api/docs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ repo: `${owner}/ledger` }),
    });
    expect(res.status).toBe(401);
    expect((await api.app.request("/api/docs")).status).toBe(401);
  });
});

describe("GET /api/docs/sources", () => {
  it("names what can be documented: the GitHub allow-list and the local repositories, never their paths", async () => {
    const { headers } = await api.signUp();
    const res = await api.app.request("/api/docs/sources", { headers });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({
      github: { configured: true, allow: [`${owner}/*`, "other/allowed"] },
      local: ["finchat"],
    });
    expect(body).not.toContain("/srv");
    expect((await api.app.request("/api/docs/sources")).status).toBe(401);
  });

  it("says GitHub is not configured without GITHUB_TOKEN", async () => {
    const bare = await createTestApi({ GITHUB_ALLOW: "acme/ledger", LOCAL_REPOS: "" });
    try {
      const { headers } = await bare.signUp();
      const res = await bare.app.request("/api/docs/sources", { headers });
      expect(await res.json()).toEqual({ github: { configured: false, allow: ["acme/ledger"] }, local: [] });
    } finally {
      await bare.close();
    }
  });
});

describe("reading a documentation set", () => {
  it("serves the set, its pages and both exports to every signed-in person", async () => {
    const alice = await api.signUp();
    const bob = await api.signUp();
    const { docSet, pages } = await completedSet(alice.user.id, `${owner}/books`);

    const mine = (await (
      await api.app.request(`/api/docs/${docSet.id}`, { headers: alice.headers })
    ).json()) as {
      runId: string | null;
      pages: unknown[];
      manifest: { pages: unknown[] };
    };
    expect(mine).toMatchObject({ status: "completed", runId: docSet.runId, commitSha: "b".repeat(40) });
    expect(mine.pages).toEqual(pages.map((p) => ({ path: p.path, title: p.title })));
    expect(mine.manifest.pages).toHaveLength(2);
    const theirs = await api.app.request(`/api/docs/${docSet.id}`, { headers: bob.headers });
    expect(await theirs.json()).toMatchObject({ docSetId: docSet.id, runId: null });

    const page = await api.app.request(`/api/docs/${docSet.id}/pages/modules/core.md`, {
      headers: bob.headers,
    });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(await page.text()).toBe(pages[1]?.markdown);
    for (const missing of ["modules/none.md", "../index.md", "index.md/x"]) {
      const res = await api.app.request(`/api/docs/${docSet.id}/pages/${missing}`, { headers: bob.headers });
      expect(res.status, missing).toBe(404);
    }

    const zip = await api.app.request(`/api/docs/${docSet.id}/export?format=zip`, { headers: bob.headers });
    expect(zip.headers.get("content-type")).toBe("application/zip");
    expect(zip.headers.get("content-disposition")).toBe(`attachment; filename="${owner}-books-bbbbbbb.zip"`);
    const entries = readZip(new Uint8Array(await zip.arrayBuffer()));
    expect(entries.get(`${owner}-books-bbbbbbb/site/index.html`)?.toString()).toContain("modules/core.html");

    const html = await api.app.request(`/api/docs/${docSet.id}/export?format=html`, { headers: bob.headers });
    expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await html.text()).toContain('<section id="page-modules-core">');
  });

  it("answers 404 for an unknown set, 409 for an export not ready and 400 for an unknown format", async () => {
    const { headers, user } = await api.signUp();
    expect((await api.app.request("/api/docs/nope", { headers })).status).toBe(404);
    const { docSet } = await DocSets.request(api.deps.db, {
      label: `${owner}/pending`,
      sourceKind: "github",
      userId: user.id,
    });
    const early = await api.app.request(`/api/docs/${docSet.id}/export`, { headers });
    expect(early.status).toBe(409);
    const bad = await api.app.request(`/api/docs/${docSet.id}/export?format=pdf`, { headers });
    expect(bad.status).toBe(400);
  });

  it("streams a docs run's progress to its requester only", async () => {
    const alice = await api.signUp();
    const bob = await api.signUp();
    const res = await post(alice.headers, { repo: "other/allowed" });
    const { runId } = (await res.json()) as { runId: string };
    const progress = { phase: "writing", filesRead: 3, filesTotal: 3, pagesDone: 1, pagesTotal: 4 };
    await appendRunEvent(api.deps.redis, runId, "docs.progress", progress);
    await appendRunEvent(api.deps.redis, runId, "run.completed", {});
    const events = await api.app.request(`/api/runs/${runId}/events`, { headers: alice.headers });
    const text = await events.text();
    expect(text).toContain("event: docs.progress");
    expect(text).toContain(JSON.stringify(progress));
    expect((await api.app.request(`/api/runs/${runId}/events`, { headers: bob.headers })).status).toBe(404);
  });

  it("describes every documentation route in the OpenAPI document", async () => {
    const doc = (await (await api.app.request("/api/openapi.json")).json()) as {
      paths: Record<string, object>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/docs",
        "/api/docs/sources",
        "/api/docs/{docSetId}",
        "/api/docs/{docSetId}/pages/{path}",
        "/api/docs/{docSetId}/export",
      ]),
    );
    expect(Object.keys(doc.paths["/api/docs"] ?? {})).toEqual(expect.arrayContaining(["get", "post"]));
  });
});
