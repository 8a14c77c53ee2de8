import { describe, expect, it } from "vitest";
import { plain, type Recording, unwrap } from "./stand-ins.ts";
import { type Args, all, canary, deploy, one, production } from "./test-deploy.ts";

/**
 * Where the router sends a path: SST's router function picks the longest route whose path is a
 * prefix of the URI ending at a segment boundary; the StaticSite takes what no route matches.
 */
function destination(recording: Recording, uri: string): string {
  const routes = recording.calls
    .filter((c) => c.path === "Cdn.route")
    .map((c) => ({ path: String(c.args[0]), url: String(c.args[1]) }));
  const matches = routes.filter(
    ({ path }) =>
      uri.startsWith(path) &&
      (uri === path || path.endsWith("/") || uri[path.length] === "/" || path === "/"),
  );
  const best = matches.sort((a, b) => b.path.length - a.path.length)[0];
  return best ? best.url : "site";
}

describe("web", () => {
  it("builds the SPA from packages/web and serves it with /api on one CloudFront router", async () => {
    const { recording } = await production();
    const site = plain<Args>(one(recording, "sst.aws.StaticSite", "Web").args);
    expect(site).toMatchObject({
      path: "packages/web",
      build: { command: "npm run build -w @finchat/web", output: "dist" },
      router: { instance: "<Cdn>" },
    });
    expect(plain<Args>(one(recording, "sst.aws.Router", "Cdn").args).domain).toBe("finchat.example.com");
    const routes = plain<{ path: string; args: unknown[] }[]>(
      recording.calls.filter((c) => c.path === "Cdn.route"),
    );
    expect(routes).toEqual([
      { path: "Cdn.route", args: ["/api", "<ApiAlb.url>", { readTimeout: "60 seconds" }] },
      { path: "Cdn.route", args: ["/health", "<ApiAlb.url>"] },
    ]);
  });

  it("sends /api/* and /health/* to the Api and everything else to the SPA, as the router's function matches", async () => {
    const { recording } = await production();
    expect(destination(recording, "/health/ready")).toBe("<ApiAlb.url>");
    expect(destination(recording, "/health/live")).toBe("<ApiAlb.url>");
    expect(destination(recording, "/api/me")).toBe("<ApiAlb.url>");
    expect(destination(recording, "/api")).toBe("<ApiAlb.url>");
    expect(destination(recording, "/healthcheck")).toBe("site");
    expect(destination(recording, "/apis")).toBe("site");
    expect(destination(recording, "/")).toBe("site");
    expect(destination(recording, "/c/123")).toBe("site");
  });

  it("forwards Authorization to the origin on GET by keying the router's cache policy on it", async () => {
    const { recording } = await production();
    const transform = (one(recording, "sst.aws.Router", "Cdn").args as Args).transform.cachePolicy;
    // The router's own cache policy, as SST's Router writes it for routes added with route().
    const policy: Args = {
      parametersInCacheKeyAndForwardedToOrigin: {
        cookiesConfig: { cookieBehavior: "none" },
        headersConfig: {
          headerBehavior: "whitelist",
          headers: { items: ["x-open-next-cache-key", "x-forwarded-host"] },
        },
        queryStringsConfig: { queryStringBehavior: "all" },
      },
    };
    transform(policy, {}, "CdnServerCachePolicy");
    const { headersConfig } = unwrap(policy.parametersInCacheKeyAndForwardedToOrigin) as Args;
    // CloudFront forwards a GET's Authorization only when the cache policy's whitelist names it.
    expect(headersConfig.headerBehavior).toBe("whitelist");
    const names = headersConfig.headers.items.map((h: string) => h.toLowerCase());
    expect(names).toEqual(["x-open-next-cache-key", "x-forwarded-host", "authorization"]);
    expect(names.length).toBeLessThanOrEqual(10); // CloudFront's limit per cache policy
  });

  it("adds CSP, HSTS, nosniff and frame-ancestors to every response through a response-headers policy", async () => {
    const { recording } = await production();
    const policy = plain<Args>(
      one(recording, "aws.cloudfront.ResponseHeadersPolicy", "CdnSecurityHeaders").args,
    );
    const headers = policy.securityHeadersConfig;
    const csp = Object.fromEntries(
      headers.contentSecurityPolicy.contentSecurityPolicy
        .split(";")
        .map((d: string) => d.trim().split(/\s+/))
        .map(([name, ...values]: string[]) => [name, values]),
    );
    expect(csp["default-src"]).toEqual(["'self'"]);
    expect(csp["script-src"]).toEqual(["'self'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(headers.strictTransportSecurity.accessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
    expect(headers.strictTransportSecurity).toMatchObject({ includeSubdomains: true, override: true });
    expect(headers.contentTypeOptions).toEqual({ override: true });
    expect(headers.frameOptions.frameOption).toBe("DENY");
    // The distribution's one cache behaviour (every route) carries the policy.
    const transform = (one(recording, "sst.aws.Router", "Cdn").args as Args).transform.cdn;
    const cdn: Args = { defaultCacheBehavior: { targetOriginId: "default", cachePolicyId: "p" } };
    transform(cdn, {}, "CdnCdn");
    expect(plain(unwrap(cdn.defaultCacheBehavior))).toEqual({
      targetOriginId: "default",
      cachePolicyId: "p",
      responseHeadersPolicyId: "<CdnSecurityHeaders.id>",
    });
  });

  it("admits only CloudFront's origin-facing addresses to the load balancer", async () => {
    const { recording } = await production();
    const transform = (one(recording, "sst.aws.Alb", "ApiAlb").args as Args).transform.securityGroup;
    // The security group as SST's Service writes it: everything from anywhere.
    const group: Args = {
      ingress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }],
      egress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }],
    };
    transform(group, {}, "ApiLoadBalancerSecurityGroup");
    const ingress = plain<Args[]>(group.ingress);
    expect(ingress).toEqual([
      {
        description: "CloudFront origin-facing",
        protocol: "tcp",
        fromPort: 80,
        toPort: 443,
        prefixListIds: ["<aws.ec2.getManagedPrefixListOutput().id>"],
      },
    ]);
    for (const rule of ingress) {
      expect(rule.cidrBlocks ?? []).toEqual([]);
      expect(rule.ipv6CidrBlocks ?? []).toEqual([]);
    }
    const lookups = recording.calls.filter((c) => c.path === "aws.ec2.getManagedPrefixListOutput");
    expect(lookups.map((c) => c.args[0])).toContainEqual({
      name: "com.amazonaws.global.cloudfront.origin-facing",
    });
    // The listener, with or without a domain, falls in the admitted range.
    for (const run of [production, () => deploy("alice")]) {
      const alb = plain<Args>(one((await run()).recording, "sst.aws.Alb", "ApiAlb").args);
      for (const { port } of alb.listeners as { port: number }[]) {
        expect(ingress.some((r) => r.fromPort <= port && port <= r.toPort)).toBe(true);
      }
    }
  });

  it("puts canary on its shadow domain", async () => {
    const { recording } = await canary();
    expect(plain<Args>(one(recording, "sst.aws.Router", "Cdn").args).domain).toBe(
      "canary.finchat.example.com",
    );
  });

  it("runs the SPA's dev server and deploys no CDN under sst dev", async () => {
    const { recording, outputs } = await deploy("alice", { dev: true });
    expect(all(recording, "sst.aws.Router")).toEqual([]);
    const site = plain<Args>(one(recording, "sst.aws.StaticSite", "Web").args);
    expect(site.dev.command).toBe("npm run dev -w @finchat/web -- --host 127.0.0.1 --port 5173 --strictPort");
    expect(site.environment).toEqual({ FINCHAT_API_URL: "http://127.0.0.1:3000" });
    expect(site.router).toBeUndefined();
    expect(outputs.url).toBe("<Web.url>");
  });
});
