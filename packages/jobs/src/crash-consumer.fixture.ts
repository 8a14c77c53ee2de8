// A worker process for crash tests: it consumes one queue, performs the idempotent side effect of
// each message, reports it on stdout, and then hangs before answering, so the test can kill it
// with SIGKILL while the message is in flight.
import { Redis } from "ioredis";
import { consume } from "./consumer.ts";
import { applyOnce } from "./crash-effect.fixture.ts";

const { redisUrl, prefix, queueName } = JSON.parse(process.env.CRASH_CONSUMER ?? "{}") as {
  redisUrl: string;
  prefix: string;
  queueName: string;
};
const redis = new Redis(redisUrl);

consume(
  queueName,
  async (event) => {
    for (const record of event.Records) {
      await applyOnce(redis, prefix, record.messageId);
      process.stdout.write(
        `${JSON.stringify({ messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount })}\n`,
      );
    }
    await new Promise(() => {});
  },
  { connection: redisUrl, prefix, batchSize: 1, visibilityTimeoutMs: 600, stalledIntervalMs: 200 },
);
