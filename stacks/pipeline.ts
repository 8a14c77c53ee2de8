/**
 * The release pipeline, for SST Autodeploy (sst.config.ts `console.autodeploy`) or any CI that
 * runs the same steps: a push to `main` deploys the canary stage and smoke-tests it; a pushed
 * `release-*` tag smoke-tests canary again, deploys production (an ECS canary release with
 * alarm rollback, stacks/release.ts) and smoke-tests production. A failing step fails the run
 * and nothing after it happens. Needs FINCHAT_DOMAIN and FINCHAT_TOKEN (a personal API token on
 * each stage, same name) in the runner's environment. Which event deploys which stage is
 * `releaseTarget` in sst.config.ts.
 */

/** The commands of one run, in order. */
export function releaseSteps(stage: "canary" | "production", domain: string): string[][] {
  const smoke = (host: string) => ["npm", "run", "smoke", "--", `https://${host}`];
  const deploy = (name: string) => ["npx", "sst", "deploy", "--stage", name];
  const install = ["npm", "ci", "--no-audit", "--no-fund"];
  return stage === "canary"
    ? [install, deploy("canary"), smoke(`canary.${domain}`)]
    : [install, smoke(`canary.${domain}`), deploy("production"), smoke(domain)];
}
