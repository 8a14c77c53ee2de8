import OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { answerWithToolRoundTrip, atLatency, latencyProfiles } from "./openai-latency.ts";
import { type OpenAIServer, startOpenAIServer } from "./openai-server.ts";

let server: OpenAIServer;
let client: OpenAI;

beforeEach(async () => {
  server = await startOpenAIServer();
  client = new OpenAI({ apiKey: "test-key", baseURL: server.url, maxRetries: 0 });
});
afterEach(() => server.close());

/** Streams one answer; the arrival time of each content delta, from the request. */
async function timedDeltas(messages: OpenAI.ChatCompletionMessageParam[]) {
  const start = performance.now();
  const stream = await client.chat.completions.create({ model: "gpt-x", messages, stream: true });
  const deltas: { at: number; text: string }[] = [];
  const toolCalls: string[] = [];
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta;
    if (delta?.content) deltas.push({ at: performance.now() - start, text: delta.content });
    for (const call of delta?.tool_calls ?? []) if (call.function?.name) toolCalls.push(call.function.name);
  }
  return { deltas, toolCalls };
}

describe("latency profiles", () => {
  it("streams the realistic profile 300 ms after the request, a token (4 characters) every 20 ms", async () => {
    server.enqueue(atLatency({ text: "Revenue rose 12% in Q3." }, latencyProfiles.realistic));
    const { deltas } = await timedDeltas([{ role: "user", content: "Q3?" }]);
    expect(deltas.map((d) => d.text).join("")).toBe("Revenue rose 12% in Q3.");
    expect(deltas.map((d) => d.text.length)).toEqual([4, 4, 4, 4, 4, 3]);
    expect(deltas[0]?.at).toBeGreaterThanOrEqual(295);
    const last = deltas.at(-1)?.at ?? 0;
    expect(last - (deltas[0]?.at ?? 0)).toBeGreaterThanOrEqual(5 * 20 - 5);
  });

  it("answers with a tool call first when asked, then with the text once the result is back", async () => {
    server.answerForever(
      answerWithToolRoundTrip({
        text: "Up 12%.",
        toolCall: { name: "percentage_change", arguments: { from: "100", to: "112" } },
        wantsTool: (request) => JSON.stringify(request.body.messages).includes("percent"),
        profile: latencyProfiles.zero,
      }),
    );
    const plain = await timedDeltas([{ role: "user", content: "How did Q3 go?" }]);
    expect(plain).toMatchObject({ toolCalls: [], deltas: [{ text: "Up 12%." }] });
    const first = await timedDeltas([{ role: "user", content: "By what percent?" }]);
    expect(first).toEqual({ toolCalls: ["percentage_change"], deltas: [] });
    const second = await timedDeltas([
      { role: "user", content: "By what percent?" },
      {
        role: "assistant",
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "percentage_change", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: '{"percent":"12.00"}' },
    ]);
    expect(second.deltas.map((d) => d.text).join("")).toBe("Up 12%.");
  });
});
