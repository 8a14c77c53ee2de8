import OpenAI from "openai";
import type { ChatCompletionChunk, ChatCompletionTool } from "openai/resources/chat/completions";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { builtinScripts } from "./openai-builtin-scripts.ts";
import { type OpenAIServer, startOpenAIServer } from "./openai-server.ts";

const tools: ChatCompletionTool[] = ["search_code", "get_issue"].map((name) => ({
  type: "function",
  function: { name, parameters: { type: "object", properties: {} } },
}));
const ask = [{ role: "user" as const, content: "What changed in PROJ-1?" }];

let server: OpenAIServer;
let client: OpenAI;

beforeEach(async () => {
  server = await startOpenAIServer();
  client = new OpenAI({ apiKey: "test-key", baseURL: server.url, maxRetries: 0 });
});
afterEach(() => server.close());

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe("non-streamed answers", () => {
  it("returns a chat.completion with usage and records the request", async () => {
    server.enqueue({ text: "Hello there" });
    const completion = await client.chat.completions.create({ model: "gpt-x", messages: ask });

    expect(completion.object).toBe("chat.completion");
    expect(completion.model).toBe("gpt-x");
    expect(completion.choices[0]?.message).toMatchObject({ role: "assistant", content: "Hello there" });
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.usage).toEqual({
      prompt_tokens: expect.any(Number),
      completion_tokens: 3,
      total_tokens: expect.any(Number),
    });
    expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + 3);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body.messages).toEqual(ask);
    expect(server.requests[0]?.headers.authorization).toBe("Bearer test-key");
    expect(server.pendingTurns).toBe(0);
  });

  it("returns parallel tool calls with distinct ids and JSON arguments", async () => {
    server.enqueue({
      toolCalls: [
        { name: "search_code", arguments: { query: "ledger" } },
        { name: "get_issue", arguments: '{"key":"PROJ-1"}' },
      ],
    });
    const completion = await client.chat.completions.create({ model: "gpt-x", messages: ask, tools });
    const message = completion.choices[0]?.message;

    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(message?.content).toBeNull();
    expect(message?.tool_calls).toEqual([
      {
        id: "call_1_0",
        type: "function",
        function: { name: "search_code", arguments: '{"query":"ledger"}' },
      },
      { id: "call_1_1", type: "function", function: { name: "get_issue", arguments: '{"key":"PROJ-1"}' } },
    ]);
  });
});

