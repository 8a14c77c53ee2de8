/**
 * The SPA's Content-Security-Policy: scripts, connections and everything else from its own origin
 * only, no plugins, no framing. Styles also allow 'unsafe-inline' because Mermaid writes a <style>
 * element into every diagram it draws (scripts stay strict, which is what stops injection). Images
 * allow data: URLs for the same diagrams' embedded icons.
 *
 * One definition for both places that send it: the Api when it serves the SPA itself
 * (functions/http/web.ts) and CloudFront's response-headers policy (stacks/cdn-policy.ts). It has no
 * imports, so the infrastructure code can load it too.
 */
export const spaContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");
