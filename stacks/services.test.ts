import { describe, expect, it } from "vitest";
import { liveProbeCommand, loadBalancerHealth } from "./health.ts";
import { drain } from "./settings.ts";
import { plain, unwrap } from "./stand-ins.ts";
import {
  type Args,
  all,
  canary,
  deploy,
  ecsService,
  one,
  production,
  production as productionRun,
  service,
} from "./test-deploy.ts";

/** Runs a recorded task-definition transform the way the Service component would. */
function stopTimeoutOf(args: Args): number {
  const taskDefinition = { containerDefinitions: JSON.stringify([{ name: "app" }]) };
  args.transform.taskDefinition(taskDefinition, {}, "Task");
  return JSON.parse(unwrap(taskDefinition.containerDefinitions) as string)[0].stopTimeout;
}

describe("Api service", () => {
  it("builds the api target and checks liveness, not readiness, behind the load balancer and in the task", async () => {
    const api = service((await production()).recording, "Api");
    expect(api.image).toEqual({ context: ".", dockerfile: "functions/Dockerfile", target: "api" });
    expect(api.loadBalancer.health["3000/http"]).toEqual(loadBalancerHealth);
    expect(api.loadBalancer.health["3000/http"].path).toBe("/health/live");
    expect(api.health.command).toEqual(liveProbeCommand());
    expect(api.dev.command).toBe("npm exec -- node --watch functions/api.ts");
  });

  it("sits behind its own load balancer: HTTPS on origin.<domain> with a domain, plain HTTP without", async () => {
    const { recording } = await production();
    const alb = plain<Args>(one(recording, "sst.aws.Alb", "ApiAlb").args);
    expect(alb.domain).toBe("origin.finchat.example.com");
    expect(alb.listeners).toEqual([{ port: 443, protocol: "https" }]);
    expect(alb.transform.loadBalancer).toEqual({ idleTimeout: 120 });
    const lb = service(recording, "Api").loadBalancer;
    expect(lb.instance).toBe("<ApiAlb>");
    expect(lb.rules).toEqual([
      { listen: "443/https", forward: "3000/http", conditions: { path: "/*" }, priority: 100 },
    ]);
    const personal = plain<Args>(one((await deploy("alice")).recording, "sst.aws.Alb", "ApiAlb").args);
    expect(personal.domain).toBeUndefined();
    expect(personal.listeners).toEqual([{ port: 80, protocol: "http" }]);
  });

  it("rolls out with a circuit breaker that rolls back, and stops only after the drain", async () => {
    const { recording } = await production();
    const raw = one(recording, "sst.aws.Service", "Api").args as Args;
    const api = plain<Args>(raw);
    expect(ecsService(recording, "Api")).toMatchObject({
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      healthCheckGracePeriodSeconds: 60,
    });
    expect(api.transform.target.deregistrationDelay).toBe(drain.api.deregistrationDelaySeconds);
    const stopTimeout = stopTimeoutOf(raw);
    expect(stopTimeout).toBe(drain.api.stopTimeoutSeconds);
    expect(Number(api.environment.SHUTDOWN_TIMEOUT_MS)).toBeLessThan(stopTimeout * 1000);
    expect(api.environment).toMatchObject({
      NODE_ENV: "production",
      HOST: "0.0.0.0",
      PORT: "3000",
      TRUSTED_PROXY_HOPS: "2",
    });
    expect(api.environment.PUBLIC_URL).toBe("https://finchat.example.com");
  });

  it("scales on CPU and requests with at least two tasks in production and canary", async () => {
    for (const run of [production, canary]) {
      const { scaling } = service((await run()).recording, "Api");
      expect(scaling.min).toBeGreaterThanOrEqual(2);
      expect(scaling.max).toBeGreaterThan(scaling.min);
      expect(scaling).toMatchObject({ cpuUtilization: 60, requestCount: 1000, memoryUtilization: false });
    }
  });
});

describe("Worker service", () => {
  it("has no load balancer, runs the worker target and stops within Fargate's limit", async () => {
    const { recording } = await production();
    const raw = one(recording, "sst.aws.Service", "Worker").args as Args;
    const worker = plain<Args>(raw);
    expect(worker.loadBalancer).toBeUndefined();
    expect(worker.image.target).toBe("worker");
    expect(worker.dev.command).toBe("npm exec -- node --watch functions/worker.ts");
    expect(worker.health.command).toEqual(liveProbeCommand());
    expect(worker.scaling.min).toBeGreaterThanOrEqual(2);
    expect(ecsService(recording, "Worker").deploymentCircuitBreaker).toEqual({
      enable: true,
      rollback: true,
    });
    const stopTimeout = stopTimeoutOf(raw);
    expect(stopTimeout).toBeLessThanOrEqual(120);
    expect(Number(worker.environment.SHUTDOWN_TIMEOUT_MS)).toBeLessThan(stopTimeout * 1000);
  });

  it("tracks waiting jobs per running task, published by the app under its stage", async () => {
    const { recording } = await canary();
    const policy = plain<Args>(one(recording, "aws.appautoscaling.Policy", "WorkerQueueDepthScaling").args);
    expect(policy.resourceId).toBe("<Worker.nodes.autoScalingTarget.resourceId>");
    const config = policy.targetTrackingScalingPolicyConfiguration;
    expect(config.targetValue).toBe(10);
    const [depth, tasks, ratio] = config.customizedMetricSpecification.metrics;
    expect(depth.metricStat.metric).toEqual({
      namespace: "Finchat",
      metricName: "QueueDepth",
      dimensions: [{ name: "Stage", value: "canary" }],
    });
    expect(tasks.metricStat.metric.dimensions).toEqual([
      { name: "ClusterName", value: "<Cluster.nodes.cluster.name>" },
      { name: "ServiceName", value: "<Worker.nodes.service.name>" },
    ]);
    expect(ratio).toMatchObject({ expression: "depth / tasks", returnData: true });
    // The task count comes from Container Insights.
    const cluster = plain<Args>(one(recording, "sst.aws.Cluster", "Cluster").args);
    expect(cluster.transform.cluster.settings).toEqual([{ name: "containerInsights", value: "enabled" }]);
  });
});

