import OpenAI from "openai";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type OpenAIServer, startOpenAIServer } from "./openai-server.ts";

const ask = [{ role: "user" as const, content: "Summarise the Q3 close." }];

let server: OpenAIServer;

beforeEach(async () => {
  server = await startOpenAIServer({ apiKey: "test-key" });
});
afterEach(() => server.close());

function clientWith(maxRetries: number, apiKey = "test-key"): OpenAI {
  return new OpenAI({ apiKey, baseURL: server.url, maxRetries });
}

describe("HTTP errors", () => {
  it("answers 429 with retry-after, and the SDK waits that long before its retry succeeds", async () => {
    server.enqueue({ error: { status: 429, retryAfter: 1 } }, { text: "after the wait" });
    const completion = await clientWith(2).chat.completions.create({ model: "gpt-x", messages: ask });

    expect(completion.choices[0]?.message.content).toBe("after the wait");
    const [limited, retried] = server.requests;
    expect(server.requests).toHaveLength(2);
    // Node timers may fire up to a millisecond early; the SDK waits the full second otherwise.
    expect((retried?.receivedAtMs ?? 0) - (limited?.receivedAtMs ?? 0)).toBeGreaterThanOrEqual(998);
  });

  it("surfaces a 500 as an APIError with status and OpenAI's error shape when retries are off", async () => {
    server.enqueue({ error: { status: 500 } });
    const failure = await clientWith(0)
      .chat.completions.create({ model: "gpt-x", messages: ask })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(OpenAI.InternalServerError);
    expect(failure).toMatchObject({ status: 500, type: "server_error", code: null });
    expect(server.requests).toHaveLength(1);
  });

  it("rejects a wrong API key with 401 and a missing one too", async () => {
    const failure = await clientWith(0, "other-key")
      .chat.completions.create({ model: "gpt-x", messages: ask })
      .catch((error: unknown) => error);
    const missing = await fetch(`${server.url}/chat/completions`, { method: "POST", body: "{}" });

    expect(failure).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(failure).toMatchObject({ status: 401, code: "invalid_api_key" });
    expect(missing.status).toBe(401);
    expect(server.requests).toHaveLength(0);
  });

  it("rejects what the real API rejects: an unanswered tool call and an invalid function name", async () => {
    server.answerForever({ text: "never sent" });
    const client = clientWith(2);
    const unanswered = await client.chat.completions
      .create({
        model: "gpt-x",
        messages: [
          ...ask,
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }],
          },
          { role: "user", content: "and?" },
        ],
      })
      .catch((error: unknown) => error);
    const badName = await client.chat.completions
      .create({
        model: "gpt-x",
        messages: ask,
        tools: [{ type: "function", function: { name: "jira.search" } }],
      })
      .catch((error: unknown) => error);

    expect(unanswered).toBeInstanceOf(OpenAI.BadRequestError);
    expect((unanswered as Error).message).toContain("did not have response messages: c1");
    expect(badName).toMatchObject({ status: 400, param: "tools[0].function.name" });
  });

  it("fails loudly, without SDK retries, when the script runs out", async () => {
    const failure = await clientWith(2)
      .chat.completions.create({ model: "gpt-x", messages: ask })
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({ status: 500, code: "script_exhausted" });
    expect((failure as Error).message).toContain("the script ran out of turns at request #1");
    expect(server.requests).toHaveLength(1);
  });
});

describe("timing and broken streams", () => {
  async function firstDeltaAfterMs(client: OpenAI): Promise<number> {
    const started = performance.now();
    const stream = await client.chat.completions.create({ model: "gpt-x", messages: ask, stream: true });
    for await (const _chunk of stream) return performance.now() - started;
    throw new Error("no chunk");
  }

  it("holds the first token back for delayFirstTokenMs", async () => {
    server.enqueue({ text: "slow", delayFirstTokenMs: 300 }, { text: "fast" });
    const client = clientWith(0);
    const slow = await firstDeltaAfterMs(client);
    const fast = await firstDeltaAfterMs(client);

    expect(slow).toBeGreaterThanOrEqual(299);
    expect(fast).toBeLessThan(150);
  });

  it("drops the connection mid-stream, which the SDK stream surfaces as an error", async () => {
    server.enqueue({ text: "This answer will be cut short.", chunkSize: 4, disconnectAfterChunks: 3 });
    const stream = await clientWith(2).chat.completions.create({
      model: "gpt-x",
      messages: ask,
      stream: true,
    });
    const received: ChatCompletionChunk[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) received.push(chunk);
    })().catch((error: unknown) => error);

    // Undici's fetch reports the cut body as `TypeError: terminated`; the SDK passes it through.
    expect(failure).toMatchObject({ message: "terminated" });
    expect(received).toHaveLength(3);
    expect(received.map((chunk) => chunk.choices[0]?.delta.content).join("")).toBe("This ans");
    expect(server.requests).toHaveLength(1);
  });

  it("ends a stream cleanly before its finish reason, which the SDK stream does not notice", async () => {
    server.enqueue({ text: "This answer will end early.", chunkSize: 4, endAfterChunks: 3 });
    const stream = await clientWith(0).chat.completions.create({
      model: "gpt-x",
      messages: ask,
      stream: true,
    });
    const received: ChatCompletionChunk[] = [];
    for await (const chunk of stream) received.push(chunk);

    // No error: only the missing finish_reason tells the answer is cut.
    expect(received).toHaveLength(3);
    expect(received.map((chunk) => chunk.choices[0]?.delta.content).join("")).toBe("This ans");
    expect(received.some((chunk) => chunk.choices[0]?.finish_reason)).toBe(false);
  });

  it("closes with a stream still in flight without hanging", async () => {
    server.enqueue({ text: "never finished", delayFirstTokenMs: 10_000 });
    const stream = await clientWith(0).chat.completions.create({
      model: "gpt-x",
      messages: ask,
      stream: true,
    });
    const reading = (async () => {
      for await (const _chunk of stream);
    })().catch((error: unknown) => error);
    const started = performance.now();
    await server.close();

    expect(await reading).toBeInstanceOf(Error);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
