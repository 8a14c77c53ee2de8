import { openTestDatabase, type TestDatabase } from "@finchat/core/db/test-database";
import { ProjectAllowList } from "@finchat/core/jira/allow-list";
import { type JiraFixture, startJiraFixture } from "@finchat/core/jira/test-support";
import { listSources } from "@finchat/core/search/store";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jiraSyncHandler } from "./jira-sync.ts";

function event(...bodies: string[]): SQSEvent {
  const Records = bodies.map(
    (body, i) =>
      ({ messageId: `m${i}`, body, attributes: { ApproximateReceiveCount: "1" } }) as unknown as SQSRecord,
  );
  return { Records };
}

describe("jira-sync job", () => {
  let database: TestDatabase;
  let jira: JiraFixture;
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  beforeEach(async () => {
    lines.length = 0;
    [database, jira] = await Promise.all([openTestDatabase(), startJiraFixture(["FIN"])]);
  });
  afterEach(() => Promise.all([database.close(), jira.close()]));

  const run = (deps: Partial<Parameters<typeof jiraSyncHandler>[0]>, ...bodies: string[]) => {
    const handler = jiraSyncHandler({
      db: database.db,
      logger,
      jira: jira.client,
      allow: new ProjectAllowList(["FIN"]),
      ...deps,
    });
    return handler(event(...bodies), {} as Context, () => undefined) as Promise<{
      batchItemFailures: unknown[];
    }>;
  };

  it("syncs the project a message names and drops what can never succeed", async () => {
    const result = await run({}, '{"project":"FIN"}', '{"project":"OPS"}', '{"project":"not a key"}');
    expect(result.batchItemFailures).toEqual([]);
    const [fin] = await listSources(database.db);
    expect(fin).toMatchObject({ kind: "jira", label: "FIN" });
    expect(fin?.watermark).not.toBeNull();
    expect(lines.filter((l) => l.level === 50).map((l) => l.msg)).toEqual([
      "dropping jira-sync message that cannot succeed",
      "dropping malformed jira-sync message",
    ]);
    expect(lines.find((l) => l.project === "OPS")).toBeDefined();
  });

  it("drops every message when Jira is not configured", async () => {
    expect((await run({ jira: undefined }, '{"project":"FIN"}')).batchItemFailures).toEqual([]);
    expect(lines.at(-1)?.msg).toBe("dropping jira-sync message: Jira is not configured");
    expect(await listSources(database.db)).toEqual([]);
  });
});
