/** What the Api and the Worker services share: image, environment, health and stop behaviour. */

import { devPorts } from "./dev.ts";
import { liveProbeCommand } from "./health.ts";

export const appPort = 3000;

/** Named log groups, so alarms and metric filters can find them. */
export function logGroupName(stage: string, service: "api" | "worker" | "database"): string {
  return `/finchat/${stage}/${service}`;
}

/** Both images come from one multi-stage Dockerfile; `target` picks the entry. */
export function appImage(target: "api" | "worker") {
  return { context: ".", dockerfile: "functions/Dockerfile", target };
}

/** ECS container health: a task that fails it is stopped and replaced. */
export function containerHealth() {
  return {
    command: liveProbeCommand(),
    startPeriod: "30 seconds",
    interval: "15 seconds",
    timeout: "5 seconds",
    retries: 3,
  } as const;
}

/** Sets `stopTimeout` (seconds between SIGTERM and SIGKILL) on every container definition. */
export function withStopTimeout(containerDefinitionsJson: string, seconds: number): string {
  const definitions = JSON.parse(containerDefinitionsJson) as Record<string, unknown>[];
  return JSON.stringify(definitions.map((definition) => ({ ...definition, stopTimeout: seconds })));
}

/** A task-definition transform: the Service component has no argument for the stop timeout. */
export function stopTimeoutTransform(seconds: number) {
  return (args: { containerDefinitions: $util.Input<string> }) => {
    args.containerDefinitions = $util
      .output(args.containerDefinitions)
      .apply((json) => withStopTimeout(json, seconds));
    return undefined;
  };
}

/**
 * Settings that are not resources (those arrive through `link`). Under `sst dev` the local
 * defaults of packages/core/src/config.ts apply, except the port: both processes run on one
 * machine, so each gets its own (stacks/dev.ts).
 */
export function appEnvironment(options: {
  service: "api" | "worker";
  shutdownTimeoutMs: number;
  publicUrl?: string;
}): Record<string, $util.Input<string>> {
  if ($dev) return { PORT: String(devPorts[options.service]), HOST: "127.0.0.1" };
  return {
    NODE_ENV: "production",
    PORT: String(appPort),
    // The Api must answer the load balancer; the Worker's probe is local to its container.
    HOST: options.service === "api" ? "0.0.0.0" : "127.0.0.1",
    // CloudFront then the load balancer each append to X-Forwarded-For.
    TRUSTED_PROXY_HOPS: options.service === "api" ? "2" : "0",
    LOG_LEVEL: "info",
    METRICS_ENABLED: "true",
    SHUTDOWN_TIMEOUT_MS: String(options.shutdownTimeoutMs),
    AWS_REGION: aws.getRegionOutput().region,
    ...(options.publicUrl ? { PUBLIC_URL: options.publicUrl } : {}),
  };
}
