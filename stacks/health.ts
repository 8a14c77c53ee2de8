/**
 * The liveness probe of the Api and Worker containers: the Dockerfile's HEALTHCHECK and the ECS
 * task definition run the same command (stacks/containers.test.ts keeps them equal). It uses
 * node because the slim image has no curl.
 */
export function liveProbeCommand(): string[] {
  return [
    "CMD",
    "node",
    "-e",
    "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))",
  ];
}

/**
 * The load balancer's target health check: liveness, not readiness. A task that fails it is
 * taken out of the target group and replaced by ECS, so it must fail only when the process is
 * wedged; `/health/ready` (database, Redis, S3) stays for people, the smoke test and dashboards.
 * A 30 s blip of a dependency (every sqld deploy is one) then degrades the requests that need it
 * instead of replacing every Api task at once.
 */
export const loadBalancerHealth = {
  path: "/health/live",
  interval: "10 seconds",
  timeout: "5 seconds",
  healthyThreshold: 2,
  unhealthyThreshold: 3,
  successCodes: "200",
} as const;
