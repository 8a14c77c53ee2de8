import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { startCloudWatchServer } from "@finchat/testkit/cloudwatch-server";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";
import { createPublisher } from "./metrics.ts";
import { recordRateLimits } from "./rate-limit-metrics.ts";

describe("recordRateLimits", () => {
  it("publishes what each API has left, and nothing for an API that has not answered yet", async () => {
    const server = await startCloudWatchServer();
    const metrics = createPublisher({
      client: new CloudWatchClient({
        region: "us-east-1",
        endpoint: server.url,
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
      }),
      dimensions: { Stage: "test", Service: "worker" },
      flushIntervalMs: 60_000,
      maxBufferedDatums: 100,
      logger: createLogger({ level: "silent", service: "test" }),
    });
    recordRateLimits(metrics, [
      { api: "github", remaining: () => 4321 },
      { api: "jira", remaining: () => undefined },
    ]);
    await metrics.close();
    await server.close();
    const datums = server.datums().filter((d) => d.MetricName === "RateLimitRemaining");
    expect(datums).toHaveLength(1);
    expect(datums[0]?.Values).toEqual([4300]);
    expect(datums[0]?.Dimensions).toContainEqual({ Name: "Api", Value: "github" });
  });
});
