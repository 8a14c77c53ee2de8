import { api } from "./api.ts";
import { devPorts } from "./dev.ts";
import { stage } from "./stage.ts";

/**
 * One CloudFront distribution serves the SPA and forwards `/api/*` to the Api's load balancer,
 * so the browser sees one origin: the session cookie stays first-party and no CORS is needed.
 * Under `sst dev` the SPA runs its own dev server and talks to the local Api.
 */
export const router = $dev ? undefined : new sst.aws.Router("Cdn", { domain: stage.domain });

if (router) {
  // Streams (server-sent events) must write more often than this read timeout, CloudFront's maximum.
  router.route("/api", api.url, { readTimeout: "60 seconds" });
}

export const site = new sst.aws.StaticSite("Web", {
  path: "packages/web",
  build: { command: "npm run build -w @finchat/web", output: "dist" },
  router: router ? { instance: router } : undefined,
  // SST runs this in packages/web; the dev server proxies /api and /health to the local Api.
  environment: $dev ? { FINCHAT_API_URL: `http://127.0.0.1:${devPorts.api}` } : undefined,
  dev: {
    command: `npm run dev -w @finchat/web -- --host 127.0.0.1 --port ${devPorts.web} --strictPort`,
    url: `http://127.0.0.1:${devPorts.web}`,
  },
});

export const webUrl = router ? router.url : site.url;
