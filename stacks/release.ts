/**
 * How a new task definition replaces the old one, per stage, with ECS's native deployment
 * strategies. Pure values, so tests read them as ECS would.
 *
 * - `rolling`: new tasks start beside the old ones and the old stop once the new are healthy.
 * - `blue-green`: a full new set of tasks (green) behind a second target group; the production
 *   listener rule then moves all traffic to it at once, and the old set (blue) is kept for the
 *   bake time so a rollback is a switch back.
 * - `canary`: like blue-green, but the rule first sends `canaryPercent` of requests to green for
 *   `canaryBakeMinutes`, then all of them; blue is kept for the bake time.
 *
 * With alarms, ECS watches them through the whole deployment and the bake time and rolls back
 * when one fires; the circuit breaker rolls back tasks that never become healthy.
 */

export type ReleaseStrategy = "rolling" | "blue-green" | "canary";

export const releaseStrategies: readonly ReleaseStrategy[] = ["rolling", "blue-green", "canary"];

export const releaseTiming = {
  /** Old tasks kept (and alarms watched) after all traffic moved to the new ones. */
  bakeMinutes: 15,
  /** Share of requests the new tasks take first, under `canary`. */
  canaryPercent: 10,
  /** How long they take that share before the rest moves. */
  canaryBakeMinutes: 10,
} as const;

export function parseReleaseStrategy(value: string | undefined): ReleaseStrategy | undefined {
  if (value === undefined || value === "") return undefined;
  if ((releaseStrategies as readonly string[]).includes(value)) return value as ReleaseStrategy;
  throw new Error(`FINCHAT_RELEASE must be one of ${releaseStrategies.join(", ")}, got "${value}"`);
}

/** The ECS service's deployment settings for `strategy`, with rollback on `alarmNames`. */
export function deploymentSettings(strategy: ReleaseStrategy, alarmNames: string[]) {
  const deploymentConfiguration =
    strategy === "rolling"
      ? { strategy: "ROLLING" }
      : strategy === "blue-green"
        ? { strategy: "BLUE_GREEN", bakeTimeInMinutes: String(releaseTiming.bakeMinutes) }
        : {
            strategy: "CANARY",
            bakeTimeInMinutes: String(releaseTiming.bakeMinutes),
            canaryConfiguration: {
              canaryPercent: releaseTiming.canaryPercent,
              canaryBakeTimeInMinutes: String(releaseTiming.canaryBakeMinutes),
            },
          };
  return {
    deploymentController: { type: "ECS" },
    deploymentConfiguration,
    // Rolling: start new tasks beside the old; blue-green and canary start a full set anyway.
    deploymentMinimumHealthyPercent: 100,
    deploymentMaximumPercent: 200,
    deploymentCircuitBreaker: { enable: true, rollback: true },
    ...(alarmNames.length > 0 ? { alarms: { alarmNames, enable: true, rollback: true } } : {}),
  };
}

/** CloudWatch alarm names, as stacks/monitoring.ts creates them. */
export function alarmName(stage: string, alarm: string): string {
  return `finchat-${stage}-${alarm}`;
}

/** The alarms a release of each service rolls back on. */
export const rollbackAlarms = {
  api: ["Api5xxRate", "ApiP99Latency", "TimeToFirstToken"],
  worker: ["WorkerErrors", "OldestJobAge", "TimeToFirstToken"],
} as const;
