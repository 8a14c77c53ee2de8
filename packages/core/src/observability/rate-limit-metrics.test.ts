import { captureEmf } from "@finchat/testkit/emf";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";
import { createEmfPublisher } from "./metrics.ts";
import { recordRateLimits } from "./rate-limit-metrics.ts";

describe("recordRateLimits", () => {
  it("publishes what each API has left, and nothing for an API that has not answered yet", async () => {
    const capture = captureEmf();
    try {
      const metrics = createEmfPublisher({
        dimensions: { Stage: "test", Service: "worker" },
        flushIntervalMs: 60_000,
        maxSeries: 100,
        logger: createLogger({ level: "silent", service: "test" }),
      });
      recordRateLimits(metrics, [
        { api: "github", remaining: () => 4321 },
        { api: "jira", remaining: () => undefined },
      ]);
      await metrics.close();
      const points = capture.find("RateLimitRemaining");
      expect(points).toHaveLength(1);
      expect(points[0]?.values).toEqual([4321]);
      expect(points[0]?.dimensions).toEqual({ Stage: "test", Service: "worker", Api: "github" });
    } finally {
      capture.stop();
    }
  });
});
