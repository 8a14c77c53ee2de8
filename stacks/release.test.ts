import { describe, expect, it, vi } from "vitest";
import { loadBalancerHealth } from "./health.ts";
import { releaseTiming } from "./release.ts";
import { installStandIns, plain, type Recording } from "./stand-ins.ts";
import { type Args, all, canary, deploy, ecsService, one, production } from "./test-deploy.ts";

/** Lets values set later in the program (deferred outputs) settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function alarmNames(recording: Recording): string[] {
  return all(recording, "aws.cloudwatch.MetricAlarm").map((a) => plain<Args>(a.args).name);
}

/** ECS's valid ranges (CreateService): minutes 0-1440 as strings, canary share 0.1-100 %. */
function expectValidTiming(configuration: Args) {
  for (const key of ["bakeTimeInMinutes"]) {
    const minutes = Number(configuration[key]);
    expect(Number.isInteger(minutes) && minutes >= 0 && minutes <= 1440, key).toBe(true);
  }
  if (configuration.canaryConfiguration) {
    const { canaryPercent, canaryBakeTimeInMinutes } = configuration.canaryConfiguration;
    expect(canaryPercent).toBeGreaterThanOrEqual(0.1);
    expect(canaryPercent).toBeLessThanOrEqual(100);
    expect(Number(canaryBakeTimeInMinutes)).toBeGreaterThanOrEqual(0);
    expect(Number(canaryBakeTimeInMinutes)).toBeLessThanOrEqual(1440);
  }
}

describe("releases", () => {
  it("ships production as an ECS canary: 10% for 10 minutes, then all, old tasks kept 15 minutes", async () => {
    const { recording } = await production();
    const api = ecsService(recording, "Api");
    expect(api.deploymentController).toEqual({ type: "ECS" });
    expect(api.deploymentConfiguration).toEqual({
      strategy: "CANARY",
      bakeTimeInMinutes: String(releaseTiming.bakeMinutes),
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: "10" },
    });
    expectValidTiming(api.deploymentConfiguration);
  });

  it("rolls back on the 5xx, latency and first-token alarms, which exist under those names", async () => {
    const { recording } = await production();
    const api = ecsService(recording, "Api");
    expect(api.alarms).toEqual({
      alarmNames: [
        "finchat-production-Api5xxRate",
        "finchat-production-ApiP99Latency",
        "finchat-production-TimeToFirstToken",
      ],
      enable: true,
      rollback: true,
    });
    const existing = alarmNames(recording);
    for (const name of api.alarms.alarmNames) expect(existing).toContain(name);
    const worker = ecsService(recording, "Worker");
    expect(worker.deploymentConfiguration).toEqual({ strategy: "ROLLING" });
    expect(worker.alarms.rollback).toBe(true);
    for (const name of worker.alarms.alarmNames) expect(existing).toContain(name);
    expect(worker.loadBalancers).toBeUndefined();
  });

  it("gives ECS a second target group, the production rule and a role to shift traffic with", async () => {
    const { recording } = await production();
    ecsService(recording, "Api"); // runs the transform, which hands SST's target group on
    await settle();
    const api = ecsService(recording, "Api");
    expect(api.loadBalancers).toEqual([
      {
        targetGroupArn: "<primary target group>",
        containerName: "Api",
        containerPort: 3000,
        advancedConfiguration: {
          alternateTargetGroupArn: "<ApiAlternateTarget.arn>",
          productionListenerRule: "<ApiProductionRule.arn>",
          roleArn: "<ApiReleaseRole.arn>",
        },
      },
    ]);
    // The rule ECS shifts: every path, ahead of SST's rule for the Api, all on the current group.
    const rule = one(recording, "aws.lb.ListenerRule", "ApiProductionRule");
    const args = plain<Args>(rule.args);
    expect(args.listenerArn).toBe("<ApiAlb.getListener().arn>");
    const sstRule = plain<Args>(one(recording, "sst.aws.Service", "Api").args).loadBalancer.rules[0];
    expect(args.priority).toBeLessThan(sstRule.priority);
    expect(args.conditions).toEqual([{ pathPattern: { values: [sstRule.conditions.path] } }]);
    expect(args.actions).toEqual([
      {
        type: "forward",
        forward: {
          targetGroups: [
            { arn: "<primary target group>", weight: 100 },
            { arn: "<ApiAlternateTarget.arn>", weight: 0 },
          ],
        },
      },
    ]);
    // ECS owns the weights after creation; a later deploy must not move traffic back.
    expect(rule.opts).toEqual({ ignoreChanges: ["actions"] });
    // The new tasks are checked exactly as the old ones.
    const alternate = plain<Args>(one(recording, "aws.lb.TargetGroup", "ApiAlternateTarget").args);
    expect(alternate).toMatchObject({ port: 3000, protocol: "HTTP", targetType: "ip", vpcId: "<Vpc.id>" });
    expect(alternate.healthCheck).toEqual({
      path: loadBalancerHealth.path,
      interval: 10,
      timeout: 5,
      healthyThreshold: 2,
      unhealthyThreshold: 3,
      matcher: "200",
    });
    const role = plain<Args>(one(recording, "aws.iam.Role", "ApiReleaseRole").args);
    expect(JSON.parse(role.assumeRolePolicy).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    expect(role.managedPolicyArns).toEqual([
      "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers",
    ]);
  });

  it("switches the canary stage blue-green, and rolls everywhere else or when asked to", async () => {
    const canaryApi = ecsService((await canary()).recording, "Api");
    expect(canaryApi.deploymentConfiguration).toEqual({ strategy: "BLUE_GREEN", bakeTimeInMinutes: "15" });
    expectValidTiming(canaryApi.deploymentConfiguration);
    for (const run of [
      () => deploy("dev"),
      () => deploy("alice"),
      () =>
        deploy("production", {
          domain: "finchat.example.com",
          env: { FINCHAT_RELEASE: "rolling", FINCHAT_ALERT_EMAIL: "oncall@example.com" },
        }),
    ]) {
      const { recording } = await run();
      const api = ecsService(recording, "Api");
      expect(api.deploymentConfiguration).toEqual({ strategy: "ROLLING" });
      expect(api).toMatchObject({ deploymentMinimumHealthyPercent: 100, deploymentMaximumPercent: 200 });
      expect(api.loadBalancers[0].advancedConfiguration).toBeUndefined();
      expect(all(recording, "aws.lb.TargetGroup")).toEqual([]);
      expect(all(recording, "aws.lb.ListenerRule")).toEqual([]);
    }
    await expect(
      deploy("production", {
        domain: "x.example.com",
        env: { FINCHAT_RELEASE: "yolo", FINCHAT_ALERT_EMAIL: "oncall@example.com" },
      }),
    ).rejects.toThrow(/FINCHAT_RELEASE must be one of rolling, blue-green, canary/);
  });
});

