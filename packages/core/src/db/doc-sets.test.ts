import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as DocPages from "./doc-pages.ts";
import * as DocSets from "./doc-sets.ts";
import * as Runs from "./runs.ts";
import { addTestUser, openTestDatabase, type TestDatabase } from "./test-database.ts";
import type { User } from "./users.ts";

let t: TestDatabase;
let alice: User;
let bob: User;
beforeEach(async () => {
  t = await openTestDatabase();
  alice = await addTestUser(t.db);
  bob = await addTestUser(t.db);
});
afterEach(async () => {
  await t.close();
});

const sha = (c: string) => c.repeat(40);
const ask = (userId: string, ref?: string) =>
  DocSets.request(t.db, { label: "acme/ledger", sourceKind: "github", userId, ...(ref ? { ref } : {}) });

describe("DocSets.request", () => {
  it("creates a queued set with a queued docs run of the requester", async () => {
    const { docSet, created } = await ask(alice.id, "main");
    expect(created).toBe(true);
    expect(docSet).toMatchObject({ label: "acme/ledger", ref: "main", status: "queued", commitSha: null });
    const run = await Runs.get(t.db, alice.id, docSet.runId ?? "");
    expect(run).toMatchObject({ kind: "docs", status: "queued", conversationId: null });
    expect(await DocSets.get(t.db, docSet.id)).toEqual(docSet);
  });

  it("answers a repeated request of the same person with the unfinished set, not another", async () => {
    const first = await ask(alice.id);
    const again = await ask(alice.id);
    expect(again).toEqual({ docSet: first.docSet, created: false });
    expect((await ask(alice.id, "dev")).created).toBe(true);
    expect((await ask(bob.id)).created).toBe(true);

    await DocSets.fail(t.db, first.docSet.id, { code: "internal", message: "boom" });
    expect((await ask(alice.id)).created).toBe(true);
  });

  it("does not let an unfinished set older than the window block a new request", async () => {
    const stuck = await ask(alice.id);
    const old = new Date(Date.now() - DocSets.REQUEST_DEDUP_MS - 1000).toISOString();
    await t.db.execute({
      sql: "UPDATE doc_sets SET created_at = ? WHERE id = ?",
      args: [old, stuck.docSet.id],
    });
    const fresh = await ask(alice.id);
    expect(fresh.created).toBe(true);
    expect(fresh.docSet.id).not.toBe(stuck.docSet.id);
  });
});

describe("DocSets lifecycle", () => {
  it("resolves, completes, and finds the completed and previous sets of a label", async () => {
    const { docSet } = await ask(alice.id);
    await DocSets.start(t.db, docSet.id, { ref: "main", commitSha: sha("a") });
    expect(await DocSets.get(t.db, docSet.id)).toMatchObject({ status: "running", ref: "main" });
    expect(await DocSets.findCompleted(t.db, "acme/ledger", sha("a"))).toBeNull();

    await DocSets.complete(t.db, docSet.id, { pageCount: 7, usage: { totalTokens: 10 } });
    const done = await DocSets.findCompleted(t.db, "acme/ledger", sha("a"));
    expect(done).toMatchObject({ id: docSet.id, pageCount: 7, usage: { totalTokens: 10 } });
    expect(await DocSets.findPrevious(t.db, "acme/ledger", sha("b"))).toMatchObject({ id: docSet.id });
    expect(await DocSets.findPrevious(t.db, "acme/ledger", sha("a"))).toBeNull();
  });

  it("keeps one completed set per label and commit; a later request becomes its alias", async () => {
    const first = (await ask(alice.id)).docSet;
    const second = (await ask(bob.id)).docSet;
    for (const set of [first, second])
      await DocSets.start(t.db, set.id, { ref: "main", commitSha: sha("c") });
    await DocSets.complete(t.db, first.id, { pageCount: 3, usage: null });
    await expect(DocSets.complete(t.db, second.id, { pageCount: 3, usage: null })).rejects.toThrow(/UNIQUE/);

    const canonical = await DocSets.findCompleted(t.db, "acme/ledger", sha("c"));
    if (!canonical) throw new Error("no completed set");
    await DocSets.completeAs(t.db, second.id, canonical);
    expect(await DocSets.get(t.db, second.id)).toMatchObject({ status: "completed", sameAs: first.id });
    const page = await DocSets.list(t.db, { limit: 10 });
    expect(page.items.map((s) => s.id)).toEqual([first.id]);
  });

  it("lists newest first, a page at a time", async () => {
    const ids: string[] = [];
    for (const ref of ["a", "b", "c"]) ids.push((await ask(alice.id, ref)).docSet.id);
    const first = await DocSets.list(t.db, { limit: 2 });
    expect(first.items.map((s) => s.id)).toEqual([ids[2], ids[1]]);
    const rest = await DocSets.list(t.db, { limit: 2, cursor: first.nextCursor ?? "" });
    expect(rest).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    await expect(DocSets.list(t.db, { limit: 0 })).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("refuses to complete a set without a commit, and an unknown set", async () => {
    const { docSet } = await ask(alice.id);
    await expect(DocSets.complete(t.db, docSet.id, { pageCount: 1, usage: null })).rejects.toThrow(/CHECK/);
    await expect(DocSets.fail(t.db, "missing", { code: "x", message: "y" })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("DocPages", () => {
  const page = (path: string, position: number, inputsHash = "h1") => ({
    path,
    position,
    title: path,
    inputsHash,
    writer: "skeleton",
    sha256: "f".repeat(64),
    s3Key: `docs/acme/ledger/x/pages/${path}`,
  });

  it("records pages in plan order, replaces a rewritten one and drops those outside the plan", async () => {
    const { docSet } = await ask(alice.id);
    await DocPages.record(t.db, docSet.id, page("modules/core.md", 2));
    await DocPages.record(t.db, docSet.id, page("index.md", 0));
    await DocPages.record(t.db, docSet.id, page("architecture.md", 1));
    await DocPages.record(t.db, docSet.id, page("index.md", 0, "h2"));
    expect((await DocPages.list(t.db, docSet.id)).map((p) => p.path)).toEqual([
      "index.md",
      "architecture.md",
      "modules/core.md",
    ]);
    expect(await DocPages.find(t.db, docSet.id, "index.md")).toMatchObject({ inputsHash: "h2" });

    expect(await DocPages.removeOthers(t.db, docSet.id, ["index.md", "architecture.md"])).toBe(1);
    expect(await DocPages.find(t.db, docSet.id, "modules/core.md")).toBeNull();
  });
});
