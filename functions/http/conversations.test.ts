import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, errorOf } from "./test-support.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

type Conversation = { id: string; title: string; createdAt: string; updatedAt: string };

async function create(headers: Record<string, string>, title?: string): Promise<Conversation> {
  const res = await api.app.request("/api/conversations", {
    method: "POST",
    headers,
    body: JSON.stringify(title ? { title } : {}),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Conversation;
}

describe("conversations", () => {
  it("creates, gets, renames and deletes", async () => {
    const { headers } = await api.signUp();
    const created = await create(headers, "Q3 close");
    expect(created).toMatchObject({ title: "Q3 close" });
    expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt);

    const got = await api.app.request(`/api/conversations/${created.id}`, { headers });
    expect(await got.json()).toMatchObject({ id: created.id, title: "Q3 close", messages: [] });

    const renamed = await api.app.request(`/api/conversations/${created.id}`, {
      method: "PATCH",
      headers,
      body: JSON.stringify({ title: "Q3 close checklist" }),
    });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as Conversation).title).toBe("Q3 close checklist");

    const del = await api.app.request(`/api/conversations/${created.id}`, { method: "DELETE", headers });
    expect(del.status).toBe(204);
    expect((await api.app.request(`/api/conversations/${created.id}`, { headers })).status).toBe(404);
  });

  it("creates with a default title when the body is empty", async () => {
    const { cookie, csrfToken } = await api.signUp();
    const res = await api.app.request("/api/conversations", {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrfToken },
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as Conversation).title).toBe("New conversation");
  });

  it("pages newest first with a cursor, with no gaps or duplicates", async () => {
    const { headers } = await api.signUp();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await create(headers, `c${i}`)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
      const res = await api.app.request(`/api/conversations${query}`, { headers });
      const page = (await res.json()) as { items: Conversation[]; nextCursor: string | null };
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
  });

  it("searches titles", async () => {
    const { headers } = await api.signUp();
    await create(headers, "Treasury forecast");
    await create(headers, "Payroll run");
    const res = await api.app.request("/api/conversations?q=treasury", { headers });
    const page = (await res.json()) as { items: Conversation[] };
    expect(page.items.map((c) => c.title)).toEqual(["Treasury forecast"]);
  });

  it("rejects bad input with 400 and changes nothing", async () => {
    const { headers } = await api.signUp();
    const c = await create(headers, "keep me");
    const res = await api.app.request(`/api/conversations/${c.id}`, {
      method: "PATCH",
      headers,
      body: JSON.stringify({ title: "" }),
    });
    expect(res.status).toBe(400);
    const got = (await (
      await api.app.request(`/api/conversations/${c.id}`, { headers })
    ).json()) as Conversation;
    expect(got.title).toBe("keep me");
    expect((await api.app.request("/api/conversations?limit=0", { headers })).status).toBe(400);
    const badCursor = await api.app.request("/api/conversations?cursor=%%%", { headers });
    expect(badCursor.status).toBe(400);
  });
});

describe("another user's conversation", () => {
  it("is a 404 on every verb and is left untouched", async () => {
    const owner = await api.signUp();
    const intruder = await api.signUp();
    const c = await create(owner.headers, "private");
    const path = `/api/conversations/${c.id}`;
    const h = intruder.headers;
    const answers = [
      await api.app.request(path, { headers: h }),
      await api.app.request(path, {
        method: "PATCH",
        headers: h,
        body: JSON.stringify({ title: "mine now" }),
      }),
      await api.app.request(path, { method: "DELETE", headers: h }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe("not_found");
    }
    const list = (await (await api.app.request("/api/conversations", { headers: h })).json()) as {
      items: Conversation[];
    };
    expect(list.items).toHaveLength(0);
    const still = (await (await api.app.request(path, { headers: owner.headers })).json()) as Conversation;
    expect(still.title).toBe("private");
  });
});

describe("a POST without a body over real HTTP", () => {
  it("creates a conversation with no content-type at all", async () => {
    const { serve } = await import("@hono/node-server");
    const { headers } = await api.signUp();
    const server = serve({ fetch: api.app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      const res = await fetch(`http://127.0.0.1:${port}/api/conversations`, {
        method: "POST",
        headers: { cookie: headers.cookie, "x-csrf-token": headers["x-csrf-token"] },
      });
      expect(res.status).toBe(201);
    } finally {
      server.close();
    }
  });
});
