import { DEFAULT_LIMITS, ToolRegistry } from "@finchat/core/agent";
import { openTurnFixture, type TurnFixture } from "@finchat/core/agent/turn-fixture";
import { createLogger } from "@finchat/core/observability/logger";
import { disabledMetrics } from "@finchat/core/observability/metrics";
import type { SQSEvent } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import { chatRunHandler } from "./chat-run.ts";

let f: TurnFixture;
afterEach(async () => {
  await f.close();
});

function delivery(job: { runId: string; userId: string }): SQSEvent {
  return {
    Records: [
      {
        messageId: `m-${job.runId}`,
        body: JSON.stringify(job),
        attributes: { ApproximateReceiveCount: "1" },
      },
    ],
  } as unknown as SQSEvent;
}

async function handle(runId: string) {
  const logger = createLogger({ level: "silent", service: "test" });
  const warn = vi.spyOn(logger, "warn");
  const handler = chatRunHandler(
    {
      db: f.t.db,
      redis: f.redis,
      model: f.model,
      registry: new ToolRegistry([]),
      limits: DEFAULT_LIMITS,
      logger,
      metrics: disabledMetrics(),
    },
    3,
  );
  await handler(delivery({ runId, userId: f.userId }), {} as never, () => {});
  return warn.mock.calls.map(([fields, msg]) => ({ ...(fields as object), msg }) as Record<string, unknown>);
}

describe("the chat-run handler's log", () => {
  it("warns once for a failed turn, with its code and run id", async () => {
    f = await openTurnFixture();
    f.server.enqueue({ error: { status: 500, message: "The server had an error" } });
    const runId = await f.ask("Hello?");

    const lines = await handle(runId);
    expect(lines.filter((l) => l.msg === "chat turn failed")).toEqual([
      expect.objectContaining({ runId, code: "model_unavailable", reason: expect.stringMatching(/500/) }),
    ]);
    // A redelivery of the finished run only ends its stream: nothing new to report.
    expect((await handle(runId)).filter((l) => l.msg === "chat turn failed")).toEqual([]);
  });

  it("logs nothing of the kind for a turn that answered", async () => {
    f = await openTurnFixture();
    f.server.enqueue({ text: "Fine." });
    const lines = await handle(await f.ask("Hello?"));
    expect(lines.filter((l) => l.msg === "chat turn failed")).toEqual([]);
  });
});
