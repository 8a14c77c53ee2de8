/**
 * Per-stage flags and sizing, as a pure function of the stage name so it can be tested without
 * SST. `stage.ts` binds it to the stage being deployed.
 *
 * - `production`: the real thing; at least two Api and two Worker tasks, alarms on.
 * - `canary`: a full production-like stage of its own (own Redis, bucket and database) on a
 *   shadow domain, `canary.<domain>`. Every release goes there first (docs/deploy.md).
 * - `dev`: the shared development stage, small and on Fargate Spot.
 * - any other name: a personal stage (`sst dev` or a PR preview), the smallest shape.
 */

import type { ReleaseStrategy } from "./release.ts";

export type StageKind = "production" | "canary" | "dev" | "personal";

export interface ServiceSize {
  cpu: "0.25 vCPU" | "0.5 vCPU" | "1 vCPU" | "2 vCPU";
  memory: "0.5 GB" | "1 GB" | "2 GB" | "4 GB";
  min: number;
  max: number;
  /** Target average CPU utilisation (percent) for scaling. */
  cpuTarget: number;
}

export interface StageSettings {
  name: string;
  kind: StageKind;
  /** Public host name of the SPA and `/api` (CloudFront); undefined: CloudFront's own domain. */
  domain?: string;
  /** Production and canary: same shape, alarms on, deploys wait for a steady service. */
  productionLike: boolean;
  alarms: boolean;
  /** Fargate Spot for the Api and Worker (cheap; tasks may be reclaimed). */
  spot: boolean;
  /** How the Api replaces its tasks on a deploy (stacks/release.ts); the Worker always rolls. */
  release: ReleaseStrategy;
  /** ECS Container Insights: gives the running task count that queue-depth scaling divides by. */
  containerInsights: boolean;
  logRetention: "1 week" | "1 month" | "3 months";
  api: ServiceSize & { requestsPerTask: number };
  worker: ServiceSize & { backlogPerTask: number };
  redis: { instance: string; replicas: boolean };
  /** Where the alert topic sends mail (FINCHAT_ALERT_EMAIL); required where alarms are on. */
  alertEmail?: string;
  /** Days a replaced or deleted object version is kept in the bucket. */
  keepOldVersionsDays: number;
}

/** How a task stops: the load balancer drains first, then SIGTERM, then SIGKILL. */
export const drain = {
  api: { deregistrationDelaySeconds: 30, shutdownTimeoutMs: 20_000, stopTimeoutSeconds: 30 },
  // Fargate allows at most 120 s between SIGTERM and SIGKILL; a job still running then is retried.
  worker: { shutdownTimeoutMs: 100_000, stopTimeoutSeconds: 120 },
} as const;

export function stageKind(stage: string): StageKind {
  if (stage === "production" || stage === "canary" || stage === "dev") return stage;
  return "personal";
}

/**
 * Settings for `stage`. `rootDomain` (a Route 53 hosted zone, from FINCHAT_DOMAIN) is required
 * for production and canary: their origin must speak HTTPS.
 */
export function settingsFor(
  stage: string,
  rootDomain?: string,
  release?: ReleaseStrategy,
  alertEmail?: string,
): StageSettings {
  const settings = baseSettingsFor(stage, rootDomain);
  if (settings.alarms && !alertEmail) {
    throw new Error(`Stage "${stage}" needs FINCHAT_ALERT_EMAIL: the on-call address its alarms mail`);
  }
  if (alertEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alertEmail)) {
    throw new Error(`FINCHAT_ALERT_EMAIL is not an email address: "${alertEmail}"`);
  }
  return { ...settings, ...(release ? { release } : {}), ...(alertEmail ? { alertEmail } : {}) };
}

function baseSettingsFor(stage: string, rootDomain?: string): StageSettings {
  const kind = stageKind(stage);
  if ((kind === "production" || kind === "canary") && !rootDomain) {
    throw new Error(
      `Stage "${stage}" needs FINCHAT_DOMAIN (a Route 53 hosted zone in this account, e.g. finchat.example.com)`,
    );
  }
  const base = { name: stage, kind };
  switch (kind) {
    case "production":
      return { ...base, ...productionShape(), domain: rootDomain };
    case "canary":
      return {
        ...base,
        ...productionShape(),
        domain: `canary.${rootDomain}`,
        // The canary stage rehearses the switch production makes in steps.
        release: "blue-green",
        api: { ...productionShape().api, max: 4 },
        worker: { ...productionShape().worker, max: 4 },
        redis: { instance: "t4g.small", replicas: false },
        logRetention: "1 month",
      };
    case "dev":
      return {
        ...base,
        ...smallShape(2),
        domain: rootDomain ? `dev.${rootDomain}` : undefined,
        containerInsights: true,
      };
    case "personal":
      return {
        ...base,
        ...smallShape(1),
        domain: undefined,
        containerInsights: false,
        keepOldVersionsDays: 3,
      };
  }
}

function productionShape(): Omit<StageSettings, "name" | "kind" | "domain"> {
  return {
    productionLike: true,
    alarms: true,
    release: "canary",
    spot: false,
    containerInsights: true,
    logRetention: "3 months",
    api: { cpu: "1 vCPU", memory: "2 GB", min: 2, max: 8, cpuTarget: 60, requestsPerTask: 1000 },
    worker: { cpu: "1 vCPU", memory: "2 GB", min: 2, max: 10, cpuTarget: 70, backlogPerTask: 10 },
    redis: { instance: "m7g.large", replicas: true },
    keepOldVersionsDays: 90,
  };
}

function smallShape(max: number): Omit<StageSettings, "name" | "kind" | "domain" | "containerInsights"> {
  return {
    productionLike: false,
    alarms: false,
    release: "rolling",
    spot: true,
    logRetention: "1 week",
    api: { cpu: "0.5 vCPU", memory: "1 GB", min: 1, max, cpuTarget: 70, requestsPerTask: 1000 },
    worker: { cpu: "0.5 vCPU", memory: "1 GB", min: 1, max, cpuTarget: 70, backlogPerTask: 10 },
    redis: { instance: "t4g.micro", replicas: false },
    keepOldVersionsDays: 7,
  };
}