describe("the release pipeline (SST Autodeploy)", () => {
  async function config() {
    vi.resetModules();
    installStandIns("canary", false);
    return (await import("../sst.config.ts")).default as unknown as Args;
  }

  it("deploys main to canary and a release tag to production, nothing else", async () => {
    const { target } = (await config()).console.autodeploy;
    expect(target({ type: "branch", action: "pushed", branch: "main" })).toEqual({ stage: "canary" });
    expect(target({ type: "tag", action: "pushed", tag: "release-2026-12-05" })).toEqual({
      stage: "production",
    });
    expect(target({ type: "branch", action: "pushed", branch: "feature" })).toBeUndefined();
    expect(target({ type: "branch", action: "removed", branch: "main" })).toBeUndefined();
    expect(target({ type: "tag", action: "pushed", tag: "v1" })).toBeUndefined();
  });

  it("smoke-tests canary before production is deployed, and production after", async () => {
    const { workflow } = (await config()).console.autodeploy;
    const run = async (event: Args) => {
      const commands: string[] = [];
      const $ = (_strings: TemplateStringsArray, step: string[]) => {
        commands.push(step.join(" "));
        return Promise.resolve();
      };
      vi.stubEnv("FINCHAT_DOMAIN", "finchat.example.com");
      try {
        await workflow({ $, event });
      } finally {
        vi.unstubAllEnvs();
      }
      return commands;
    };
    expect(await run({ type: "tag", action: "pushed", tag: "release-1" })).toEqual([
      "npm ci --no-audit --no-fund",
      "npm run smoke -- https://canary.finchat.example.com",
      "npx sst deploy --stage production",
      "npm run smoke -- https://finchat.example.com",
    ]);
    expect(await run({ type: "branch", action: "pushed", branch: "main" })).toEqual([
      "npm ci --no-audit --no-fund",
      "npx sst deploy --stage canary",
      "npm run smoke -- https://canary.finchat.example.com",
    ]);
    await expect(run({ type: "branch", action: "pushed", branch: "other" })).rejects.toThrow(
      /nothing to deploy/,
    );
  });
});
