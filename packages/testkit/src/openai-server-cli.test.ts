import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const cliPath = fileURLToPath(new URL("./openai-server-cli.ts", import.meta.url));
const ask = [{ role: "user" as const, content: "ping" }];

let child: ChildProcess;
let url: string;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "openai-cli-"));
  const scriptFile = join(dir, "script.json");
  await writeFile(scriptFile, JSON.stringify({ turns: [{ text: "from the file" }] }));
  child = spawn(process.execPath, [cliPath, "--port", "0", "--script", scriptFile, "--api-key", "k"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [firstLine] = (await once(lines, "line")) as [string];
  url = firstLine;
});

afterAll(async () => {
  if (child.exitCode === null) child.kill("SIGTERM");
  await rm(dir, { recursive: true, force: true });
});

describe("openai-server-cli", () => {
  it("prints its base URL and answers from a JSON script file", async () => {
    const client = new OpenAI({ apiKey: "k", baseURL: url, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: "gpt-x", messages: ask });

    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(completion.choices[0]?.message.content).toBe("from the file");
  });

  it("takes turns and reports requests through its control endpoints", async () => {
    const origin = new URL(url).origin;
    const enqueued = await fetch(`${origin}/_testkit/turns`, {
      method: "POST",
      body: JSON.stringify({ turns: [{ error: { status: 503 } }], forever: { text: "steady" } }),
    });
    const client = new OpenAI({ apiKey: "k", baseURL: url, maxRetries: 0 });
    const failure = await client.chat.completions.create({ model: "gpt-x", messages: ask }).catch((e) => e);
    const steady = await client.chat.completions.create({ model: "gpt-x", messages: ask });
    const recorded = (await (await fetch(`${origin}/_testkit/requests`)).json()) as {
      requests: { seq: number; body: { messages: unknown } }[];
    };

    expect(await enqueued.json()).toEqual({ pendingTurns: 1, requestCount: 1 });
    expect(failure).toMatchObject({ status: 503 });
    expect(steady.choices[0]?.message.content).toBe("steady");
    expect(recorded.requests.map((request) => request.seq)).toEqual([1, 2, 3]);
    expect(recorded.requests[2]?.body.messages).toEqual(ask);
  });

  it("exits 0 on SIGTERM", async () => {
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });
});
