import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, settingNames } from "./config.ts";

describe("loadConfig", () => {
  it("fills local defaults from an empty environment", () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.db.url).toBe("file:.data/finchat.db");
    expect(config.auth.signup).toBe("open");
    expect(config.auth.cookieSecure).toBe(false);
  });

  it("parses lists, booleans and local repositories", () => {
    const config = loadConfig({
      GITHUB_ALLOW: "acme/*, acme-labs/ledger",
      JIRA_PROJECTS: "FIN,OPS",
      NODE_ENV: "production",
      LOCAL_REPOS: "self=/srv/finchat,ledger=/srv/ledger",
    });
    expect(config.github.allow).toEqual(["acme/*", "acme-labs/ledger"]);
    expect(config.jira.projects).toEqual(["FIN", "OPS"]);
    expect(config.auth.cookieSecure).toBe(true);
    expect(config.localRepos).toEqual({ self: "/srv/finchat", ledger: "/srv/ledger" });
  });

  it("names every bad setting and never echoes a value", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "eighty", SIGNUP: "sometimes", REDIS_URL: "http://secret-host" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain("PORT");
    expect(message).toContain("SIGNUP");
    expect(message).toContain("REDIS_URL");
    expect(message).not.toContain("secret-host");
  });
});

describe("the documentation of settings", () => {
  const root = join(import.meta.dirname, "../../..");
  it.each(["README.md", ".env.example"])("%s names every setting", (file) => {
    const text = readFileSync(join(root, file), "utf8");
    const missing = settingNames.filter((name) => !text.includes(name));
    expect(missing).toEqual([]);
  });
});
