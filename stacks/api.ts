import { cloudFrontOriginFacing } from "./cdn-policy.ts";
import { bucket, database, databaseServer, redis } from "./data.ts";
import { devPorts } from "./dev.ts";
import {
  appEnvironment,
  appImage,
  appPort,
  containerHealth,
  logGroupName,
  stopTimeoutTransform,
} from "./fargate.ts";
import { loadBalancerHealth } from "./health.ts";
import { cluster, vpc } from "./network.ts";
import { alarmName, deploymentSettings, rollbackAlarms } from "./release.ts";
import { readOwnSecretsOnly, secretArgs } from "./secrets.ts";
import { drain } from "./settings.ts";
import { stage } from "./stage.ts";

const forward = `${appPort}/http` as const;
/** With a domain the load balancer's own name `origin.<domain>` gets a certificate (HTTPS). */
const listen = stage.domain
  ? ({ port: 443, protocol: "https" } as const)
  : ({ port: 80, protocol: "http" } as const);
/** SST's rule for the Api on the listener: shadowed by the production rule below when that exists. */
const serviceRulePriority = 100;
/** The rule ECS shifts traffic on during blue-green and canary releases. */
export const productionRulePriority = 1;

/**
 * The load balancer admits CloudFront's origin-facing addresses only (one rule, ports 80-443:
 * see stacks/cdn-policy.ts). So every request has passed CloudFront, which appends the viewer's
 * address to X-Forwarded-For before the load balancer appends CloudFront's: with
 * TRUSTED_PROXY_HOPS=2 the address the Api rate-limits by cannot be forged, even through
 * someone else's distribution.
 */
function cloudFrontOnly(args: aws.ec2.SecurityGroupArgs) {
  const prefixList = aws.ec2.getManagedPrefixListOutput({ name: cloudFrontOriginFacing });
  args.ingress = [
    {
      description: "CloudFront origin-facing",
      protocol: "tcp",
      fromPort: 80,
      toPort: 443,
      prefixListIds: [prefixList.id],
    },
  ];
  return undefined;
}

/** A value set later in this module (an output of a resource created after the service). */
function deferred<T>() {
  let resolve: (value: $util.Input<T>) => void = () => {};
  const promise = new Promise<$util.Input<T>>((r) => {
    resolve = r;
  });
  return { output: $util.output(promise) as $util.Output<T>, resolve };
}

/** The Api's load balancer: its own component, so the production listener can be reached. */
export const alb = $dev
  ? undefined
  : new sst.aws.Alb("ApiAlb", {
      vpc,
      domain: stage.domain ? `origin.${stage.domain}` : undefined,
      listeners: [listen],
      transform: {
        securityGroup: cloudFrontOnly,
        // Server-sent event streams idle between events: the Api must write a heartbeat more
        // often than this and than CloudFront's 60 s read timeout.
        loadBalancer: { idleTimeout: 120 },
      },
    });

const native = !$dev && stage.release !== "rolling";
const primaryTargetGroup = deferred<string>();
const productionRule = deferred<string>();
const alternate = native ? blueGreenResources() : undefined;

