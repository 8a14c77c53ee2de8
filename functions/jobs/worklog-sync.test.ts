import { randomUUID } from "node:crypto";
import { enqueueWorklogSync, worklogSyncQueue } from "@finchat/core/capitalisation/jobs";
import { readSyncStatus } from "@finchat/core/capitalisation/worklogs";
import { openTestDatabase, type TestDatabase } from "@finchat/core/db/test-database";
import { ProjectAllowList } from "@finchat/core/jira/allow-list";
import { type JiraFixture, startJiraFixture } from "@finchat/core/jira/test-support";
import { consume, createProducer } from "@finchat/jobs";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { worklogSyncHandler } from "./worklog-sync.ts";

function event(...bodies: string[]): SQSEvent {
  const Records = bodies.map(
    (body, i) =>
      ({ messageId: `m${i}`, body, attributes: { ApproximateReceiveCount: "1" } }) as unknown as SQSRecord,
  );
  return { Records };
}

describe("worklog-sync job", () => {
  let database: TestDatabase;
  let jira: JiraFixture;
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  beforeEach(async () => {
    lines.length = 0;
    [database, jira] = await Promise.all([openTestDatabase(), startJiraFixture(["FIN"])]);
  });
  afterEach(() => Promise.all([database.close(), jira.close()]));

  const run = (deps: Partial<Parameters<typeof worklogSyncHandler>[0]>, ...bodies: string[]) => {
    const handler = worklogSyncHandler({
      db: database.db,
      logger,
      jira: jira.client,
      allow: new ProjectAllowList(["FIN"]),
      ...deps,
    });
    return handler(event(...bodies), {} as Context, () => undefined) as Promise<{
      batchItemFailures: { itemIdentifier: string }[];
    }>;
  };

  it("syncs the allowed projects' work logs and drops a malformed message", async () => {
    const result = await run({}, '{"trigger":"request","requestedBy":"user-1"}', '{"trigger":"sometimes"}');
    expect(result.batchItemFailures).toEqual([]);
    const status = await readSyncStatus(database.db);
    const fin = jira.server.state.issues.filter((i) => i.projectKey === "FIN").flatMap((i) => i.worklogs);
    expect(status).toMatchObject({ worklogs: fin.length, syncedAt: expect.any(String) });
    expect(lines.filter((l) => l.level === 50).map((l) => l.msg)).toEqual([
      "dropping malformed worklog-sync message",
    ]);
    expect(lines.find((l) => l.msg === "worklog-sync message handled")).toMatchObject({
      requestedBy: "user-1",
    });
  });

  it("hands a failed sync back for a retry, and a repeat finds the work done", async () => {
    jira.server.failNext({ path: "/worklog/list", status: 500 });
    const failed = await run({}, '{"trigger":"schedule"}');
    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: "m0" }]);
    expect((await readSyncStatus(database.db)).worklogs).toBe(0);
    expect((await run({}, '{"trigger":"schedule"}')).batchItemFailures).toEqual([]);
    const stored = (await readSyncStatus(database.db)).worklogs;
    expect(stored).toBeGreaterThan(0);
    expect((await run({}, '{"trigger":"schedule"}')).batchItemFailures).toEqual([]);
    expect((await readSyncStatus(database.db)).worklogs).toBe(stored);
  });

  it("drops every message when Jira is not configured, or no project is allowed", async () => {
    expect((await run({ jira: undefined }, '{"trigger":"schedule"}')).batchItemFailures).toEqual([]);
    expect(
      (await run({ allow: new ProjectAllowList([]) }, '{"trigger":"schedule"}')).batchItemFailures,
    ).toEqual([]);
    expect(lines.filter((l) => l.level === 50).map((l) => l.msg)).toEqual([
      "dropping worklog-sync message: Jira is not configured",
      "dropping worklog-sync message that cannot succeed",
    ]);
    expect((await readSyncStatus(database.db)).syncedAt).toBeNull();
    expect(jira.server.requests).toEqual([]);
  });

  it("runs one sync per schedule slot however many Workers ask, and refuses a bad body on enqueue", async () => {
    const redisUrl = inject("redisUrl");
    const prefix = `worklog-sync-${randomUUID().slice(0, 8)}`;
    const handler = worklogSyncHandler({
      db: database.db,
      logger,
      jira: jira.client,
      allow: new ProjectAllowList(["FIN"]),
    });
    const consumer = consume(worklogSyncQueue, handler, {
      connection: redisUrl,
      prefix,
      batchSize: 1,
      logger,
    });
    const producer = createProducer(redisUrl, { prefix });
    try {
      await consumer.ready();
      const slot = "2026-12-05T02:30:00.000Z";
      await enqueueWorklogSync(producer, { trigger: "schedule" }, { slot });
      await enqueueWorklogSync(producer, { trigger: "schedule" }, { slot });
      await expect.poll(async () => (await readSyncStatus(database.db)).syncedAt).not.toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(jira.server.requestCounts()["GET /rest/api/3/worklog/updated"]).toBe(1);
      await expect(enqueueWorklogSync(producer, { trigger: "whenever" } as never)).rejects.toMatchObject({
        code: "invalid_request",
        message: expect.stringContaining("trigger"),
      });
    } finally {
      await consumer.close(1000);
      await producer.close();
    }
  });
});