describe("Worker scaling on saturation and job age", () => {
  it("tracks the tasks' average chat saturation at 70%, as the Workers publish it", async () => {
    const { recording } = await production();
    const policy = plain<Args>(one(recording, "aws.appautoscaling.Policy", "WorkerSaturationScaling").args);
    expect(policy).toMatchObject({
      policyType: "TargetTrackingScaling",
      resourceId: "<Worker.nodes.autoScalingTarget.resourceId>",
      scalableDimension: "<Worker.nodes.autoScalingTarget.scalableDimension>",
    });
    expect(policy.targetTrackingScalingPolicyConfiguration).toMatchObject({
      targetValue: 70,
      customizedMetricSpecification: {
        namespace: "Finchat",
        metricName: "ChatSaturationPercent",
        dimensions: [{ name: "Stage", value: "production" }],
        statistic: "Average",
      },
    });
  });

  it("steps out on the oldest waiting job: +1 task past 60 s, +2 past 5 minutes", async () => {
    const { recording } = await production();
    const policy = plain<Args>(one(recording, "aws.appautoscaling.Policy", "WorkerJobAgeScaling").args);
    const alarm = plain<Args>(one(recording, "aws.cloudwatch.MetricAlarm", "WorkerJobAgeScalingAlarm").args);
    expect(alarm).toMatchObject({
      namespace: "Finchat",
      metricName: "OldestJobAgeSeconds",
      dimensions: { Stage: "production" },
      comparisonOperator: "GreaterThanThreshold",
      threshold: 60,
      alarmActions: ["<WorkerJobAgeScaling.arn>"],
    });
    // Application Auto Scaling reads step bounds relative to the alarm threshold.
    const steps = policy.stepScalingPolicyConfiguration.stepAdjustments as Args[];
    const adjustmentAt = (age: number) =>
      steps.find(
        (s) =>
          age - alarm.threshold >= Number(s.metricIntervalLowerBound ?? Number.NEGATIVE_INFINITY) &&
          age - alarm.threshold < Number(s.metricIntervalUpperBound ?? Number.POSITIVE_INFINITY),
      )?.scalingAdjustment;
    expect(adjustmentAt(90)).toBe(1);
    expect(adjustmentAt(299)).toBe(1);
    expect(adjustmentAt(301)).toBe(2);
    expect(adjustmentAt(3600)).toBe(2);
  });

  it("does not scale a stage whose Worker count is fixed, nor under sst dev", async () => {
    for (const run of [() => deploy("alice"), () => deploy("alice", { dev: true })]) {
      expect(all((await run()).recording, "aws.appautoscaling.Policy")).toEqual([]);
    }
  });
});

describe("app metrics", () => {
  it("are written by both services as EMF log lines: no CloudWatch API, so no permission for it", async () => {
    const { recording } = await production();
    for (const name of ["Api", "Worker"]) {
      const args = service(recording, name);
      expect(args.environment.METRICS_ENABLED).toBe("true");
      expect(args.permissions).toBeUndefined();
      // CloudWatch reads the metrics from the log group the services write to.
      expect(args.logging.name).toBe(`/finchat/production/${name.toLowerCase()}`);
    }
  });
});

describe("stage differences", () => {
  it("runs small stages on Spot without queue scaling, alarms or HTTPS origin", async () => {
    const { recording } = await deploy("alice");
    expect(service(recording, "Api").capacity).toBe("spot");
    expect(service(recording, "Worker").scaling).toMatchObject({ min: 1, max: 1 });
    expect(all(recording, "aws.appautoscaling.Policy")).toEqual([]);
    expect(all(recording, "aws.cloudwatch.MetricAlarm")).toEqual([]);
    expect(one(recording, "aws.cloudwatch.Dashboard", "Dashboard")).toBeDefined();
    const production = service((await productionRun()).recording, "Api");
    expect(production.capacity).toBeUndefined();
    expect(production.wait).toBe(true);
  });

  it("gives dev a queue-scaled Worker on Spot, with its own subdomain when one is set", async () => {
    const { recording } = await deploy("dev", { domain: "finchat.example.com" });
    expect(service(recording, "Worker")).toMatchObject({ capacity: "spot", scaling: { min: 1, max: 2 } });
    expect(one(recording, "aws.appautoscaling.Policy", "WorkerQueueDepthScaling")).toBeDefined();
    expect(plain<Args>(one(recording, "sst.aws.Router", "Cdn").args).domain).toBe("dev.finchat.example.com");
  });

  it("refuses production without a domain, or without an address for its alarms", async () => {
    await expect(deploy("production")).rejects.toThrow(/FINCHAT_DOMAIN/);
    await expect(deploy("production", { domain: "finchat.example.com" })).rejects.toThrow(
      /FINCHAT_ALERT_EMAIL/,
    );
    await expect(
      deploy("canary", { domain: "finchat.example.com", env: { FINCHAT_ALERT_EMAIL: "not an address" } }),
    ).rejects.toThrow(/not an email address/);
  });
});
