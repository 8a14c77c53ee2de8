import { type OpenAIServer, readEvents, startOpenAIServer } from "@finchat/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, startTestWorker } from "./test-support.ts";

// Remote-db pass only: what one chat turn costs in round trips to a libSQL server (Api and Worker
// together), measured on the stand-in that serves the test database. docs/architecture.md ("Store")
// records the numbers; the bound catches a change that adds round trips per turn unnoticed.

let model: OpenAIServer;
let api: Awaited<ReturnType<typeof createTestApi>>;
let worker: ReturnType<typeof startTestWorker>;

beforeAll(async () => {
  model = await startOpenAIServer();
  api = await createTestApi({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "test-key" });
  worker = startTestWorker(api);
  await worker.ready();
});
afterAll(async () => {
  await worker.close(2000);
  await api.close();
  await model.close();
});

const terminal = (e: { event: string }) => e.event === "run.completed" || e.event === "run.failed";

describe("a chat turn on a remote database", () => {
  it("takes a bounded number of round trips", async () => {
    const server = api.database.server;
    if (!server) throw new Error("the remote-db pass serves the test database over HTTP");
    const person = await api.signUp();
    const created = await api.app.request("/api/conversations", {
      method: "POST",
      headers: person.headers,
      body: "{}",
    });
    const { id } = (await created.json()) as { id: string };
    model.answerForever({ text: "Revenue rose 12% in Q3.", chunkSize: 4 });
    const turns: { pipelines: number; requests: number; ms: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const before = { ...server.stats };
      const firstRecorded = server.requests.length;
      const started = performance.now();
      const res = await api.app.request(`/api/conversations/${id}/messages`, {
        method: "POST",
        headers: { ...person.headers, accept: "text/event-stream" },
        body: JSON.stringify({ content: `How did revenue do in Q${i + 1}?` }),
      });
      const received = await readEvents(res, terminal);
      expect(received.at(-1)?.event).toBe("run.completed");
      // Let the Worker's writes after the last event (title, usage) land before counting.
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (process.env.FINCHAT_TEST_DB_RECORD === "1") {
        for (const p of server.requests.slice(firstRecorded))
          console.log(
            p.baton ? "  (tx)" : "",
            p.sql.map((q) => q.replace(/\s+/g, " ").slice(0, 70)).join(" | "),
          );
      }
      turns.push({
        pipelines: server.stats.pipelines - before.pipelines,
        requests: server.stats.requests - before.requests,
        ms: Math.round(performance.now() - started - 300),
      });
    }
    console.log("round trips per chat turn (Api + Worker):", JSON.stringify(turns));

    for (const turn of turns.slice(1)) expect(turn.pipelines).toBeLessThanOrEqual(5);
  });
});
