import { expect, vi } from "vitest";
import { type ComponentRecord, installStandIns, plain, type Recording } from "./stand-ins.ts";

/** Recorded component args, read by path in assertions. */
// biome-ignore lint/suspicious/noExplicitAny: assertions walk arbitrary recorded args by path
export type Args = Record<string, any>;

/**
 * Runs sst.config.ts's `run()` for `stage` against fresh recording stand-ins. The stack modules
 * are evaluated anew each time (they read `$app` when imported).
 */
export async function deploy(
  stage: string,
  options: { dev?: boolean; domain?: string; env?: Record<string, string> } = {},
) {
  vi.resetModules();
  vi.stubEnv("FINCHAT_DOMAIN", options.domain ?? "");
  for (const [name, value] of Object.entries(options.env ?? {})) vi.stubEnv(name, value);
  const recording = installStandIns(stage, options.dev ?? false);
  const { default: config } = await import("../sst.config.ts");
  const outputs = plain<Args>(await config.run());
  const app = await config.app({ stage } as Parameters<typeof config.app>[0]);
  vi.unstubAllEnvs();
  return { recording, outputs, app };
}

export function all(recording: Recording, type: string): ComponentRecord[] {
  return recording.components.filter((c) => c.type === type);
}

export function one(recording: Recording, type: string, name: string): ComponentRecord {
  const found = all(recording, type).filter((c) => c.name === name);
  expect(found, `${type} ${name}`).toHaveLength(1);
  return found[0] as ComponentRecord;
}

export const service = (recording: Recording, name: string) =>
  plain<Args>(one(recording, "sst.aws.Service", name).args);

const alerts = { FINCHAT_ALERT_EMAIL: "oncall@example.com" };
export const production = () => deploy("production", { domain: "finchat.example.com", env: alerts });
export const canary = () => deploy("canary", { domain: "finchat.example.com", env: alerts });

/**
 * The ECS service args SST's Service would create for `name`, after the recorded
 * `transform.service` (a function mutates them, an object is spread over them, as SST does).
 * `loadBalancers` is what SST passes for a service behind a load balancer.
 */
export function ecsService(recording: Recording, name: string): Args {
  const raw = one(recording, "sst.aws.Service", name).args as Args;
  const base: Args = {
    name,
    deploymentCircuitBreaker: { enable: true, rollback: true },
    loadBalancers: raw.loadBalancer
      ? [{ targetGroupArn: "<primary target group>", containerName: name, containerPort: 3000 }]
      : undefined,
  };
  const transform = raw.transform?.service;
  if (typeof transform === "function") {
    transform(base, {}, `${name}Service`);
    return plain<Args>(base);
  }
  return plain<Args>({ ...base, ...transform });
}
