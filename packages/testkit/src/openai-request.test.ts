import { describe, expect, it } from "vitest";
import { checkChatRequest } from "./openai-request.ts";

const user = { role: "user", content: "hi" };
const assistantCalling = (...ids: string[]) => ({
  role: "assistant",
  content: null,
  tool_calls: ids.map((id) => ({ id, type: "function", function: { name: "f", arguments: "{}" } })),
});
const toolResult = (id: string) => ({ role: "tool", tool_call_id: id, content: "ok" });

describe("checkChatRequest", () => {
  it("accepts a conversation whose tool calls are all answered, in any order", () => {
    const messages = [user, assistantCalling("a", "b"), toolResult("b"), toolResult("a"), user];
    expect(checkChatRequest({ model: "m", messages })).toBeUndefined();
  });

  it.each([
    ["no model", { messages: [user] }, "model"],
    ["no messages", { model: "m", messages: [] }, "messages"],
    ["unknown role", { model: "m", messages: [{ role: "robot", content: "x" }] }, "messages[0]"],
    ["user without content", { model: "m", messages: [{ role: "user" }] }, "messages[0].content"],
    ["stream_options without stream", { model: "m", messages: [user], stream_options: {} }, "stream_options"],
    ["tool result without a call", { model: "m", messages: [user, toolResult("a")] }, "messages[1].role"],
    [
      "tool result for another id",
      { model: "m", messages: [assistantCalling("a"), toolResult("z")] },
      "messages[1].role",
    ],
    [
      "a call left unanswered",
      { model: "m", messages: [assistantCalling("a", "b"), toolResult("a"), user] },
      "messages[2]",
    ],
    ["a call unanswered at the end", { model: "m", messages: [user, assistantCalling("a")] }, "messages"],
    [
      "a dotted function name",
      { model: "m", messages: [user], tools: [{ type: "function", function: { name: "a.b" } }] },
      "tools[0].function.name",
    ],
  ])("rejects %s", (_case, body, param) => {
    expect(checkChatRequest(body)?.param).toBe(param);
  });
});
