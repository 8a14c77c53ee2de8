import { apiOrigin } from "./api.ts";
import { forwardedHeaders, securityHeadersConfig } from "./cdn-policy.ts";
import { devPorts } from "./dev.ts";
import { stage } from "./stage.ts";

/**
 * One CloudFront distribution serves the SPA and forwards `/api/*` and `/health/*` to the Api's
 * load balancer, so the browser sees one origin: the session cookie stays first-party and no CORS
 * is needed. Every route shares the Router's one cache behaviour: its cache policy also keys on
 * (and so forwards) `Authorization`, and a response-headers policy adds CSP, HSTS, nosniff and
 * frame-ancestors (stacks/cdn-policy.ts). Under `sst dev` the SPA runs its own dev server and
 * talks to the local Api.
 */
/** A cache-policy transform: adds {@link forwardedHeaders} to the router's header whitelist. */
export function forwardAuthorization(args: aws.cloudfront.CachePolicyArgs) {
  args.parametersInCacheKeyAndForwardedToOrigin = $util
    .output(args.parametersInCacheKeyAndForwardedToOrigin)
    .apply((parameters) => {
      const items = [...(parameters.headersConfig.headers?.items ?? [])];
      for (const header of forwardedHeaders) if (!items.includes(header)) items.push(header);
      return { ...parameters, headersConfig: { headerBehavior: "whitelist", headers: { items } } };
    });
  return undefined;
}

function createRouter() {
  const headers = new aws.cloudfront.ResponseHeadersPolicy("CdnSecurityHeaders", {
    name: `finchat-${stage.name}-security-headers`,
    comment: "Finchat: CSP, HSTS, nosniff, frame-ancestors",
    securityHeadersConfig,
  });
  const router = new sst.aws.Router("Cdn", {
    domain: stage.domain,
    transform: {
      cachePolicy: forwardAuthorization,
      cdn: (args) => {
        args.defaultCacheBehavior = $util
          .output(args.defaultCacheBehavior)
          .apply((behavior) => ({ ...behavior, responseHeadersPolicyId: headers.id }));
        return undefined;
      },
    },
  });
  // Streams (server-sent events) must write more often than this read timeout, CloudFront's maximum.
  router.route("/api", apiOrigin, { readTimeout: "60 seconds" });
  // The smoke test and uptime checks read health through the CDN, as users reach the Api.
  router.route("/health", apiOrigin);
  return router;
}

export const router = $dev ? undefined : createRouter();

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
