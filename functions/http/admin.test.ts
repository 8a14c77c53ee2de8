import { chatRunQueue } from "@finchat/core/chat/jobs";
import { type OpenAIServer, readEvents, startOpenAIServer } from "@finchat/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, startTestWorker } from "./test-support.ts";

let model: OpenAIServer;
let api: Awaited<ReturnType<typeof createTestApi>>;
let admin: Awaited<ReturnType<typeof api.signUp>>;
let member: Awaited<ReturnType<typeof api.signUp>>;

beforeAll(async () => {
  model = await startOpenAIServer();
  api = await createTestApi({
    OPENAI_BASE_URL: model.url,
    OPENAI_API_KEY: "k",
    OPENAI_MODEL: "gpt-4.1-mini",
  });
  admin = await api.signUp();
  member = await api.signUp();
});
afterAll(async () => {
  await api.close();
  await model.close();
});

type QueueView = { name: string; waiting: number; active: number; delayed: number; failed: number };

async function queues(): Promise<QueueView[]> {
  const res = await api.app.request("/api/admin/queues", { headers: admin.headers });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: QueueView[] }).items;
}

describe("admin: queues", () => {
  it("shows a waiting chat run, then an empty queue once a worker took it", async () => {
    const conversation = await api.app.request("/api/conversations", {
      method: "POST",
      headers: member.headers,
      body: "{}",
    });
    const { id } = (await conversation.json()) as { id: string };
    const posted = await api.app.request(`/api/conversations/${id}/messages`, {
      method: "POST",
      headers: member.headers,
      body: JSON.stringify({ content: "What is 2 + 2?" }),
    });
    const { runId } = (await posted.json()) as { runId: string };
    expect((await queues()).find((q) => q.name === chatRunQueue)).toMatchObject({ waiting: 1, failed: 0 });

    model.enqueue({ text: "4" }, { text: "Sums" });
    const worker = startTestWorker(api);
    try {
      const stream = await api.app.request(`/api/runs/${runId}/events`, { headers: member.headers });
      await readEvents(stream, (e) => e.event === "run.completed" || e.event === "run.failed");
    } finally {
      await worker.close(2000);
    }
    expect((await queues()).find((q) => q.name === chatRunQueue)).toMatchObject({ waiting: 0, active: 0 });
  });

  it("redrives a known queue and refuses unknown ones and members", async () => {
    const redrive = await api.app.request(`/api/admin/queues/${chatRunQueue}/redrive`, {
      method: "POST",
      headers: admin.headers,
    });
    expect(redrive.status).toBe(200);
    expect(await redrive.json()).toEqual({ moved: 0 });
    const unknown = await api.app.request("/api/admin/queues/no-such-queue/redrive", {
      method: "POST",
      headers: admin.headers,
    });
    expect(unknown.status).toBe(404);
    const denied = await api.app.request("/api/admin/queues", { headers: member.headers });
    expect(denied.status).toBe(403);
  });
});

describe("admin: usage", () => {
  it("reports tokens and cost by user and model, and validates the range", async () => {
    const res = await api.app.request("/api/admin/usage", { headers: admin.headers });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      items: { email: string; model: string; kind: string; totalTokens: number; costUsd: string }[];
    };
    const chat = body.items.find((row) => row.email === member.email && row.kind === "chat");
    expect(chat).toMatchObject({ model: "gpt-4.1-mini" });
    expect(chat?.totalTokens).toBeGreaterThan(0);
    expect(Number(chat?.costUsd)).toBeGreaterThan(0);

    const backwards = await api.app.request(
      "/api/admin/usage?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
      { headers: admin.headers },
    );
    expect(backwards.status).toBe(400);
    expect(
      (await api.app.request("/api/admin/usage?from=yesterday", { headers: admin.headers })).status,
    ).toBe(400);
  });
});
