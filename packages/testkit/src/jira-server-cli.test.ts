import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const cliPath = fileURLToPath(new URL("./jira-server-cli.ts", import.meta.url));
const basic = (user: string, token: string) => `Basic ${Buffer.from(`${user}:${token}`).toString("base64")}`;

describe("jira-server-cli", () => {
  it("prints its site URL, serves the seeded site to its credentials and stops on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      [cliPath, "--port", "0", "--email", "demo@finchat.test", "--api-token", "cli-token"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      const lines = createInterface({ input: child.stdout });
      const [url] = (await once(lines, "line")) as [string];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const auth = basic("demo@finchat.test", "cli-token");
      const issue = await fetch(`${url}/rest/api/3/issue/FIN-2?fields=summary,worklog`, {
        headers: { authorization: auth },
      });
      expect(issue.status).toBe(200);
      expect(((await issue.json()) as { key: string }).key).toBe("FIN-2");
      const feed = await fetch(`${url}/rest/api/3/worklog/updated?since=0`, {
        headers: { authorization: auth },
      });
      expect(((await feed.json()) as { values: unknown[] }).values.length).toBeGreaterThan(0);
      const wrong = await fetch(`${url}/rest/api/3/issue/FIN-2`, {
        headers: { authorization: basic("demo@finchat.test", "other") },
      });
      expect(wrong.status).toBe(401);
      child.kill("SIGTERM");
      const [code] = (await once(child, "exit")) as [number];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("adds the finance demo with --finance-demo", async () => {
    const child = spawn(
      process.execPath,
      [cliPath, "--port", "0", "--email", "demo@finchat.test", "--api-token", "cli-token", "--finance-demo"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      const lines = createInterface({ input: child.stdout });
      const [url] = (await once(lines, "line")) as [string];
      const epic = await fetch(`${url}/rest/api/3/issue/FIN-110?fields=summary`, {
        headers: { authorization: basic("demo@finchat.test", "cli-token") },
      });
      expect(epic.status).toBe(200);
      expect(((await epic.json()) as { fields: { summary: string } }).fields.summary).toBe(
        "Multi-entity consolidation",
      );
    } finally {
      child.kill("SIGTERM");
      if (child.exitCode === null) await once(child, "exit");
    }
  });

  it("refuses a bad argument with its usage and a non-zero exit", async () => {
    const child = spawn(process.execPath, [cliPath, "--email", "not an address"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    const [code] = (await once(child, "exit")) as [number];
    expect(code).toBe(1);
    expect(err).toContain("--email: not an email address");
    expect(err).toContain("usage: node packages/testkit/src/jira-server-cli.ts");
  });
});
