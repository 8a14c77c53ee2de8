import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.ts";
import { createTestApi, errorOf } from "./test-support.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;

beforeAll(async () => {
  api = await createTestApi({
    USER_MAX_MESSAGES: "5",
    USER_MAX_DOCS_RUNS: "2",
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

  it("limits token creation, documentation runs and exports per user", async () => {
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

    // Every request to these routes counts, whatever it answers.
    const docs = [];
    for (let i = 0; i < 3; i++) {
      docs.push(
        await api.app.request("/api/docs", {
          method: "POST",
          headers: person.headers,
          body: JSON.stringify({ source: "nowhere" }),
        }),
      );
    }
    expect(statuses(docs)).toEqual([400, 400, 429]);

    const exports = [];
    for (let i = 0; i < 3; i++) {
      exports.push(await api.app.request("/api/docs/nope/export", { headers: person.headers }));
    }
    expect(statuses(exports)).toEqual([404, 404, 429]);
  });
});
