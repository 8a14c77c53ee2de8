/**
 * What CloudFront adds to and forwards for every answer, as pure values so tests can read them
 * the way CloudFront does. stacks/web.ts attaches them to the Router's one cache behaviour.
 */

import { spaContentSecurityPolicy } from "../functions/http/content-security-policy.ts";

export { spaContentSecurityPolicy };

/**
 * Security headers on every response. The SPA (from S3) gets all of them; the Api's own headers
 * win where it sends one (`override: false`), except HSTS and nosniff, which hold for both.
 */
export const securityHeadersConfig = {
  contentSecurityPolicy: { contentSecurityPolicy: spaContentSecurityPolicy, override: false },
  strictTransportSecurity: {
    accessControlMaxAgeSec: 63_072_000,
    includeSubdomains: true,
    preload: false,
    override: true,
  },
  contentTypeOptions: { override: true },
  frameOptions: { frameOption: "DENY", override: false },
  referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: false },
};

/**
 * Headers in the router's cache key, and so forwarded to the origin. CloudFront drops
 * `Authorization` from GET and HEAD requests unless the cache policy names it (an origin request
 * policy cannot), so without it an API token's `GET /api/me` reaches the Api unauthenticated.
 */
export const forwardedHeaders = ["authorization"];

/**
 * The AWS-managed prefix list of CloudFront's origin-facing addresses. The load balancer admits
 * these only, with one rule: the list weighs about 55 against the 60 rules a security group may
 * have, so a second rule referencing it would not fit.
 */
export const cloudFrontOriginFacing = "com.amazonaws.global.cloudfront.origin-facing";
