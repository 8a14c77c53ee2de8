import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nulAt } from "./nul-text.ts";
import { createTestApi, errorOf } from "./test-support.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

type Conversation = { id: string; title: string; messages: Array<{ content: string }> };

/** A JSON body whose text holds a real NUL (JSON.stringify writes it as \u0000). */
const nul = "before\u0000after";

async function expectRefused(res: Response, where: string): Promise<void> {
  expect(res.status).toBe(400);
  const error = await errorOf(res);
  expect(error.code).toBe("invalid_request");
  expect(error.message).toContain("NUL");
  expect(error.message).toContain(where);
}

describe("NUL in what a caller sends", () => {
  it("refuses a message holding one with 400, and stores and enqueues nothing", async () => {
    const { headers } = await api.signUp();
    const created = await api.app.request("/api/conversations", { method: "POST", headers, body: "{}" });
    const { id } = (await created.json()) as Conversation;

    const posted = await api.app.request(`/api/conversations/${id}/messages`, {
      method: "POST",
      headers,
      body: JSON.stringify({ content: nul }),
    });
    await expectRefused(posted, "content");
    const after = (await (
      await api.app.request(`/api/conversations/${id}`, { headers })
    ).json()) as Conversation;
    expect(after.messages).toEqual([]);
    expect(after.title).toBe("New conversation");
  });

  it("refuses a title holding one, on create and on rename, and changes nothing", async () => {
    const { headers } = await api.signUp();
    await expectRefused(
      await api.app.request("/api/conversations", {
        method: "POST",
        headers,
        body: JSON.stringify({ title: nul }),
      }),
      "title",
    );
    const list = (await (await api.app.request("/api/conversations", { headers })).json()) as {
      items: unknown[];
    };
    expect(list.items).toEqual([]);

    const created = await api.app.request("/api/conversations", {
      method: "POST",
      headers,
      body: JSON.stringify({ title: "Q3 close" }),
    });
    const { id } = (await created.json()) as Conversation;
    await expectRefused(
      await api.app.request(`/api/conversations/${id}`, {
        method: "PATCH",
        headers,
        body: JSON.stringify({ title: nul }),
      }),
      "title",
    );
    const got = (await (
      await api.app.request(`/api/conversations/${id}`, { headers })
    ).json()) as Conversation;
    expect(got.title).toBe("Q3 close");

    // Text that only spells \u0000 (a backslash and five characters) holds no NUL: kept as sent.
    const spelled = String.raw`path C:\u0000 and "quotes"`;
    const renamed = await api.app.request(`/api/conversations/${id}`, {
      method: "PATCH",
      headers,
      body: JSON.stringify({ title: spelled }),
    });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as Conversation).title).toBe(spelled);
  });

  it("refuses one at sign-up before an account exists, and in the query or path", async () => {
    const signup = (name: string) =>
      api.app.request("/api/auth/signup", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "nul@example.com", password: "long enough pw", name }),
      });
    await expectRefused(await signup(nul), "name");
    // The refused sign-up created nothing: the address is still free.
    expect((await signup("Nul Free")).status).toBe(201);

    const { headers } = await api.signUp();
    await expectRefused(await api.app.request("/api/conversations?q=before%00after", { headers }), "URL");
    await expectRefused(await api.app.request("/api/conversations/abc%00def", { headers }), "URL");
  });
});

describe("nulAt", () => {
  it("names where a NUL sits, in strings and field names at any depth", () => {
    expect(nulAt({ content: "fine", items: [{ name: "ok" }, { name: "a\u0000" }] })).toBe("items[1].name");
    expect(nulAt({ nested: { "bad\u0000key": 1 } })).toBe("a field name in nested");
    expect(nulAt("\u0000")).toBe("body");
    expect(nulAt({ a: [1, true, null, "ok"] })).toBeNull();
    let deep: unknown = "x\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nulAt(deep)).toMatch(/^\[0\]/);
  });
});
