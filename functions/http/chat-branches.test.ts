import { defineTool } from "@finchat/core/agent";
import { type OpenAIServer, readEvents, startOpenAIServer } from "@finchat/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestApi, errorOf, startTestWorker } from "./test-support.ts";

// Regenerate, edit-and-resend, and turns that end without an answer, through the Api and a Worker.

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
type Stored = {
  title: string;
  messages: {
    id: string;
    role: string;
    content: string;
    parentRunId?: string | null;
    toolCalls?: unknown[];
  }[];
  runs: { id: string; questionId: string | null; status: string; error: { code: string } | null }[];
};
const terminal = (e: { event: string }) => e.event === "run.completed" || e.event === "run.failed";

async function newConversation(person: Person): Promise<string> {
  const res = await api.app.request("/api/conversations", {
    method: "POST",
    headers: person.headers,
    body: "{}",
  });
  return ((await res.json()) as { id: string }).id;
}

/** Asks and waits for the run's end; answers the run id and the question's id. */
async function ask(person: Person, id: string, content: string, extra: Record<string, unknown> = {}) {
  const res = await api.app.request(`/api/conversations/${id}/messages`, {
    method: "POST",
    headers: { ...person.headers, accept: "text/event-stream" },
    body: JSON.stringify({ content, ...extra }),
  });
  const runId = res.headers.get("x-run-id") as string;
  const messageId = res.headers.get("x-message-id") as string;
  const received = await readEvents(res, terminal);
  return { runId, messageId, received };
}

async function conversation(person: Person, id: string): Promise<Stored> {
  return (await (
    await api.app.request(`/api/conversations/${id}`, { headers: person.headers })
  ).json()) as Stored;
}

/** The non-system messages the model was sent in its latest chat request. */
function lastPrompt(): string[] {
  const body = model.requests.filter((r) => r.body.stream).at(-1)?.body;
  return (body?.messages ?? [])
    .filter((m) => m.role !== "system")
    .map((m) => `${m.role}: ${String(m.content)}`);
}

describe("regenerate", () => {
  it("answers the same question again as a second version, without posting the question again", async () => {
    const person = await api.signUp();
    const id = await newConversation(person);
    model.enqueue({ text: "First answer." }, { text: "Title" });
    const first = await ask(person, id, "What is accrual accounting?");
    model.enqueue({ text: "Second answer." });
    const res = await api.app.request(`/api/conversations/${id}/messages/${first.messageId}/regenerate`, {
      method: "POST",
      headers: person.headers,
    });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    await readEvents(
      await api.app.request(`/api/runs/${runId}/events`, { headers: person.headers }),
      terminal,
    );
    expect(lastPrompt()).toEqual(["user: What is accrual accounting?"]);
    const stored = await conversation(person, id);
    expect(stored.messages.filter((m) => m.role === "user")).toHaveLength(1);
    expect(stored.runs.map((r) => [r.questionId, r.status])).toEqual([
      [first.messageId, "completed"],
      [first.messageId, "completed"],
    ]);
    expect(stored.messages.map((m) => m.content)).toEqual([
      "What is accrual accounting?",
      "First answer.",
      "Second answer.",
    ]);

    // A follow-up on the second version reads that version only.
    model.enqueue({ text: "Follow-up answer." });
    await ask(person, id, "And cash accounting?", { parentRunId: runId });
    expect(lastPrompt()).toEqual([
      "user: What is accrual accounting?",
      "assistant: Second answer.",
      "user: And cash accounting?",
    ]);
  });

  it("refuses a message that is not a question of the conversation, storing nothing", async () => {
    const person = await api.signUp();
    const id = await newConversation(person);
    const res = await api.app.request(`/api/conversations/${id}/messages/nope/regenerate`, {
      method: "POST",
      headers: person.headers,
    });
    expect(res.status).toBe(404);
    expect((await conversation(person, id)).runs).toEqual([]);
  });
});

