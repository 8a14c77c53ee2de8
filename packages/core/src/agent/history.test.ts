import { describe, expect, it } from "vitest";
import type { RunMessage } from "../db/messages.ts";
import { buildModelMessages } from "./history.ts";

let seq = 0;
function message(role: RunMessage["role"], content: string, extra: Partial<RunMessage> = {}): RunMessage {
  seq += 1;
  return { id: `m${seq}`, role, content, createdAt: "2025-01-01T00:00:00.000Z", runId: "r1", ...extra };
}
const call = (id: string) => ({ id, name: "echo", args: { text: id } });
const result = (id: string, content: string) =>
  message("tool", content, { toolCalls: [{ id, name: "echo", ok: true, summary: "" }] });
const big = "x".repeat(400); // about 100 tokens

const conversation: RunMessage[] = [
  message("user", `first question ${big}`),
  message("assistant", "", { toolCalls: [call("a"), call("b")] }),
  result("a", big),
  result("b", big),
  message("assistant", "first answer"),
  message("user", "second question"),
];

function roles(budgetTokens: number): string[] {
  return buildModelMessages(conversation, { systemPrompt: "sys", budgetTokens }).map((m) =>
    m.role === "tool" ? `tool:${m.tool_call_id}` : m.role,
  );
}

describe("buildModelMessages", () => {
  it("sends everything that fits", () => {
    expect(roles(10_000)).toEqual(["system", "user", "assistant", "tool:a", "tool:b", "assistant", "user"]);
  });

  it("drops the oldest first and never splits a tool call from its results", () => {
    expect(roles(400)).toEqual(["system", "assistant", "tool:a", "tool:b", "assistant", "user"]);
    expect(roles(200)).toEqual(["system", "assistant", "user"]);
  });

  it("always keeps the system prompt and the latest user message", () => {
    expect(roles(1)).toEqual(["system", "user"]);
  });

  it("wraps tool results, notes calls without a result and leaves out results without a call", () => {
    const messages = buildModelMessages(
      [
        message("user", "q"),
        message("assistant", "", { toolCalls: [call("a")] }),
        message("user", "next"),
        result("z", "orphan"),
      ],
      { systemPrompt: "sys", budgetTokens: 10_000 },
    );
    expect(messages).toEqual([
      { role: "system", content: "sys" },
      { role: "user", content: "q" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "a", type: "function", function: { name: "echo", arguments: '{"text":"a"}' } }],
      },
      {
        role: "tool",
        tool_call_id: "a",
        content: expect.stringMatching(/^<tool_output tool="echo" untrusted="true">\nNo result was recorded/),
      },
      { role: "user", content: "next" },
    ]);
  });
});
