import { describe, expect, it } from "vitest";
import { buildChunks, estimateTokens, splitIntoPieces } from "./openai-wire.ts";

const context = { seq: 7, model: "gpt-x", created: 1, promptTokens: 10 };

describe("splitIntoPieces", () => {
  it("splits by code points so emoji and accents survive", () => {
    expect(splitIntoPieces("a📈bé", 1)).toEqual(["a", "📈", "b", "é"]);
    expect(splitIntoPieces("abcdefg", 3)).toEqual(["abc", "def", "g"]);
    expect(splitIntoPieces("", 3)).toEqual([]);
  });
});

describe("buildChunks", () => {
  it("orders role, text, each tool call name before its argument pieces, finish, usage", () => {
    const chunks = buildChunks(
      {
        text: "Hi",
        toolCalls: [
          { name: "a", arguments: { x: 1 } },
          { name: "b", id: "mine" },
        ],
        chunkSize: 4,
      },
      context,
      { includeUsage: true },
    );
    const deltas = chunks.map((chunk) => chunk.choices[0]?.delta);

    expect(deltas).toEqual([
      { role: "assistant", content: "", refusal: null },
      { content: "Hi" },
      {
        tool_calls: [{ index: 0, id: "call_7_0", type: "function", function: { name: "a", arguments: "" } }],
      },
      { tool_calls: [{ index: 0, function: { arguments: '{"x"' } }] },
      { tool_calls: [{ index: 0, function: { arguments: ":1}" } }] },
      { tool_calls: [{ index: 1, id: "mine", type: "function", function: { name: "b", arguments: "" } }] },
      { tool_calls: [{ index: 1, function: { arguments: "{}" } }] },
      {},
      undefined,
    ]);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("tool_calls");
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 });
  });

  it("sends content null on the role chunk of a tool-call-only answer", () => {
    const [first] = buildChunks({ toolCalls: [{ name: "a" }] }, context, { includeUsage: false });
    expect(first?.choices[0]?.delta).toEqual({ role: "assistant", content: null, refusal: null });
    expect(first && "usage" in first).toBe(false);
  });
});

describe("estimateTokens", () => {
  it("counts a token per four characters, rounded up", () => {
    expect([estimateTokens(""), estimateTokens("abcd"), estimateTokens("abcde")]).toEqual([0, 1, 2]);
  });
});
