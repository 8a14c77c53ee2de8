import { type OpenAIServer, readEvents, startOpenAIServer } from "@finchat/testkit";
import { captureEmf } from "@finchat/testkit/emf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, startTestWorker } from "./test-support.ts";

// The real Api and chat-run handler with metrics on, read from the EMF lines they write.
let capture: ReturnType<typeof captureEmf>;
let model: OpenAIServer;
let api: Awaited<ReturnType<typeof createTestApi>>;

beforeAll(async () => {
  capture = captureEmf();
  model = await startOpenAIServer();
  api = await createTestApi({
    METRICS_ENABLED: "true",
    STAGE: "metrics-test",
    OPENAI_BASE_URL: model.url,
    OPENAI_API_KEY: "test-key",
  });
});
afterAll(async () => {
  await api.close();
  await model.close();
  capture.stop();
});

describe("Api metrics", () => {
  it("counts requests, latency and errors by route pattern, never by raw path", async () => {
    await api.deps.metrics.flush();
    const person = await api.signUp();
    for (const id of ["0190a1b2-aaaa", "0190a1b2-bbbb"]) {
      const res = await api.app.request(`/api/conversations/${id}`, { headers: { cookie: person.cookie } });
      expect(res.status).toBe(404);
    }
    // Refused by the requireUser middleware: still counted under the route it was meant for.
    expect((await api.app.request("/api/conversations/0190a1b2-cccc")).status).toBe(401);
    // A GET may be the SPA's page (route /*); nothing answers a DELETE of an unknown path.
    await api.app.request("/no/such/thing", { method: "DELETE" });

    const from = capture.points.length;
    await api.deps.metrics.flush();
    const points = capture.points.slice(from);
    const byRoute = (name: string, route: string) =>
      points.find((p) => p.name === name && p.dimensions.Route === route);

    expect(byRoute("Requests", "/api/conversations/:id")?.values).toEqual([3]);
    expect(byRoute("ClientErrors", "/api/conversations/:id")?.values).toEqual([3]);
    expect(byRoute("ServerErrors", "/api/conversations/:id")?.values).toEqual([0]);
    expect(byRoute("Requests", "/api/auth/signup")?.values).toEqual([1]);
    expect(byRoute("Requests", "unmatched")?.values).toEqual([1]);
    const latency = byRoute("RequestLatency", "/api/conversations/:id");
    expect(latency?.values).toHaveLength(3);
    expect(latency?.dimensions).toMatchObject({ Method: "GET", Stage: "metrics-test", Service: "api" });
    expect(JSON.stringify(points)).not.toContain("0190a1b2");
  });
});

describe("chat run metrics", () => {
  it("publish the outcome, time to first token, tokens and cost of a turn", async () => {
    const worker = startTestWorker(api);
    await worker.ready();
    try {
      const person = await api.signUp();
      const created = await api.app.request("/api/conversations", {
        method: "POST",
        headers: person.headers,
        body: "{}",
      });
      const { id } = (await created.json()) as { id: string };
      model.enqueue({ text: "Cash is king.", chunkSize: 3 }, { text: "Cash" });
      await api.deps.metrics.flush();
      const res = await api.app.request(`/api/conversations/${id}/messages`, {
        method: "POST",
        headers: { ...person.headers, accept: "text/event-stream" },
        body: JSON.stringify({ content: "What matters?" }),
      });
      await readEvents(res, (e) => e.event === "run.completed" || e.event === "run.failed");

      // The outcome is counted just after run.completed is appended; flush until it has arrived.
      const from = capture.points.length;
      const received = async () => {
        await api.deps.metrics.flush();
        return capture.points.slice(from);
      };
      await expect.poll(async () => (await received()).some((p) => p.name === "Runs")).toBe(true);
      const points = await received();
      expect(points.find((p) => p.name === "Runs")?.dimensions.Outcome).toBe("completed");
      expect(points.find((p) => p.name === "TimeToFirstToken")?.values).toHaveLength(1);
      const prompt = points.find((p) => p.name === "ModelTokens" && p.dimensions.Kind === "prompt");
      expect(prompt?.values[0]).toBeGreaterThan(0);
      expect(points.some((p) => p.name === "ModelCostUsd")).toBe(true);
    } finally {
      await worker.close(2000);
    }
  });
});