describe("streamed answers", () => {
  it("streams text in several deltas that reassemble to the scripted text", async () => {
    server.enqueue({ text: "Revenue grew 12% — see 📈.", chunkSize: 4 });
    const stream = await client.chat.completions.create({ model: "gpt-x", messages: ask, stream: true });
    const chunks = await collect(stream);
    const contentDeltas = chunks.map((chunk) => chunk.choices[0]?.delta.content).filter(Boolean);

    expect(contentDeltas.length).toBeGreaterThan(3);
    expect(contentDeltas.join("")).toBe("Revenue grew 12% — see 📈.");
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
    expect(chunks.every((chunk) => chunk.usage === undefined)).toBe(true);
  });

  it("splits parallel tool calls across deltas, and manual accumulation by index rebuilds them", async () => {
    server.enqueue({
      toolCalls: [
        { name: "search_code", arguments: { query: "ledger balance", limit: 5 } },
        { name: "get_issue", arguments: { key: "PROJ-1" } },
      ],
      chunkSize: 5,
    });
    const stream = await client.chat.completions.create({
      model: "gpt-x",
      messages: ask,
      tools,
      stream: true,
    });
    const calls: { id?: string; name?: string; args: string; pieces: number }[] = [];
    for (const chunk of await collect(stream)) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        calls[delta.index] ??= { args: "", pieces: 0 };
        const call = calls[delta.index] as (typeof calls)[number];
        call.id ??= delta.id;
        call.name ??= delta.function?.name;
        if (delta.function?.arguments) {
          call.args += delta.function.arguments;
          call.pieces += 1;
        }
      }
    }

    expect(calls.map(({ id, name }) => ({ id, name }))).toEqual([
      { id: "call_1_0", name: "search_code" },
      { id: "call_1_1", name: "get_issue" },
    ]);
    expect(JSON.parse(calls[0]?.args ?? "")).toEqual({ query: "ledger balance", limit: 5 });
    expect(JSON.parse(calls[1]?.args ?? "")).toEqual({ key: "PROJ-1" });
    expect(calls.every((call) => call.pieces > 1)).toBe(true);
  });

  it("is reassembled by the SDK's chat.completions.stream helper", async () => {
    server.enqueue({
      text: "Looking.",
      toolCalls: [
        { name: "search_code", arguments: { query: "fx rates" } },
        { name: "get_issue", arguments: { key: "FIN-7" } },
      ],
      chunkSize: 3,
    });
    const stream = client.chat.completions.stream({ model: "gpt-x", messages: ask, tools });
    const argumentDeltas: string[] = [];
    stream.on("tool_calls.function.arguments.delta", (event) => argumentDeltas.push(event.arguments_delta));
    const final = await stream.finalChatCompletion();
    const message = final.choices[0]?.message;

    expect(message?.content).toBe("Looking.");
    const calls = message?.tool_calls?.map(
      (call) => call.type === "function" && { id: call.id, ...call.function },
    );
    expect(calls).toEqual([
      { id: "call_1_0", name: "search_code", arguments: '{"query":"fx rates"}' },
      { id: "call_1_1", name: "get_issue", arguments: '{"key":"FIN-7"}' },
    ]);
    expect(argumentDeltas.length).toBeGreaterThan(4);
    expect(final.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("ends with a usage chunk with no choices when include_usage is asked", async () => {
    server.enqueue({ text: "Twelve chars", usage: { promptTokens: 40 } });
    const stream = await client.chat.completions.create({
      model: "gpt-x",
      messages: ask,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);
    const last = chunks.at(-1);

    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual({ prompt_tokens: 40, completion_tokens: 3, total_tokens: 43 });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null && chunk.choices.length === 1)).toBe(
      true,
    );
  });
});

describe("scripting", () => {
  it("lets a function turn answer from the request, e.g. echo the last tool result", async () => {
    server.enqueue({ toolCalls: [{ name: "get_issue", arguments: { key: "PROJ-1" } }] }, (request) => {
      const last = request.body.messages.at(-1);
      return { text: `The issue says: ${last?.role === "tool" ? last.content : "?"}` };
    });
    const first = await client.chat.completions.create({ model: "gpt-x", messages: ask, tools });
    const call = first.choices[0]?.message.tool_calls?.[0];
    const second = await client.chat.completions.create({
      model: "gpt-x",
      tools,
      messages: [
        ...ask,
        { role: "assistant", content: null, tool_calls: first.choices[0]?.message.tool_calls ?? [] },
        { role: "tool", tool_call_id: call?.id ?? "", content: "Fix rounding in ledger" },
      ],
    });

    expect(second.choices[0]?.message.content).toBe("The issue says: Fix rounding in ledger");
    expect(server.requests.map((request) => request.seq)).toEqual([1, 2]);
  });

  it("serves many concurrent requests from a forever script", async () => {
    server.answerForever(builtinScripts.echo?.forever);
    const answers = await Promise.all(
      Array.from({ length: 64 }, (_, index) =>
        client.chat.completions.create({
          model: "gpt-x",
          messages: [{ role: "user", content: `q${index}` }],
        }),
      ),
    );

    expect(answers.map((answer) => answer.choices[0]?.message.content)).toEqual(
      Array.from({ length: 64 }, (_, index) => `Echo: q${index}`),
    );
  });

  it("keeps no requests when recording is off", async () => {
    const quiet = await startOpenAIServer({ recordRequests: false, script: builtinScripts.fixed });
    const quietClient = new OpenAI({ apiKey: "k", baseURL: quiet.url, maxRetries: 0 });
    const completion = await quietClient.chat.completions.create({ model: "gpt-x", messages: ask });
    await quiet.close();

    expect(completion.choices[0]?.message.content).toBe("Hello from the testkit model.");
    expect(quiet.requests).toEqual([]);
  });

  it("lists its models", async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toEqual(["gpt-testkit"]);
  });
});
