import { describe, expect, it } from "vitest";
import type { BranchMessage, RunMessage } from "../db/messages.ts";
import { branchOf, buildModelMessages } from "./history.ts";

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

describe("branchOf", () => {
  const at = "2025-01-01T00:00:00.000Z";
  const m = (
    id: string,
    role: RunMessage["role"],
    runId: string | null,
    extra: Partial<BranchMessage> = {},
  ) => ({ id, role, content: id, createdAt: at, runId, runQuestionId: null, ...extra }) as BranchMessage;
  // q1 → r1; q2 → r2, regenerated as r2b; q2 edited as q2e → r3; q4 asked below r2b → r4.
  const tree = [
    m("q1", "user", "r1", { parentRunId: null }),
    m("a1", "assistant", "r1"),
    m("q2", "user", "r2", { parentRunId: "r1" }),
    m("a2", "assistant", "r2"),
    m("a2b", "assistant", "r2b", { runQuestionId: "q2" }),
    m("q2e", "user", "r3", { parentRunId: "r1" }),
    m("a3", "assistant", "r3"),
    m("q4", "user", "r4", { parentRunId: "r2b" }),
  ];
  const ids = (runId: string, question: string | null = null) =>
    branchOf(tree, runId, question).map((x) => x.id);

  it("reads only the answered branch: the edit's, the regenerated version's, or the original", () => {
    expect(ids("r3")).toEqual(["q1", "a1", "q2e", "a3"]);
    expect(ids("r2b")).toEqual(["q1", "a1", "q2", "a2b"]);
    expect(ids("r4")).toEqual(["q1", "a1", "q2", "a2b", "q4"]);
    expect(ids("r2")).toEqual(["q1", "a1", "q2", "a2"]);
  });

  it("finds a regenerated run's question before it has stored anything", () => {
    expect(ids("r5", "q2e")).toEqual(["q1", "a1", "q2e"]);
  });

  it("keeps messages no run wrote that came before the question", () => {
    const seeded = [m("s1", "user", null), m("s2", "assistant", null), ...tree];
    expect(branchOf(seeded, "r3").map((x) => x.id)).toEqual(["s1", "s2", "q1", "a1", "q2e", "a3"]);
  });
});