export const api = new sst.aws.Service(
  "Api",
  {
    cluster,
    image: appImage("api"),
    cpu: stage.api.cpu,
    memory: stage.api.memory,
    link: [redis, bucket, database, ...secretArgs().link],
    ssm: secretArgs().ssm,
    environment: appEnvironment({
      service: "api",
      shutdownTimeoutMs: drain.api.shutdownTimeoutMs,
      publicUrl: stage.domain ? `https://${stage.domain}` : undefined,
    }),
    health: containerHealth(),
    loadBalancer: alb
      ? {
          instance: alb,
          rules: [
            {
              listen: `${listen.port}/${listen.protocol}`,
              forward,
              conditions: { path: "/*" },
              priority: serviceRulePriority,
            },
          ],
          health: { [forward]: loadBalancerHealth },
        }
      : { rules: [{ listen: "80/http", forward }] },
    scaling: {
      min: stage.api.min,
      max: stage.api.max,
      cpuUtilization: stage.api.cpuTarget,
      memoryUtilization: false,
      requestCount: stage.api.requestsPerTask,
      scaleOutCooldown: "60 seconds",
      scaleInCooldown: "300 seconds",
    },
    capacity: stage.spot ? "spot" : undefined,
    logging: { name: logGroupName(stage.name, "api"), retention: stage.logRetention },
    wait: stage.productionLike,
    dev: {
      command: "npm exec -- node --watch functions/api.ts",
      url: `http://127.0.0.1:${devPorts.api}`,
    },
    transform: {
      executionRole: readOwnSecretsOnly,
      service: (args) => {
        Object.assign(
          args,
          deploymentSettings(
            stage.release,
            stage.alarms ? rollbackAlarms.api.map((a) => alarmName(stage.name, a)) : [],
          ),
          { healthCheckGracePeriodSeconds: 60 },
        );
        if (!alternate) return undefined;
        const balancers = $util.output(args.loadBalancers ?? []);
        primaryTargetGroup.resolve(balancers.apply((list) => list[0]?.targetGroupArn ?? ""));
        args.loadBalancers = balancers.apply((list) =>
          list.map((balancer) => ({
            ...balancer,
            advancedConfiguration: {
              alternateTargetGroupArn: alternate.targetGroup.arn,
              productionListenerRule: productionRule.output,
              roleArn: alternate.role.arn,
            },
          })),
        );
        return undefined;
      },
      target: { deregistrationDelay: drain.api.deregistrationDelaySeconds },
      taskDefinition: stopTimeoutTransform(drain.api.stopTimeoutSeconds),
    },
  },
  { dependsOn: databaseServer ? [databaseServer] : [] },
);

/**
 * What ECS needs to run blue-green and canary releases behind the load balancer: a second
 * target group for the new tasks (the same port and health check as SST's), and a role that
 * lets ECS move the production rule's weights between the two.
 */
function blueGreenResources() {
  const seconds = (duration: string) => Number.parseInt(duration, 10);
  const targetGroup = new aws.lb.TargetGroup("ApiAlternateTarget", {
    port: appPort,
    protocol: "HTTP",
    targetType: "ip",
    vpcId: vpc.id,
    deregistrationDelay: drain.api.deregistrationDelaySeconds,
    healthCheck: {
      path: loadBalancerHealth.path,
      interval: seconds(loadBalancerHealth.interval),
      timeout: seconds(loadBalancerHealth.timeout),
      healthyThreshold: loadBalancerHealth.healthyThreshold,
      unhealthyThreshold: loadBalancerHealth.unhealthyThreshold,
      matcher: loadBalancerHealth.successCodes,
    },
  });
  const role = new aws.iam.Role("ApiReleaseRole", {
    assumeRolePolicy: $jsonStringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
    managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers"],
  });
  return { targetGroup, role };
}

/**
 * The production rule: every path to the Api's current target group. ECS rewrites its weights
 * during a release (and leaves the new group at 100), so its actions are ECS's after creation.
 */
if (alb && alternate) {
  const rule = new aws.lb.ListenerRule(
    "ApiProductionRule",
    {
      listenerArn: alb.getListener(listen.protocol, listen.port).arn,
      priority: productionRulePriority,
      conditions: [{ pathPattern: { values: ["/*"] } }],
      actions: [
        {
          type: "forward",
          forward: {
            targetGroups: [
              { arn: primaryTargetGroup.output, weight: 100 },
              { arn: alternate.targetGroup.arn, weight: 0 },
            ],
          },
        },
      ],
    },
    { ignoreChanges: ["actions"] },
  );
  productionRule.resolve(rule.arn);
}

/** Where CloudFront sends `/api` and `/health`. */
export const apiOrigin = alb ? alb.url : api.url;
