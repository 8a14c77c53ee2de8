/// <reference path="./.sst/platform/config.d.ts" />

/**
 * The release pipeline's triggers (docs/deploy.md): a push to main deploys canary, a pushed
 * release-* tag production. Here rather than in stacks/pipeline.ts because SST allows no
 * top-level import in this file and calls `target` synchronously.
 */
function releaseTarget(event: {
  type: string;
  action: string;
  branch?: string;
  tag?: string;
}): { stage: "canary" | "production" } | undefined {
  if (event.action !== "pushed") return undefined;
  if (event.type === "branch" && event.branch === "main") return { stage: "canary" };
  if (event.type === "tag" && event.tag?.startsWith("release-")) return { stage: "production" };
  return undefined;
}

export default $config({
  async app(input) {
    const production = input?.stage === "production";
    const { regions } = await import("./stacks/regions.ts");
    return {
      name: "finchat",
      home: "aws",
      removal: production ? "retain" : "remove",
      protect: production,
      // Pinned: the deployer's AWS_REGION or profile never decides where a stage lives.
      providers: { aws: { region: regions.primary } },
    };
  },
  // The release pipeline (docs/deploy.md): main → canary → smoke; a release-* tag → production.
  console: {
    autodeploy: {
      target: (event) => releaseTarget(event),
      async workflow({ $, event }) {
        const { releaseSteps } = await import("./stacks/pipeline.ts");
        const target = event.type === "user" ? undefined : releaseTarget(event);
        const domain = process.env.FINCHAT_DOMAIN;
        if (!target || !domain) throw new Error("nothing to deploy for this event, or FINCHAT_DOMAIN unset");
        for (const step of releaseSteps(target.stage, domain)) await $`${step}`;
      },
    },
  },
  async run() {
    await import("./stacks/dev.ts");
    await import("./stacks/secrets.ts");
    const { bucket } = await import("./stacks/data.ts");
    const { apiOrigin } = await import("./stacks/api.ts");
    await import("./stacks/worker.ts");
    const { webUrl } = await import("./stacks/web.ts");
    const { monitoring } = await import("./stacks/monitoring.ts");
    return {
      url: webUrl,
      api: apiOrigin,
      bucket: bucket.name,
      dashboard: monitoring?.dashboard.dashboardName,
      alerts: monitoring?.topic?.arn,
    };
  },
});
