import { defineTool } from "@finchat/core/agent";
import { type OpenAIServer, readEvents, startOpenAIServer } from "@finchat/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { nulAt } from "./nul-text.ts";
import { createTestApi, errorOf, startTestWorker } from "./test-support.ts";

let model: OpenAIServer;
let api: Awaited<ReturnType<typeof createTestApi>>;
let worker: ReturnType<typeof startTestWorker>;

/** A read tool whose data holds a NUL, as a GitHub file or a Jira field may. */
const fetchRecord = defineTool({
  name: "fetch_record",
  description: "Reads a record (a stand-in for GitHub or Jira data)",
  kind: "read",
  input: z.object({ id: z.string() }),
  run: async () => ({ content: "line one\u0000line two", summary: "Read the record" }),
});

beforeAll(async () => {
  model = await startOpenAIServer();
  api = await createTestApi({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "test-key" });
  worker = startTestWorker(api, [fetchRecord]);
  await worker.ready();
});
afterAll(async () => {
  await worker.close(2000);
  await api.close();
  await model.close();
});

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
    // The refused sign-up created nothing: the account made next carries the next name.
    expect((await signup("Nul Free")).status).toBe(202);
    const login = await api.app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "nul@example.com", password: "long enough pw" }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { user: { name: string } }).user.name).toBe("Nul Free");

    const { headers } = await api.signUp();
    await expectRefused(await api.app.request("/api/conversations?q=before%00after", { headers }), "URL");
    await expectRefused(await api.app.request("/api/conversations/abc%00def", { headers }), "URL");
  });
});

describe("NUL in what the model or a tool writes", () => {
  it("is stored as U+FFFD in the answer, the tool result and the title, never cut", async () => {
    const person = await api.signUp();
    const created = await api.app.request("/api/conversations", {
      method: "POST",
      headers: person.headers,
      body: "{}",
    });
    const { id } = (await created.json()) as Conversation;
    model.enqueue(
      { toolCalls: [{ name: "fetch_record", arguments: { id: "r1" } }] },
      { text: "Checked\u0000: both lines." },
      { text: "Record\u0000check" },
    );
    const posted = await api.app.request(`/api/conversations/${id}/messages`, {
      method: "POST",
      headers: { ...person.headers, accept: "text/event-stream" },
      body: JSON.stringify({ content: "Check record r1" }),
    });
    const received = await readEvents(posted, (e) => e.event === "run.completed" || e.event === "run.failed");
    expect(received.at(-1)?.event).toBe("run.completed");

    const got = (await (
      await api.app.request(`/api/conversations/${id}`, { headers: person.headers })
    ).json()) as Conversation & {
      messages: Array<{ role: string; content: string }>;
    };
    expect(got.messages.at(-1)).toMatchObject({ role: "assistant", content: "Checked\uFFFD: both lines." });
    expect(got.title).toBe("Record\uFFFDcheck");
    const tool = await api.deps.db.execute({
      sql: "SELECT content FROM messages WHERE conversation_id = ? AND role = 'tool'",
      args: [id],
    });
    expect(tool.rows.map((r) => r.content)).toEqual(["line one\uFFFDline two"]);
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