describe("edit and resend", () => {
  it("branches from the edited question: the model never sees the old branch", async () => {
    const person = await api.signUp();
    const id = await newConversation(person);
    model.enqueue({ text: "Answer one." }, { text: "Title" });
    const one = await ask(person, id, "Question one");
    model.enqueue({ text: "Answer two." });
    const two = await ask(person, id, "Question two");
    const stored = await conversation(person, id);
    expect(stored.messages.find((m) => m.id === two.messageId)?.parentRunId).toBe(one.runId);

    model.enqueue({ text: "Answer two, edited." });
    const edited = await ask(person, id, "Question two, edited", { parentRunId: one.runId });
    expect(lastPrompt()).toEqual([
      "user: Question one",
      "assistant: Answer one.",
      "user: Question two, edited",
    ]);
    model.enqueue({ text: "Answer three." });
    await ask(person, id, "Question three", { parentRunId: edited.runId });
    expect(lastPrompt()).toEqual([
      "user: Question one",
      "assistant: Answer one.",
      "user: Question two, edited",
      "assistant: Answer two, edited.",
      "user: Question three",
    ]);
    // Editing the first question starts from the top.
    model.enqueue({ text: "Fresh start." });
    await ask(person, id, "Question one, edited", { parentRunId: null });
    expect(lastPrompt()).toEqual(["user: Question one, edited"]);
  });

  it("refuses a parent that is not an answer in this conversation, storing nothing", async () => {
    const person = await api.signUp();
    const id = await newConversation(person);
    const res = await api.app.request(`/api/conversations/${id}/messages`, {
      method: "POST",
      headers: person.headers,
      body: JSON.stringify({ content: "Hello", parentRunId: "not-a-run" }),
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toContain("parentRunId");
    expect((await conversation(person, id)).messages).toEqual([]);
  });
});

describe("turns that end without an answer", () => {
  it("a stopped answer keeps its partial text and is titled from the question", async () => {
    const person = await api.signUp();
    const id = await newConversation(person);
    model.enqueue({ text: "lorem ".repeat(200), chunkSize: 6, delayBetweenChunksMs: 15 });
    const res = await api.app.request(`/api/conversations/${id}/messages`, {
      method: "POST",
      headers: { ...person.headers, accept: "text/event-stream" },
      body: JSON.stringify({ content: "Explain the Q3 close in detail" }),
    });
    const runId = res.headers.get("x-run-id") as string;
    let asked = false;
    const received = await readEvents(res, (e, all) => {
      if (!asked && all.filter((x) => x.event === "message.delta").length === 5) {
        asked = true;
        void api.app.request(`/api/runs/${runId}/cancel`, { method: "POST", headers: person.headers });
      }
      return terminal(e);
    });
    const streamed = received
      .filter((e) => e.event === "message.delta")
      .map((e) => (e.data as { text: string }).text)
      .join("");
    const stored = await conversation(person, id);
    expect(stored.runs).toEqual([
      { id: runId, questionId: expect.any(String), status: "cancelled", error: null },
    ]);
    const partial = stored.messages.find((m) => m.role === "assistant");
    expect(partial?.content.length).toBeGreaterThan(0);
    expect(streamed.startsWith(partial?.content ?? "x")).toBe(true);
    expect(stored.title).toBe("Explain the Q3 close in detail");
  });

  it("a failed turn keeps its error and is titled from the question", async () => {
    const person = await api.signUp();
    const id = await newConversation(person);
    model.enqueue({ error: { status: 400, message: "bad request" } });
    const { runId } = await ask(person, id, "Why did the model refuse this?");
    const stored = await conversation(person, id);
    expect(stored.runs).toEqual([
      {
        id: runId,
        questionId: expect.any(String),
        status: "failed",
        error: expect.objectContaining({ code: "model_rejected" }),
      },
    ]);
    expect(stored.title).toBe("Why did the model refuse this?");
  });
});

describe("a model stream cut mid-answer", () => {
  it("keeps only the last attempt's text as the failed turn's partial answer", async () => {
    const person = await api.signUp();
    const id = await newConversation(person);
    // Every try streams a little and is cut; after the retries the turn fails.
    for (const attempt of ["first try ", "second try ", "third try "]) {
      model.enqueue({ text: `${attempt}never finishes`, chunkSize: 4, disconnectAfterChunks: 2 });
    }
    const { received } = await ask(person, id, "Will this answer finish?");
    expect(received.at(-1)).toMatchObject({ event: "run.failed", data: { code: "model_unavailable" } });
    const stored = await conversation(person, id);
    const partial = stored.messages.find((m) => m.role === "assistant");
    // What a client shows after the last run.started, never the attempts it was told to drop.
    const lastStart = received.map((e) => e.event).lastIndexOf("run.started");
    const shown = received
      .slice(lastStart + 1)
      .flatMap((e) => (e.event === "message.delta" ? [(e.data as { text: string }).text] : []))
      .join("");
    expect(shown).toMatch(/^thir/);
    expect(partial?.content).toBe(shown);
  });
});

describe("approvals that end otherwise", () => {
  async function proposeNote(person: Person, text: string) {
    const id = await newConversation(person);
    model.enqueue({ toolCalls: [{ name: "create_note", arguments: { text } }] });
    const res = await api.app.request(`/api/conversations/${id}/messages`, {
      method: "POST",
      headers: { ...person.headers, accept: "text/event-stream" },
      body: JSON.stringify({ content: "Make a note" }),
    });
    const runId = res.headers.get("x-run-id") as string;
    const before = await readEvents(res, (e) => e.event === "approval.required");
    const approval = before.at(-1)?.data as { callId: string; argsHash: string };
    return { id, runId, approval, lastId: before.at(-1)?.id };
  }
  const resultOf = (stored: Stored) =>
    stored.messages.find((m) => m.role === "tool")?.toolCalls?.[0] as { outcome: string; ok: boolean };

  it("a stop while an approval waits closes the call as cancelled; a late approval is refused", async () => {
    const person = await api.signUp();
    const { id, runId, approval, lastId } = await proposeNote(person, "never written");
    const stop = await api.app.request(`/api/runs/${runId}/cancel`, {
      method: "POST",
      headers: person.headers,
    });
    expect(stop.status).toBe(202);
    const after = await readEvents(
      await api.app.request(`/api/runs/${runId}/events`, {
        headers: { ...person.headers, "last-event-id": lastId as string },
      }),
      terminal,
    );
    expect(after.map((e) => e.event)).toEqual(["tool.completed", "run.failed"]);
    expect(after[0]?.data).toMatchObject({ callId: approval.callId, outcome: "cancelled" });
    expect(resultOf(await conversation(person, id))).toMatchObject({ ok: false, outcome: "cancelled" });
    const late = await api.app.request(`/api/runs/${runId}/approvals/${approval.callId}`, {
      method: "POST",
      headers: person.headers,
      body: JSON.stringify({ decision: "approve", argsHash: approval.argsHash }),
    });
    expect(late.status).toBe(409);
    expect(notes).not.toContain("never written");
  });

  it("a rejected write is stored and reported as declined, not failed", async () => {
    const person = await api.signUp();
    const { id, runId, approval, lastId } = await proposeNote(person, "rejected note");
    model.enqueue({ text: "Understood, no note." }, { text: "T" });
    await api.app.request(`/api/runs/${runId}/approvals/${approval.callId}`, {
      method: "POST",
      headers: person.headers,
      body: JSON.stringify({ decision: "reject", argsHash: approval.argsHash }),
    });
    const after = await readEvents(
      await api.app.request(`/api/runs/${runId}/events`, {
        headers: { ...person.headers, "last-event-id": lastId as string },
      }),
      terminal,
    );
    expect(after.find((e) => e.event === "tool.completed")?.data).toMatchObject({ outcome: "declined" });
    expect(resultOf(await conversation(person, id))).toMatchObject({ ok: false, outcome: "declined" });
  });
});
