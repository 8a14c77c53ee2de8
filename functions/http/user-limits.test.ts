import * as DocSets from "@finchat/core/db/doc-sets";
import { docsKeys } from "@finchat/core/docs/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.ts";
import { createTestApi, errorOf } from "./test-support.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;

beforeAll(async () => {
  api = await createTestApi({
    USER_MAX_MESSAGES: "5",
    USER_MAX_DOCS_RUNS: "2",
    LOCAL_REPOS: "finchat=/srv/finchat",
    USER_MAX_TOKEN_CREATES: "3",
    USER_MAX_EXPORTS: "2",
    USER_LIMIT_WINDOW_SECONDS: "600",
  });
});
afterAll(() => api.close());

const statuses = (responses: Response[]) => responses.map((r) => r.status);

describe("per-user request limits", () => {
  it("lets a burst of 30 messages from one user through USER_MAX_MESSAGES times, across Api instances", async () => {
    const person = await api.signUp();
    const created = await api.app.request("/api/conversations", {
      method: "POST",
      headers: person.headers,
      body: "{}",
    });
    const { id } = (await created.json()) as { id: string };
    // A second app over the same Redis stands for a second Api process.
    const other = createApp(api.deps);
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? other : api.app).request(`/api/conversations/${id}/messages`, {
          method: "POST",
          headers: person.headers,
          body: JSON.stringify({ content: `question ${i}` }),
        }),
      ),
    );
    const seen = statuses(burst);
    expect(seen.filter((s) => s === 202)).toHaveLength(5);
    expect(seen.filter((s) => s === 429)).toHaveLength(25);
    const blocked = burst.find((r) => r.status === 429) as Response;
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(500);
    expect((await errorOf(blocked)).code).toBe("rate_limited");
    // Nothing was stored for the refused ones.
    const conversation = await api.app.request(`/api/conversations/${id}`, { headers: person.headers });
    const { messages } = (await conversation.json()) as { messages: unknown[] };
    expect(messages).toHaveLength(5);

    // Another user has their own allowance.
    const colleague = await api.signUp();
    const theirs = await api.app.request("/api/conversations", {
      method: "POST",
      headers: colleague.headers,
      body: "{}",
    });
    const { id: theirId } = (await theirs.json()) as { id: string };
    const ok = await api.app.request(`/api/conversations/${theirId}/messages`, {
      method: "POST",
      headers: colleague.headers,
      body: JSON.stringify({ content: "hello" }),
    });
    expect(ok.status).toBe(202);
  });

  it("counts regenerated answers against the same allowance as messages", async () => {
    const person = await api.signUp();
    const created = await api.app.request("/api/conversations", {
      method: "POST",
      headers: person.headers,
      body: "{}",
    });
    const { id } = (await created.json()) as { id: string };
    const asked = await api.app.request(`/api/conversations/${id}/messages`, {
      method: "POST",
      headers: person.headers,
      body: JSON.stringify({ content: "question" }),
    });
    const { messageId } = (await asked.json()) as { messageId: string };
    const again = await Promise.all(
      Array.from({ length: 8 }, () =>
        api.app.request(`/api/conversations/${id}/messages/${messageId}/regenerate`, {
          method: "POST",
          headers: person.headers,
        }),
      ),
    );
    expect(statuses(again).filter((s) => s === 202)).toHaveLength(4);
    expect(statuses(again).filter((s) => s === 429)).toHaveLength(4);
  });

  it("limits token creation and documentation runs per user; refused requests do not count", async () => {
    const person = await api.signUp();
    const tokens = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api.app.request("/api/tokens", {
          method: "POST",
          headers: person.headers,
          body: JSON.stringify({ name: `t${i}` }),
        }),
      ),
    );
    expect(statuses(tokens).filter((s) => s === 201)).toHaveLength(3);
    expect(statuses(tokens).filter((s) => s === 429)).toHaveLength(3);

    // A request the route refuses (4xx) did no work and does not count.
    const postDocs = (body: unknown) =>
      api.app.request("/api/docs", { method: "POST", headers: person.headers, body: JSON.stringify(body) });
    for (let i = 0; i < 3; i++) expect((await postDocs({ source: "nowhere" })).status).toBe(400);
    const runs = await Promise.all(
      Array.from({ length: 5 }, (_, i) => postDocs({ localRepo: "finchat", ref: `branch-${i}` })),
    );
    expect(statuses(runs).filter((s) => s === 202)).toHaveLength(2);
    expect(statuses(runs).filter((s) => s === 429)).toHaveLength(3);

    const exports = [];
    for (let i = 0; i < 4; i++) {
      exports.push(await api.app.request("/api/docs/nope/export", { headers: person.headers }));
    }
    expect(statuses(exports)).toEqual([404, 404, 404, 404]);
  });

  it("limits documentation exports per user", async () => {
    const person = await api.signUp();
    // A completed set with its zip, as the docs job leaves one.
    const label = `acme/limits-${Date.now()}`;
    const { docSet } = await DocSets.request(api.deps.db, {
      label,
      sourceKind: "github",
      userId: person.user.id,
    });
    const commitSha = "c".repeat(40);
    await DocSets.start(api.deps.db, docSet.id, { ref: "main", commitSha });
    await api.deps.blobs.put(docsKeys.exportZip({ label, commitSha }), "zip bytes", "application/zip");
    const usage = { modelCalls: 0, promptTokens: 0, completionTokens: 0, costUsd: "0" };
    await DocSets.complete(api.deps.db, docSet.id, { pageCount: 0, usage });

    const downloads = await Promise.all(
      Array.from({ length: 5 }, () =>
        api.app.request(`/api/docs/${docSet.id}/export`, { headers: person.headers }),
      ),
    );
    expect(statuses(downloads).filter((s) => s === 200)).toHaveLength(2);
    expect(statuses(downloads).filter((s) => s === 429)).toHaveLength(3);
  });
});
