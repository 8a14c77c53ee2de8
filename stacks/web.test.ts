import { describe, expect, it } from "vitest";
import { plain } from "./stand-ins.ts";
import { type Args, all, canary, deploy, one, production } from "./test-deploy.ts";

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
      { path: "Cdn.route", args: ["/api", "<Api.url>", { readTimeout: "60 seconds" }] },
    ]);
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
