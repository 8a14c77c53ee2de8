import { type OpenAIServer, readEvents, startOpenAIServer } from "@finchat/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, startTestWorker } from "./test-support.ts";

// Remote-db pass only: what one chat turn costs in round trips to a libSQL server (Api and Worker
// together), measured on the stand-in that serves the test database, for each shape a turn takes: a
// conversation's first turn (it gets a title), a later plain answer, and an answer after a tool
// round trip. docs/architecture.md ("Store") records the numbers; the bounds catch a change that
// adds round trips, or round trips under the write lock, per turn unnoticed.

let model: OpenAIServer;
let api: Awaited<ReturnType<typeof createTestApi>>;
let worker: ReturnType<typeof startTestWorker>;

const toolQuestion = "By what percent did revenue grow from 1000 to 1120?";

beforeAll(async () => {
  model = await startOpenAIServer();
  api = await createTestApi({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "test-key" });
  worker = startTestWorker(api);
  await worker.ready();
  // The tool question gets a call first, then the answer once the call's result is in the request.
  model.answerForever((request) => {
    const last = request.body.messages.at(-1);
    if (last?.role === "user" && last.content === toolQuestion)
      return { toolCalls: [{ name: "percentage_change", arguments: { from: "1000", to: "1120" } }] };
    return { text: "Revenue rose 12% in Q3.", chunkSize: 4 };
  });
});
afterAll(async () => {
  await worker.close(2000);
  await api.close();
  await model.close();
});

const terminal = (e: { event: string }) => e.event === "run.completed" || e.event === "run.failed";

type Count = { pipelines: number; writes: number; lockHeldAcross: number; ms: number };

describe("a chat turn on a remote database", () => {
  it("takes a bounded number of round trips, for each shape of turn", async () => {
    const server = api.database.server;
    if (!server) throw new Error("the remote-db pass serves the test database over HTTP");
    const person = await api.signUp();
    const created = await api.app.request("/api/conversations", {
      method: "POST",
      headers: person.headers,
      body: "{}",
    });
    const { id } = (await created.json()) as { id: string };

    const turn = async (content: string): Promise<Count> => {
      const before = { ...server.stats };
      const firstRecorded = server.requests.length;
      const started = performance.now();
      const res = await api.app.request(`/api/conversations/${id}/messages`, {
        method: "POST",
        headers: { ...person.headers, accept: "text/event-stream" },
        body: JSON.stringify({ content }),
      });
      const received = await readEvents(res, terminal);
      expect(received.at(-1)?.event).toBe("run.completed");
      // Let the Worker's writes after the last event land before counting.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const recorded = server.requests.slice(firstRecorded);
      if (process.env.FINCHAT_TEST_DB_RECORD === "1") {
        for (const p of recorded)
          console.log(
            p.baton ? "  (tx)" : "",
            p.sql.map((q) => q.replace(/\s+/g, " ").slice(0, 70)).join(" | "),
          );
      }
      return {
        pipelines: server.stats.pipelines - before.pipelines,
        writes: server.stats.writePipelines - before.writePipelines,
        // Round trips after which an interactive transaction still held the server's write lock.
        lockHeldAcross: server.stats.lockHeldAcross - before.lockHeldAcross,
        ms: Math.round(performance.now() - started - 300),
      };
    };

    const first = await turn("How did revenue do in Q1?");
    const plain = [await turn("And in Q2?"), await turn("And in Q3?")];
    const tool = [await turn(toolQuestion), await turn(toolQuestion)];
    console.log("round trips per chat turn (Api + Worker):", JSON.stringify({ first, plain, tool }));

    // A first turn also writes the conversation's title after a model call of its own.
    expect(first.lockHeldAcross).toBe(0);
    expect(first.pipelines).toBeLessThanOrEqual(8);
    expect(first.writes).toBeLessThanOrEqual(3);
    for (const count of plain) {
      expect(count.lockHeldAcross).toBe(0);
      expect(count.pipelines).toBeLessThanOrEqual(4);
    }
    // A tool round trip: the step with its calls, the tool's result, then the answer after them;
    // before each later pass of the loop one read batch.
    for (const count of tool) {
      expect(count.lockHeldAcross).toBe(0);
      expect(count.pipelines).toBeLessThanOrEqual(8);
    }
  });
});
