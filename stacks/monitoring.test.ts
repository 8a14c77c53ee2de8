import { describe, expect, it } from "vitest";
import { plain } from "./stand-ins.ts";
import { type Args, all, canary, deploy, one, production } from "./test-deploy.ts";

function alarms(recording: Parameters<typeof all>[0]): Record<string, Args> {
  return Object.fromEntries(
    all(recording, "aws.cloudwatch.MetricAlarm")
      // The Worker's scaling alarm acts on a scaling policy, not on people (services.test.ts).
      .filter((a) => a.name !== "WorkerJobAgeScalingAlarm")
      .map((a) => [a.name, plain<Args>(a.args)]),
  );
}

describe("monitoring", () => {
  it("alarms on 5xx rate, p99 latency, dead letters, job age, Redis memory and Worker errors", async () => {
    for (const run of [production, canary]) {
      const byName = alarms((await run()).recording);
      expect(Object.keys(byName).sort()).toEqual(
        [
          "Api5xxRate",
          "ApiP99Latency",
          "ApiTasksBelowDesired",
          "ApiUnhealthyHosts",
          "Cdn5xxRate",
          "DatabaseServerDown",
          "DeadLetterJobs",
          "OldestJobAge",
          "RedisMemory",
          "TimeToFirstToken",
          "WorkerErrors",
          "WorkerTasksBelowDesired",
        ].sort(),
      );
      for (const [name, alarm] of Object.entries(byName)) {
        expect(alarm.alarmActions).toEqual(["<Alerts.arn>"]);
        expect(alarm.name).toMatch(new RegExp(`^finchat-(production|canary)-${name}$`));
      }
    }
  });

  it("reads the metrics the alarms are about", async () => {
    const byName = alarms((await production()).recording);
    const rate = byName.Api5xxRate?.metricQueries.find((q: Args) => q.returnData);
    expect(rate.expression).toContain("/ requests");
    expect(byName.ApiP99Latency).toMatchObject({
      metricName: "TargetResponseTime",
      extendedStatistic: "p99",
      dimensions: { LoadBalancer: "<Api.nodes.loadBalancer.arnSuffix>" },
    });
    expect(byName.DeadLetterJobs).toMatchObject({
      namespace: "Finchat",
      metricName: "DeadLetterJobs",
      dimensions: { Stage: "production" },
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    });
    // No datapoint means no Worker is reporting: that must page too.
    expect(byName.OldestJobAge).toMatchObject({
      metricName: "OldestJobAgeSeconds",
      treatMissingData: "breaching",
    });
    expect(byName.RedisMemory?.dimensions).toEqual({
      CacheClusterId: "<Redis.nodes.cluster.memberClusters.0>",
    });
    expect(byName.WorkerErrors).toMatchObject({
      namespace: "Finchat/production",
      metricName: "WorkerErrorLines",
    });
  });

  it("counts error lines of the Worker's log group", async () => {
    const { recording } = await production();
    const filter = one(recording, "aws.cloudwatch.LogMetricFilter", "WorkerErrorLines");
    const worker = plain<Args>(one(recording, "sst.aws.Service", "Worker").args);
    expect(plain<Args>(filter.args)).toMatchObject({
      logGroupName: worker.logging.name,
      pattern: "{ $.level >= 50 }",
      metricTransformation: { namespace: "Finchat/production", name: "WorkerErrorLines" },
    });
    expect(plain(filter.opts)).toEqual({ dependsOn: ["<Worker>"] });
  });

  it("draws a dashboard of the same metrics for every deployed stage", async () => {
    const dashboard = plain<Args>(
      one((await deploy("dev")).recording, "aws.cloudwatch.Dashboard", "Dashboard").args,
    );
    expect(dashboard.dashboardName).toBe("finchat-dev");
    const body = JSON.parse(dashboard.dashboardBody);
    const metricNames = body.widgets.flatMap((w: Args) => w.properties.metrics.map((m: unknown[]) => m[1]));
    expect(metricNames).toEqual(
      expect.arrayContaining([
        "QueueDepth",
        "OldestJobAgeSeconds",
        "DeadLetterJobs",
        "TargetResponseTime",
        "WorkerErrorLines",
      ]),
    );
    expect(body.widgets[0].properties.region).toBe("<aws.getRegionOutput().region>");
  });

  it("creates nothing to watch under sst dev", async () => {
    const { recording } = await deploy("alice", { dev: true });
    expect(recording.components.filter((c) => c.type.startsWith("aws.cloudwatch"))).toEqual([]);
  });
});

