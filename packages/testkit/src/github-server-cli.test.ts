import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const cliPath = fileURLToPath(new URL("./github-server-cli.ts", import.meta.url));

describe("github-server-cli", () => {
  it("prints its API URL, serves the generated repository to its token and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [cliPath, "--port", "0", "--token", "cli-token"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const [url] = (await once(lines, "line")) as [string];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const ok = await fetch(`${url}/repos/acme/ledger`, { headers: { authorization: "token cli-token" } });
      expect(((await ok.json()) as { full_name: string }).full_name).toBe("acme/ledger");
      expect(
        (await fetch(`${url}/repos/acme/ledger`, { headers: { authorization: "token other" } })).status,
      ).toBe(401);
      child.kill("SIGTERM");
      const [code] = (await once(child, "exit")) as [number];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
