import { describe, expect, it } from "vitest";
import { planDemo } from "./demo.ts";

const names = (plan: ReturnType<typeof planDemo>) => plan.servers.map((s) => s.name);

describe("planDemo", () => {
  it("stands in for every integration left unset, with the data under the demo directory", () => {
    const plan = planDemo({ PATH: "/bin" }, "/tmp/x/.data/demo");
    expect(names(plan)).toEqual(["jira", "github", "openai"]);
    expect(plan.env.DATABASE_URL).toBe("file:/tmp/x/.data/demo/finchat.db");
    expect(plan.notes).toEqual([]);
    const jira = plan.servers[0];
    const env = jira?.env("http://127.0.0.1:5000") ?? {};
    expect(env).toMatchObject({ JIRA_HOST: "http://127.0.0.1:5000", JIRA_PROJECTS: "FIN,OPS" });
    expect(jira?.args).toEqual([
      "--email",
      env.JIRA_EMAIL,
      "--api-token",
      env.JIRA_API_TOKEN,
      "--finance-demo",
    ]);
    expect(plan.servers[2]?.args).toEqual(expect.arrayContaining(["--script", "demo"]));
  });

  it("keeps what the user set: no server for a configured integration, their values over the demo's", () => {
    const plan = planDemo(
      {
        OPENAI_API_KEY: "sk-real",
        JIRA_PROJECTS: "FIN",
        GITHUB_ALLOW: "acme/*",
        DATABASE_URL: "file:/elsewhere.db",
      },
      "/d",
    );
    expect(names(plan)).toEqual(["jira", "github"]);
    expect(plan.env.DATABASE_URL).toBe("file:/elsewhere.db");
    expect(plan.servers[0]?.env("http://j")).not.toHaveProperty("JIRA_PROJECTS");
    expect(plan.servers[1]?.env("http://g")).not.toHaveProperty("GITHUB_ALLOW");
    expect(plan.notes).toEqual([
      "keeping your DATABASE_URL (file:/elsewhere.db): demo data goes there",
      "jira: keeping your JIRA_PROJECTS",
      "github: keeping your GITHUB_ALLOW",
      "openai: you set OPENAI_API_KEY, so the demo starts no testkit openai server",
    ]);
  });
});
