import { defineTool } from "@finchat/core/agent";
import { Messages, Runs } from "@finchat/core/db";
import { createRedis } from "@finchat/core/redis";
import { appendRunEvents } from "@finchat/core/runs/events";
import { type OpenAIServer, readEvents, startOpenAIServer } from "@finchat/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestApi, errorOf, startTestWorker } from "./test-support.ts";

let model: OpenAIServer;
let api: Awaited<ReturnType<typeof createTestApi>>;
let worker: ReturnType<typeof startTestWorker>;
const notes: string[] = [];
const createNote = defineTool({
  name: "create_note",
  description: "Writes a note (a stand-in for a Jira write)",
  kind: "write",
  input: z.object({ text: z.string() }),
  run: async ({ text }) => {
    notes.push(text);
    return { content: "created", summary: `Created note "${text}"` };
  },
});

beforeAll(async () => {
  model = await startOpenAIServer();
  api = await createTestApi({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "test-key" });
  worker = startTestWorker(api, [createNote]);
  await worker.ready();
});
afterAll(async () => {
  await worker.close(2000);
  await api.close();
  await model.close();
});

type Person = Awaited<ReturnType<typeof api.signUp>>;
const terminal = (e: { event: string }) => e.event === "run.completed" || e.event === "run.failed";

async function newConversation(person: Person): Promise<string> {
  const res = await api.app.request("/api/conversations", {
    method: "POST",
    headers: person.headers,
    body: "{}",
  });
  return ((await res.json()) as { id: string }).id;
}

function ask(
  person: Person,
  conversationId: string,
  content: string,
  extra: Record<string, unknown> = {},
  sse = true,
) {
  return api.app.request(`/api/conversations/${conversationId}/messages`, {
    method: "POST",
    headers: { ...person.headers, ...(sse ? { accept: "text/event-stream" } : {}) },
    body: JSON.stringify({ content, ...extra }),
  });
}

function events(person: Person, runId: string, lastEventId?: string) {
  return api.app.request(`/api/runs/${runId}/events`, {
    headers: { cookie: person.cookie, ...(lastEventId ? { "last-event-id": lastEventId } : {}) },
  });
}

