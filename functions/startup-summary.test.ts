import { loadConfig } from "@finchat/core/config";
import { describe, expect, it } from "vitest";
import { startupSummary } from "./startup-summary.ts";

describe("startupSummary", () => {
  it("names the model, hosts, allow-lists and projects, and no secret", () => {
    const config = loadConfig({
      OPENAI_API_KEY: "sk-secret-key",
      OPENAI_BASE_URL: "https://proxy-user:proxy-pass@llm.internal:8443/v1?key=also-secret",
      OPENAI_MODEL: "gpt-4.1",
      GITHUB_TOKEN: "ghp_secret",
      GITHUB_API_URL: "https://github.acme.test/api/v3",
      GITHUB_ALLOW: "acme/ledger,acme/*",
      JIRA_HOST: "https://acme.atlassian.net",
      JIRA_EMAIL: "bot@acme.test",
      JIRA_API_TOKEN: "jira-secret",
      JIRA_PROJECTS: "FIN,OPS",
    });
    const summary = startupSummary(config);
    expect(summary).toMatchObject({
      model: { configured: true, name: "gpt-4.1", host: "llm.internal:8443", apiKeySet: true },
      github: { configured: true, host: "github.acme.test", allow: ["acme/ledger", "acme/*"], writes: false },
      jira: { configured: true, host: "acme.atlassian.net", projects: ["FIN", "OPS"] },
    });
    const text = JSON.stringify(summary);
    for (const secret of [
      "sk-secret-key",
      "proxy-pass",
      "also-secret",
      "ghp_secret",
      "jira-secret",
      "bot@acme",
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it("says what is not configured", () => {
    expect(startupSummary(loadConfig({}))).toMatchObject({
      model: { configured: false, host: "api.openai.com" },
      github: { configured: false },
      jira: { configured: false, host: null, projects: [] },
    });
  });
});
