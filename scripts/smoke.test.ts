import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { type OpenAIServer, startOpenAIServer } from "@finchat/testkit";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, startTestWorker } from "../functions/http/test-support.ts";

// The real Api (over HTTP on a free port) and chat-run handler, the testkit's OpenAI server, and the
// smoke script as its own process, as an operator runs it.
const script = fileURLToPath(new URL("smoke.ts", import.meta.url));

type TestApi = Awaited<ReturnType<typeof createTestApi>>;

async function serveOverHttp(api: TestApi): Promise<{ url: string; close(): Promise<void> }> {
  const server = serve({ fetch: api.app.fetch, port: 0, hostname: "127.0.0.1", createServer }) as Server;
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function personalToken(api: TestApi): Promise<string> {
  const person = await api.signUp();
  const res = await api.app.request("/api/tokens", {
    method: "POST",
    headers: person.headers,
    body: JSON.stringify({ name: "smoke" }),
  });
  return ((await res.json()) as { token: string }).token;
}

function runSmokeScript(url: string, token: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, url], {
      env: { PATH: process.env.PATH, FINCHAT_TOKEN: token },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("npm run smoke against a stage with a model", () => {
  let model: OpenAIServer;
  let api: TestApi;
  let http: { url: string; close(): Promise<void> };
  let worker: ReturnType<typeof startTestWorker>;

  beforeAll(async () => {
    model = await startOpenAIServer();
    model.answerForever({ text: "All systems nominal." });
    api = await createTestApi({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: "test-key" });
    worker = startTestWorker(api);
    await worker.ready();
    http = await serveOverHttp(api);
  });
  afterAll(async () => {
    await http.close();
    await worker.close(2000);
    await api.close();
    await model.close();
  });

  it("passes every step, and cleans up its conversation", async () => {
    const token = await personalToken(api);
    const { code, output } = await runSmokeScript(http.url, token);
    expect(output).toMatch(/✓ health\/live/);
    expect(output).toMatch(/✓ health\/ready .*db ok, redis ok, storage ok/);
    expect(output).toMatch(/✓ sign-in with the token .*signed in as/);
    expect(output).toMatch(/✓ chat turn .*answered: 20 characters/);
    expect(output).toMatch(/✓ docs listing .*(not deployed yet|documentation sets)/);
    expect(output).toMatch(/✓ clean up/);
    expect(code).toBe(0);
    const listed = await api.app.request("/api/conversations", {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await listed.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it("fails with a bad token and skips what needs one", async () => {
    const { code, output } = await runSmokeScript(http.url, "fct_not-a-real-token");
    expect(output).toMatch(/✗ sign-in with the token .*401 \(unauthorized/);
    expect(output).toMatch(/- chat turn .*needs a valid token/);
    expect(output).toMatch(/FAILED/);
    expect(code).toBe(1);
  });

  it("fails when the stage does not answer", async () => {
    const { code, output } = await runSmokeScript("http://127.0.0.1:9", "whatever");
    expect(output).toMatch(/✗ health\/live/);
    expect(code).toBe(1);
  });
});

describe("npm run smoke against a stage without a model", () => {
  it("warns about llm_not_configured and still passes", async () => {
    const api = await createTestApi();
    const worker = startTestWorker(api);
    await worker.ready();
    const http = await serveOverHttp(api);
    try {
      const { code, output } = await runSmokeScript(http.url, await personalToken(api));
      expect(output).toMatch(/! chat turn .*llm_not_configured/);
      expect(output).toMatch(/passed with 1 warning/);
      expect(code).toBe(0);
    } finally {
      await http.close();
      await worker.close(2000);
      await api.close();
    }
  });
});