describe("a chat turn", () => {
  it("streams the answer over SSE, stores it, and titles the conversation", async () => {
    const person = await api.signUp();
    const id = await newConversation(person);
    model.enqueue({ text: "Revenue rose 12% in Q3.", chunkSize: 4 }, { text: "Q3 revenue" });
    const received = await readEvents(await ask(person, id, "How did revenue do in Q3?"), terminal);

    const names = received.map((e) => e.event);
    expect(names[0]).toBe("run.started");
    expect(names.at(-2)).toBe("message.completed");
    expect(names.at(-1)).toBe("run.completed");
    const text = received
      .filter((e) => e.event === "message.delta")
      .map((e) => (e.data as { text: string }).text);
    expect(text.length).toBeGreaterThan(1);
    expect(text.join("")).toBe("Revenue rose 12% in Q3.");
    const ids = received.map((e) => e.id as string);
    expect(new Set(ids).size).toBe(ids.length);

    const conversation = (await (
      await api.app.request(`/api/conversations/${id}`, { headers: person.headers })
    ).json()) as {
      title: string;
      messages: { role: string; content: string }[];
    };
    expect(conversation.messages.map((m) => [m.role, m.content])).toEqual([
      ["user", "How did revenue do in Q3?"],
      ["assistant", "Revenue rose 12% in Q3."],
    ]);
    expect(conversation.title).toBe("Q3 revenue");
  });

  it("runs a finance tool and shows it as tool events", async () => {
    const person = await api.signUp();
    const id = await newConversation(person);
    model.enqueue(
      { toolCalls: [{ name: "calculate", arguments: { expression: "0.1 + 0.2" } }] },
      (request) => ({
        text: `The sum is ${String(request.body.messages.at(-1)?.content).includes("0.3") ? "0.3" : "?"}`,
      }),
      { text: "Sum" },
    );
    const received = await readEvents(await ask(person, id, "What is 0.1 + 0.2?"), terminal);
    const names = received.map((e) => e.event);
    expect(names).toContain("tool.started");
    expect(received.find((e) => e.event === "tool.completed")?.data).toMatchObject({ ok: true });
    expect(received.find((e) => e.event === "message.completed")?.data).toMatchObject({
      content: "The sum is 0.3",
    });
  });

  it("resumes after a dropped connection with Last-Event-ID, with no gap and no duplicate", async () => {
    const person = await api.signUp();
    const id = await newConversation(person);
    model.enqueue(
      { text: "one two three four five six seven", chunkSize: 4, delayBetweenChunksMs: 20 },
      { text: "t" },
    );
    const posted = await ask(person, id, "Count");
    const runId = runIdOf(posted);
    const first = await readEvents(posted, (_e, all) => all.length === 3);
    const rest = await readEvents(await events(person, runId, first.at(-1)?.id), terminal);
    const replay = await readEvents(await events(person, runId), terminal);
    expect([...first, ...rest].map((e) => e.id)).toEqual(replay.map((e) => e.id));
  });

  it("follows a finished run's stream until its last events arrive", async () => {
    const person = await api.signUp();
    const id = await newConversation(person);
    const run = await storedWithoutJob(person, id);
    await appendRunEvents(api.deps.redis, run.id, [
      { event: "run.started", data: {} },
      { event: "message.delta", data: { text: "Hello." } },
    ]);
    // The Worker commits the outcome just before it appends the stream's last events.
    await Runs.setStatus(api.deps.db, run.id, "completed");
    const reading = readEvents(await events(person, run.id), terminal);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await appendRunEvents(api.deps.redis, run.id, [{ event: "run.completed", data: {} }]);
    expect((await reading).map((e) => e.event)).toEqual(["run.started", "message.delta", "run.completed"]);
  });

  it("reports a stored-as-queued run as running once the Worker has started its stream", async () => {
    const person = await api.signUp();
    const id = await newConversation(person);
    // Stored without a job, so no Worker picks it up: only its stream says what happens.
    const run = await storedWithoutJob(person, id);
    expect((await getRun(person, run.id)).status).toBe("queued");
    await appendRunEvents(api.deps.redis, run.id, [{ event: "run.started", data: {} }]);
    expect((await getRun(person, run.id)).status).toBe("running");
    expect((await Runs.get(api.deps.db, person.user.id, run.id))?.status).toBe("queued");
  });

  it("treats a repeated clientMessageId as the same message and run", async () => {
    const person = await api.signUp();
    const id = await newConversation(person);
    model.enqueue({ text: "Once." }, { text: "t" });
    const a = await ask(person, id, "Hello", { clientMessageId: "m-1" }, false);
    const b = await ask(person, id, "Hello", { clientMessageId: "m-1" }, false);
    expect(a.status).toBe(202);
    const first = (await a.json()) as { messageId: string; runId: string };
    expect(await b.json()).toEqual(first);
    await readEvents(await events(person, first.runId), terminal);
    const conversation = (await (
      await api.app.request(`/api/conversations/${id}`, { headers: person.headers })
    ).json()) as {
      messages: { role: string }[];
    };
    expect(conversation.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    // Each message names its run, so another tab can find a run still going.
    expect(conversation.messages.map((m) => (m as { runId?: string }).runId)).toEqual([
      first.runId,
      first.runId,
    ]);
  });
});

describe("approvals", () => {
  it("stops for a write, refuses a stale hash, and runs the approved call exactly once", async () => {
    const person = await api.signUp();
    const id = await newConversation(person);
    model.enqueue(
      { toolCalls: [{ name: "create_note", arguments: { text: "close the books" } }] },
      { text: "Noted." },
      { text: "t" },
    );
    const posted = await ask(person, id, "Make a note");
    const runId = runIdOf(posted);
    const before = await readEvents(posted, (e) => e.event === "approval.required");
    const approval = before.at(-1)?.data as { callId: string; argsHash: string };
    expect(await getRun(person, runId)).toMatchObject({
      status: "awaiting_approval",
      pendingApproval: { name: "create_note" },
    });
    expect(notes).not.toContain("close the books");

    const decide = (argsHash: string) =>
      api.app.request(`/api/runs/${runId}/approvals/${approval.callId}`, {
        method: "POST",
        headers: person.headers,
        body: JSON.stringify({ decision: "approve", argsHash }),
      });
    const stale = await decide("0".repeat(64));
    expect(stale.status).toBe(409);
    expect((await decide(approval.argsHash)).status).toBe(202);
    const after = await readEvents(await events(person, runId, before.at(-1)?.id), terminal);
    expect(after.map((e) => e.event)).toContain("tool.completed");
    expect(after.at(-1)?.event).toBe("run.completed");
    expect(notes.filter((n) => n === "close the books")).toHaveLength(1);
  });
});

describe("failures", () => {
  it("fails a run with llm_not_configured when no model is set, keeping the message", async () => {
    const bare = await createTestApi();
    const bareWorker = startTestWorker(bare);
    try {
      const person = await bare.signUp();
      const res = await bare.app.request("/api/conversations", {
        method: "POST",
        headers: person.headers,
        body: "{}",
      });
      const { id } = (await res.json()) as { id: string };
      const posted = await bare.app.request(`/api/conversations/${id}/messages`, {
        method: "POST",
        headers: { ...person.headers, accept: "text/event-stream" },
        body: JSON.stringify({ content: "Anyone there?" }),
      });
      const received = await readEvents(posted, terminal);
      expect(received.at(-1)).toMatchObject({ event: "run.failed", data: { code: "llm_not_configured" } });
      const conversation = (await (
        await bare.app.request(`/api/conversations/${id}`, { headers: person.headers })
      ).json()) as {
        messages: { content: string }[];
      };
      expect(conversation.messages.map((m) => m.content)).toEqual(["Anyone there?"]);
    } finally {
      await bareWorker.close(2000);
      await bare.close();
    }
  });

  it("cancels a streaming run within a second", async () => {
    const person = await api.signUp();
    const id = await newConversation(person);
    model.enqueue({ text: "x".repeat(400), chunkSize: 2, delayBetweenChunksMs: 20 });
    const res = await ask(person, id, "Talk for a while");
    const runId = runIdOf(res);
    let cancelledAt = 0;
    const received = await readEvents(res, (e, all) => {
      if (all.filter((x) => x.event === "message.delta").length === 2 && !cancelledAt) {
        cancelledAt = Date.now();
        void api.app.request(`/api/runs/${runId}/cancel`, { method: "POST", headers: person.headers });
      }
      return terminal(e);
    });
    expect(received.at(-1)).toMatchObject({ event: "run.failed", data: { code: "cancelled" } });
    expect(Date.now() - cancelledAt).toBeLessThan(1000);
    expect((await getRun(person, runId)).status).toBe("cancelled");
  });

  it("answers 503 with Retry-After and stores nothing when Redis is down", async () => {
    const person = await api.signUp();
    const id = await newConversation(person);
    const token = await tokenFor(person);
    const healthy = api.deps.redis;
    const dead = createRedis("redis://127.0.0.1:1", { connectTimeout: 200, retryStrategy: () => null });
    dead.on("error", () => undefined);
    api.deps.redis = dead;
    try {
      const res = await api.app.request(`/api/conversations/${id}/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ content: "Hello?" }),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
    } finally {
      api.deps.redis = healthy;
      dead.disconnect();
    }
    const conversation = (await (
      await api.app.request(`/api/conversations/${id}`, { headers: person.headers })
    ).json()) as {
      messages: unknown[];
    };
    expect(conversation.messages).toHaveLength(0);
  });

  it("hides another user's run behind a 404", async () => {
    const owner = await api.signUp();
    const other = await api.signUp();
    const id = await newConversation(owner);
    model.enqueue({ text: "Mine." }, { text: "t" });
    const posted = await ask(owner, id, "Hi");
    const runId = runIdOf(posted);
    await readEvents(posted, terminal);
    for (const res of [
      await api.app.request(`/api/runs/${runId}`, { headers: other.headers }),
      await api.app.request(`/api/runs/${runId}/events`, { headers: other.headers }),
      await api.app.request(`/api/runs/${runId}/cancel`, { method: "POST", headers: other.headers }),
      await ask(other, id, "Let me in", {}, false),
    ]) {
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe("not_found");
    }
  });
});

/** A user turn and its run as the Api stores them, without sending the job. */
async function storedWithoutJob(person: Person, conversationId: string) {
  const turn = await Messages.appendUserTurn(api.deps.db, {
    userId: person.user.id,
    conversationId,
    content: "Hi",
  });
  return turn.run;
}

async function getRun(person: Person, runId: string) {
  const res = await api.app.request(`/api/runs/${runId}`, { headers: person.headers });
  return (await res.json()) as { id: string; status: string; pendingApproval?: unknown };
}

function runIdOf(res: Response): string {
  const id = res.headers.get("x-run-id");
  if (!id) throw new Error("no x-run-id header");
  return id;
}

async function tokenFor(person: Person): Promise<string> {
  const res = await api.app.request("/api/tokens", {
    method: "POST",
    headers: person.headers,
    body: JSON.stringify({ name: "t" }),
  });
  return ((await res.json()) as { token: string }).token;
}
