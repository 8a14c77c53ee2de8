import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";
import { linkedEnv, linkedSecretVariables } from "./linked-resources.ts";

/** What SST's Link.propertiesToEnv writes for one link: its properties plus `type`, as JSON. */
function link(name: string, type: string, properties: Record<string, unknown>) {
  return { [`SST_RESOURCE_${name}`]: JSON.stringify({ ...properties, type }) };
}
const secret = (name: string, value: string) => link(name, "sst.sst.Secret", { value });

const deployed = {
  ...link("App", "", { name: "finchat", stage: "production" }),
  ...link("Redis", "sst.aws.Redis", {
    host: "master.finchat-redis.abc123.euc1.cache.amazonaws.com",
    port: 6379,
    username: "default",
    password: "p#ss&w$rd<>-!",
  }),
  ...link("Blobs", "sst.aws.Bucket", { name: "finchat-production-blobsbucket-x1y2" }),
  ...link("Database", "sst.sst.Linkable", { url: "http://DatabaseServer.production.finchat.local:8080" }),
  ...secret("OpenaiApiKey", "sk-test"),
  ...secret("GithubToken", "ghp_test"),
  ...secret("JiraApiToken", ""),
  ...secret("DatabaseAuthToken", "eyJ.token"),
  ...secret("GithubAllow", "acme/api,acme/web"),
};

describe("linkedEnv", () => {
  it("returns nothing when no SST link is present", () => {
    expect(linkedEnv({ REDIS_URL: "redis://127.0.0.1:6379", PATH: "/usr/bin" })).toEqual({});
  });

  it("maps linked resources and secrets onto Finchat's variables", () => {
    const env = linkedEnv(deployed);
    expect(env).toMatchObject({
      S3_BUCKET: "finchat-production-blobsbucket-x1y2",
      DATABASE_URL: "http://DatabaseServer.production.finchat.local:8080",
      DATABASE_AUTH_TOKEN: "eyJ.token",
      OPENAI_API_KEY: "sk-test",
      GITHUB_TOKEN: "ghp_test",
      GITHUB_ALLOW: "acme/api,acme/web",
      STAGE: "production",
    });
    // An empty secret is an unset integration, not an empty credential.
    expect(env).not.toHaveProperty("JIRA_API_TOKEN");
  });

  it("builds a TLS Redis URL whose credentials survive URL parsing", () => {
    const url = new URL(linkedEnv(deployed).REDIS_URL ?? "");
    expect(url.protocol).toBe("rediss:");
    expect(url.hostname).toBe("master.finchat-redis.abc123.euc1.cache.amazonaws.com");
    expect(url.port).toBe("6379");
    expect(decodeURIComponent(url.username)).toBe("default");
    expect(decodeURIComponent(url.password)).toBe("p#ss&w$rd<>-!");
  });

  it("uses plain redis:// without credentials for the local server under sst dev", () => {
    const env = linkedEnv(
      link("Redis", "sst.aws.Redis", { host: "127.0.0.1", port: 6379, username: "default", password: "" }),
    );
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379");
  });

  it("produces values that config.ts accepts", () => {
    const config = loadConfig(linkedEnv(deployed));
    expect(config.redis.url.startsWith("rediss://")).toBe(true);
    expect(config.s3.bucket).toBe("finchat-production-blobsbucket-x1y2");
    expect(config.db).toEqual({
      url: "http://DatabaseServer.production.finchat.local:8080",
      authToken: "eyJ.token",
      concurrency: 20,
    });
    expect(config.github.allow).toEqual(["acme/api", "acme/web"]);
  });

  it("names a malformed link variable without echoing its value", () => {
    expect(() => linkedEnv({ SST_RESOURCE_Blobs: "{not json" })).toThrow(
      /SST_RESOURCE_Blobs is not valid JSON/,
    );
    const call = () =>
      linkedEnv(link("Redis", "sst.aws.Redis", { host: "", port: "x", password: "hunter2" }));
    expect(call).toThrow(/SST_RESOURCE_Redis lacks the expected fields: host, port/);
    expect(call).not.toThrow(/hunter2/);
  });

  it("maps every linked secret, and only those", () => {
    const env = Object.assign({}, ...Object.keys(linkedSecretVariables).map((name) => secret(name, "value")));
    expect(Object.keys(linkedEnv(env)).sort()).toEqual(Object.values(linkedSecretVariables).sort());
  });
});
