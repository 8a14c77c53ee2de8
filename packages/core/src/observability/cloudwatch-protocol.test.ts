import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { type CloudWatchServer, startCloudWatchServer } from "@finchat/testkit/cloudwatch-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

// The testkit server must accept exactly what the real SDK sends; these tests drive it with the SDK.
let server: CloudWatchServer;
let client: CloudWatchClient;

beforeAll(async () => {
  server = await startCloudWatchServer();
  client = new CloudWatchClient({
    region: "eu-west-1",
    endpoint: server.url,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
});
afterEach(() => server.setMode("ok"));
afterAll(async () => {
  client.destroy();
  await server.close();
});

const put = (MetricData: NonNullable<PutMetricDataCommand["input"]["MetricData"]>, Namespace = "Finchat") =>
  client.send(new PutMetricDataCommand({ Namespace, MetricData }));

describe("the CloudWatch test server with the AWS SDK client", () => {
  it("records values, statistic sets, dimensions and timestamps as sent", async () => {
    const before = server.received.length;
    const at = new Date("2025-03-01T12:00:00.000Z");
    await put([
      {
        MetricName: "Requests",
        Dimensions: [{ Name: "Stage", Value: "dev" }],
        Unit: "Count",
        Timestamp: at,
        Value: 2,
      },
      {
        MetricName: "Latency",
        Unit: "Milliseconds",
        StatisticValues: { SampleCount: 2, Sum: 30, Minimum: 10, Maximum: 20 },
      },
      { MetricName: "Latency", Unit: "Milliseconds", Values: [10, 20], Counts: [3, 1] },
    ]);
    const call = server.received[before];
    expect(call?.namespace).toBe("Finchat");
    expect(call?.gzipped).toBe(false);
    expect(call?.datums[0]).toMatchObject({ MetricName: "Requests", Value: 2, Unit: "Count" });
    expect(call?.datums[0]?.Dimensions).toEqual([{ Name: "Stage", Value: "dev" }]);
    expect(call?.datums[0]?.Timestamp?.toISOString()).toBe(at.toISOString());
    expect(call?.datums[1]?.StatisticValues).toEqual({ SampleCount: 2, Sum: 30, Minimum: 10, Maximum: 20 });
    expect(call?.datums[2]).toMatchObject({ Values: [10, 20], Counts: [3, 1] });
  });

  it("accepts the SDK's gzip-compressed bodies", async () => {
    const before = server.received.length;
    const many = Array.from({ length: 400 }, (_, i) => ({ MetricName: `Metric${i}`, Value: i }));
    await put(many);
    expect(server.received[before]?.gzipped).toBe(true);
    expect(server.received[before]?.datums).toHaveLength(400);
  });

  it("refuses what CloudWatch refuses, with the error the SDK names", async () => {
    const tooMany = Array.from({ length: 1001 }, () => ({ MetricName: "M", Value: 1 }));
    await expect(put(tooMany)).rejects.toMatchObject({ name: "InvalidParameterValueException" });
    const values = Array.from({ length: 151 }, (_, i) => i);
    await expect(put([{ MetricName: "M", Values: values }])).rejects.toMatchObject({
      name: "InvalidParameterValueException",
    });
    await expect(put([{ MetricName: "M", Value: 1 }], "AWS/EC2")).rejects.toMatchObject({
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("fails with a server error or a dropped connection when told to", async () => {
    server.setMode("fail");
    await expect(put([{ MetricName: "M", Value: 1 }])).rejects.toMatchObject({
      $metadata: { httpStatusCode: 500 },
    });
    server.setMode("reset");
    const attempts = server.attempts;
    await expect(put([{ MetricName: "M", Value: 1 }])).rejects.toThrow();
    expect(server.attempts).toBe(attempts + 1);
  });
});
