import { type OpenAIServer, readEvents, startOpenAIServer } from "@finchat/testkit";
import { type CloudWatchServer, startCloudWatchServer } from "@finchat/testkit/cloudwatch-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, startTestWorker } from "./test-support.ts";

// The real Api and chat-run handler with metrics on, publishing to the testkit's CloudWatch server.
let cloudwatch: CloudWatchServer;
let model: OpenAIServer;
let api: Awaited<ReturnType<typeof createTestApi>>;

beforeAll(async () => {
  cloudwatch = await startCloudWatchServer();
  model = await startOpenAIServer();
  api = await createTestApi({
    METRICS_ENABLED: "true",
    METRICS_ENDPOINT: cloudwatch.url,
    STAGE: "metrics-test",
    OPENAI_BASE_URL: model.url,
    OPENAI_API_KEY: "test-key",
  });
});
afterAll(async () => {
  await api.close();
  await model.close();
  await cloudwatch.close();
});

const dimension = (datum: { Dimensions: { Name: string; Value: string }[] }, name: string) =>
  datum.Dimensions.find((d) => d.Name === name)?.Value;

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

    const from = cloudwatch.received.length;
    await api.deps.metrics.flush();
    const datums = cloudwatch.received.slice(from).flatMap((call) => call.datums);
    const byRoute = (name: string, route: string) =>
      datums.find((d) => d.MetricName === name && dimension(d, "Route") === route);

    expect(byRoute("Requests", "/api/conversations/:id")?.StatisticValues?.Sum).toBe(3);
    expect(byRoute("ClientErrors", "/api/conversations/:id")?.StatisticValues?.Sum).toBe(3);
    expect(byRoute("ServerErrors", "/api/conversations/:id")?.StatisticValues?.Sum).toBe(0);
    expect(byRoute("Requests", "/api/auth/signup")?.StatisticValues?.Sum).toBe(1);
    expect(byRoute("Requests", "unmatched")?.StatisticValues?.Sum).toBe(1);
    const latency = byRoute("RequestLatency", "/api/conversations/:id");
    expect(latency?.Counts?.reduce((a, b) => a + b, 0)).toBe(3);
    expect(latency && dimension(latency, "Method")).toBe("GET");
    expect(latency && dimension(latency, "Stage")).toBe("metrics-test");
    expect(latency && dimension(latency, "Service")).toBe("api");
    expect(JSON.stringify(datums)).not.toContain("0190a1b2");
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
      const from = cloudwatch.received.length;
      const received = async () => {
        await api.deps.metrics.flush();
        return cloudwatch.received.slice(from).flatMap((call) => call.datums);
      };
      await expect.poll(async () => (await received()).some((d) => d.MetricName === "Runs")).toBe(true);
      const datums = await received();
      const runs = datums.find((d) => d.MetricName === "Runs");
      expect(runs && dimension(runs, "Outcome")).toBe("completed");
      expect(datums.find((d) => d.MetricName === "TimeToFirstToken")?.Counts).toEqual([1]);
      const prompt = datums.find((d) => d.MetricName === "ModelTokens" && dimension(d, "Kind") === "prompt");
      expect(prompt?.StatisticValues?.Sum).toBeGreaterThan(0);
      expect(datums.some((d) => d.MetricName === "ModelCostUsd")).toBe(true);
    } finally {
      await worker.close(2000);
    }
  });
});
