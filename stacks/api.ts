import { cloudFrontOriginFacing } from "./cdn-policy.ts";
import { bucket, database, redis } from "./data.ts";
import { devPorts } from "./dev.ts";
import {
  appEnvironment,
  appImage,
  appPort,
  containerHealth,
  logGroupName,
  metricsPermissions,
  rollingDeployment,
  stopTimeoutTransform,
} from "./fargate.ts";
import { loadBalancerHealth } from "./health.ts";
import { cluster } from "./network.ts";
import { appSecrets } from "./secrets.ts";
import { drain } from "./settings.ts";
import { stage } from "./stage.ts";

const forward = `${appPort}/http` as const;

/**
 * The load balancer admits CloudFront's origin-facing addresses only (one rule, ports 80-443:
 * see stacks/cdn-policy.ts). So every request has passed CloudFront, which appends the viewer's
 * address to X-Forwarded-For before the load balancer appends CloudFront's: with
 * TRUSTED_PROXY_HOPS=2 the address the Api rate-limits by cannot be forged, even through
 * someone else's distribution.
 */
function cloudFrontOnly(args: aws.ec2.SecurityGroupArgs) {
  if ($dev) return undefined;
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

export const api = new sst.aws.Service("Api", {
  cluster,
  image: appImage("api"),
  cpu: stage.api.cpu,
  memory: stage.api.memory,
  link: [redis, bucket, database, ...appSecrets],
  permissions: metricsPermissions,
  environment: appEnvironment({
    service: "api",
    shutdownTimeoutMs: drain.api.shutdownTimeoutMs,
    publicUrl: stage.domain ? `https://${stage.domain}` : undefined,
  }),
  health: containerHealth(),
  // With a domain, the load balancer's own name `origin.<domain>` gets a certificate so
  // CloudFront reaches the Api over HTTPS; other stages speak plain HTTP to it.
  loadBalancer: {
    domain: stage.domain ? `origin.${stage.domain}` : undefined,
    rules: stage.domain
      ? [
          { listen: "80/http", redirect: "443/https" },
          { listen: "443/https", forward },
        ]
      : [{ listen: "80/http", forward }],
    health: { [forward]: loadBalancerHealth },
  },
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
    service: { ...rollingDeployment, healthCheckGracePeriodSeconds: 60 },
    target: { deregistrationDelay: drain.api.deregistrationDelaySeconds },
    // Server-sent event streams idle between events: the Api must write a heartbeat more often
    // than this and than CloudFront's 60 s read timeout.
    loadBalancer: { idleTimeout: 120 },
    loadBalancerSecurityGroup: cloudFrontOnly,
    taskDefinition: stopTimeoutTransform(drain.api.stopTimeoutSeconds),
  },
});
