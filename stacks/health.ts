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
