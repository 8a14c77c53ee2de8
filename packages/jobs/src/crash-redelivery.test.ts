import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { SQSEvent } from "aws-lambda";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { consume } from "./consumer.ts";
import { applyOnce } from "./crash-effect.fixture.ts";
import { createProducer } from "./producer.ts";
import { closeAfterEach, recorder, testRedisUrl, uniquePrefix, waitFor } from "./test-support.ts";

const track = closeAfterEach();
const fixture = fileURLToPath(new URL("./crash-consumer.fixture.ts", import.meta.url));

/** Starts the fixture worker and resolves with the first message it reports, while it hangs on it. */
function startDoomedWorker(config: object) {
  const child = spawn(process.execPath, [fixture], {
    env: { ...process.env, CRASH_CONSUMER: JSON.stringify(config) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const firstReport = new Promise<{ messageId: string; receiveCount: string }>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`crash fixture exited early with ${code}`)));
    createInterface({ input: child.stdout }).once("line", (line) => resolve(JSON.parse(line)));
  });
  return { child, firstReport };
}

describe("a worker killed mid-message", () => {
  it("gets its message delivered again with ApproximateReceiveCount 2, handled once by an idempotent handler", async () => {
    const prefix = uniquePrefix();
    const redis = new Redis(testRedisUrl());
    track({ close: async () => redis.disconnect() });
    const producer = track(createProducer(testRedisUrl(), { prefix }));
    const sent = await producer.sendMessage("crashy", { MessageBody: '{"work":1}' });

    const doomed = startDoomedWorker({ redisUrl: testRedisUrl(), prefix, queueName: "crashy" });
    track({ close: async () => doomed.child.kill("SIGKILL") });
    const report = await doomed.firstReport;
    expect(report).toEqual({ messageId: sent.MessageId, receiveCount: "1" });
    const exited = new Promise((resolve) => doomed.child.once("exit", (_code, signal) => resolve(signal)));
    doomed.child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const seen = recorder();
    const applied: boolean[] = [];
    const handler = async (event: SQSEvent) => {
      seen.see(event.Records);
      for (const record of event.Records) applied.push(await applyOnce(redis, prefix, record.messageId));
    };
    track(
      consume("crashy", handler, {
        connection: testRedisUrl(),
        prefix,
        visibilityTimeoutMs: 600,
        stalledIntervalMs: 200,
      }),
    );
    await waitFor(() => applied.length === 1, 8000, "the redelivered message");
    expect(seen.records[0]?.messageId).toBe(sent.MessageId);
    expect(seen.records[0]?.attributes.ApproximateReceiveCount).toBe("2");
    expect(applied).toEqual([false]);
    expect(await redis.get(`${prefix}:effects`)).toBe("1");
  });
});
