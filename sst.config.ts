/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    const production = input?.stage === "production";
    return {
      name: "finchat",
      home: "aws",
      removal: production ? "retain" : "remove",
      protect: production,
    };
  },
  async run() {
    await import("./stacks/dev.ts");
    await import("./stacks/secrets.ts");
    const { bucket } = await import("./stacks/data.ts");
    const { api } = await import("./stacks/api.ts");
    await import("./stacks/worker.ts");
    const { webUrl } = await import("./stacks/web.ts");
    const { monitoring } = await import("./stacks/monitoring.ts");
    return {
      url: webUrl,
      api: api.url,
      bucket: bucket.name,
      dashboard: monitoring?.dashboard.dashboardName,
      alerts: monitoring?.topic?.arn,
    };
  },
});