describe("database alarm", () => {
  it("fires when no sqld task runs, and when the count is missing", async () => {
    const byName = alarms((await production()).recording);
    expect(byName.DatabaseServerDown).toMatchObject({
      namespace: "ECS/ContainerInsights",
      metricName: "RunningTaskCount",
      dimensions: {
        ClusterName: "<Cluster.nodes.cluster.name>",
        ServiceName: "<DatabaseServer.nodes.service.name>",
      },
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      treatMissingData: "breaching",
    });
  });
});

describe("the alarms added for deployed stages", () => {
  it("mails the on-call address from the setting", async () => {
    const { recording } = await production();
    expect(plain<Args>(one(recording, "aws.sns.TopicSubscription", "AlertsSubscriber").args)).toEqual({
      topic: "<Alerts.arn>",
      protocol: "email",
      endpoint: "oncall@example.com",
    });
  });

  it("compares running with desired tasks over five minutes, a missing count counting as missing tasks", async () => {
    const byName = alarms((await production()).recording);
    for (const [name, service] of [
      ["ApiTasksBelowDesired", "<Api.nodes.service.name>"],
      ["WorkerTasksBelowDesired", "<Worker.nodes.service.name>"],
    ]) {
      const alarm = byName[name ?? ""] as Args;
      const returned = alarm.metricQueries.filter((q: Args) => q.returnData);
      expect(returned).toEqual([expect.objectContaining({ expression: "desired - running" })]);
      for (const id of ["desired", "running"]) {
        const query = alarm.metricQueries.find((q: Args) => q.id === id);
        expect(query.metric.namespace).toBe("ECS/ContainerInsights");
        expect(query.metric.dimensions.ServiceName).toBe(service);
      }
      expect(alarm).toMatchObject({
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        datapointsToAlarm: 5,
      });
    }
  });

  it("counts unhealthy targets in every target group of the Api's load balancer, and CloudFront's 5xx", async () => {
    const byName = alarms((await production()).recording);
    const [query] = byName.ApiUnhealthyHosts?.metricQueries ?? [];
    expect(query.expression).toBe(
      `SELECT MAX(UnHealthyHostCount) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer, TargetGroup) WHERE LoadBalancer = '<Api.nodes.loadBalancer.arnSuffix>'`,
    );
    expect(byName.Cdn5xxRate).toMatchObject({
      namespace: "AWS/CloudFront",
      metricName: "5xxErrorRate",
      // CloudFront publishes with Region=Global, in us-east-1 only: the pinned region.
      dimensions: { DistributionId: "<Cdn.distributionID>", Region: "Global" },
    });
  });

  it("sends failed, aborted and expired backup and copy jobs to the alert topic", async () => {
    const { recording } = await production();
    const rule = plain<Args>(one(recording, "aws.cloudwatch.EventRule", "BackupFailures").args);
    const pattern = JSON.parse(rule.eventPattern);
    // An event AWS Backup sends when an hourly job fails, and one when it completes.
    const matches = (event: Args) =>
      pattern.source.includes(event.source) &&
      pattern["detail-type"].includes(event["detail-type"]) &&
      pattern.detail.state.includes(event.detail.state);
    expect(
      matches({
        source: "aws.backup",
        "detail-type": "Backup Job State Change",
        detail: { state: "FAILED" },
      }),
    ).toBe(true);
    expect(
      matches({ source: "aws.backup", "detail-type": "Copy Job State Change", detail: { state: "FAILED" } }),
    ).toBe(true);
    expect(
      matches({
        source: "aws.backup",
        "detail-type": "Backup Job State Change",
        detail: { state: "COMPLETED" },
      }),
    ).toBe(false);
    expect(plain<Args>(one(recording, "aws.cloudwatch.EventTarget", "BackupFailuresToAlerts").args)).toEqual({
      rule: "<BackupFailures.name>",
      arn: "<Alerts.arn>",
    });
    const policy = JSON.parse(
      plain<Args>(one(recording, "aws.sns.TopicPolicy", "AlertsFromEvents").args).policy,
    );
    expect(policy.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Resource: "<Alerts.arn>",
      },
    ]);
  });
});
