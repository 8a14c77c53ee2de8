import { randomUUID } from "node:crypto";
import { openTestDatabase, type TestDatabase } from "@finchat/core/db/test-database";
import { AppError } from "@finchat/core/errors";
import { enqueueRepoIndex, repoIndexQueue } from "@finchat/core/search/jobs";
import { listSources } from "@finchat/core/search/store";
import { MemoryRepoReader } from "@finchat/core/search/test-support";
import { consume, createProducer } from "@finchat/jobs";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { repoIndexHandler } from "./repo-index.ts";

/** A logger whose lines the test can read. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

function event(...bodies: string[]): SQSEvent {
  const Records = bodies.map(
    (body, i) =>
      ({ messageId: `m${i}`, body, attributes: { ApproximateReceiveCount: "1" } }) as unknown as SQSRecord,
  );
  return { Records };
}

const run = (handler: ReturnType<typeof repoIndexHandler>, e: SQSEvent) =>
  handler(e, {} as Context, () => undefined) as Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

describe("repo-index job", () => {
  let database: TestDatabase;
  let reader: MemoryRepoReader;
  beforeEach(async () => {
    database = await openTestDatabase();
    reader = new MemoryRepoReader("local/tools", { "src/a.ts": "export const a = 1;\n" });
  });
  afterEach(() => database.close());

  it("indexes the repository a message names on the job layer; a repeat reads nothing again", async () => {
    const redisUrl = inject("redisUrl");
    const prefix = `repo-index-${randomUUID().slice(0, 8)}`;
    const { logger } = capturedLogger();
    const handler = repoIndexHandler({ db: database.db, logger, openReader: () => reader });
    const consumer = consume(repoIndexQueue, handler, { connection: redisUrl, prefix, batchSize: 1, logger });
    const producer = createProducer(redisUrl, { prefix });
    try {
      await consumer.ready();
      await enqueueRepoIndex(producer, { kind: "local", name: "tools" }, { deduplicationId: "c1" });
      await enqueueRepoIndex(producer, { kind: "local", name: "tools" }, { deduplicationId: "c1" });
      await expect.poll(async () => (await listSources(database.db))[0]?.commitSha ?? null).not.toBeNull();
      expect(reader.reads).toEqual(["src/a.ts"]);
    } finally {
      await consumer.close(1000);
      await producer.close();
    }
  });

  it("rejects a bad job body with a clear error: on enqueue, and by dropping it in the handler", async () => {
    const producer = createProducer(inject("redisUrl"), { prefix: `repo-index-${randomUUID().slice(0, 8)}` });
    try {
      await expect(
        enqueueRepoIndex(producer, { kind: "github", owner: "acme", repo: "../etc" }),
      ).rejects.toMatchObject({ code: "invalid_request", message: expect.stringContaining("source.repo") });
    } finally {
      await producer.close();
    }
    const { logger, lines } = capturedLogger();
    let opened = 0;
    const handler = repoIndexHandler({
      db: database.db,
      logger,
      openReader: () => {
        opened += 1;
        return reader;
      },
    });
    const result = await run(handler, event('{"source":{"kind":"ftp","host":"x"}}', "not json"));
    expect(result.batchItemFailures).toEqual([]);
    expect(opened).toBe(0);
    expect(lines.map((l) => l.msg)).toEqual([
      "dropping malformed repo-index message",
      "dropping malformed repo-index message",
    ]);
    expect(JSON.stringify(lines[0]?.issues)).toContain("source");
  });

  it("drops a source it may not read and retries a failure that may pass", async () => {
    const { logger, lines } = capturedLogger();
    const refuse = repoIndexHandler({
      db: database.db,
      logger,
      openReader: () => {
        throw new AppError("forbidden", "rival/secret is not in the GitHub allow-list");
      },
    });
    const body = JSON.stringify({ source: { kind: "github", owner: "rival", repo: "secret" } });
    expect((await run(refuse, event(body))).batchItemFailures).toEqual([]);
    expect(lines.at(-1)).toMatchObject({
      msg: "dropping repo-index message that cannot succeed",
      source: "rival/secret",
    });

    const flaky = repoIndexHandler({
      db: database.db,
      logger,
      openReader: () => {
        throw new AppError("unavailable", "GitHub answered 503");
      },
    });
    expect((await run(flaky, event(body))).batchItemFailures).toEqual([{ itemIdentifier: "m0" }]);
  });
});
