/** A 400 the real API would give: what was wrong and which parameter. */
export interface RequestProblem {
  message: string;
  param: string | null;
}

type Json = Record<string, unknown>;

const roles = new Set(["system", "developer", "user", "assistant", "tool", "function"]);
// The real API rejects function names outside this pattern (e.g. "jira.search").
const functionNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function problem(message: string, param: string | null): RequestProblem {
  return { message, param };
}

/**
 * Checks a chat completion body the way the real API does where it matters to an agent loop:
 * model and messages present, roles known, tool results answering the preceding tool calls
 * (all of them, before anything else), function names valid, `stream_options` only with `stream`.
 */
export function checkChatRequest(body: unknown): RequestProblem | undefined {
  if (!isObject(body)) return problem("The request body must be a JSON object.", null);
  if (typeof body.model !== "string" || body.model === "") {
    return problem("You must provide a model parameter.", "model");
  }
  if (body.stream_options != null && body.stream !== true) {
    return problem(
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      "stream_options",
    );
  }
  return checkTools(body.tools) ?? checkMessages(body.messages);
}

function checkTools(tools: unknown): RequestProblem | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return problem("'tools' must be an array.", "tools");
  for (const [index, tool] of tools.entries()) {
    const param = `tools[${index}]`;
    if (!isObject(tool) || tool.type !== "function" || !isObject(tool.function)) {
      return problem(`Invalid tool: expected { type: 'function', function: { name } }.`, param);
    }
    const name = tool.function.name;
    if (typeof name !== "string" || !functionNamePattern.test(name)) {
      return problem(
        `Invalid '${param}.function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        `${param}.function.name`,
      );
    }
  }
  return undefined;
}

function checkMessages(messages: unknown): RequestProblem | undefined {
  if (!Array.isArray(messages) || messages.length === 0) {
    return problem("'messages' must be a non-empty array.", "messages");
  }
  let awaitedToolCallIds = new Set<string>();
  for (const [index, message] of messages.entries()) {
    const param = `messages[${index}]`;
    const shapeProblem = checkMessageShape(message, param);
    if (shapeProblem) return shapeProblem;
    const { role } = message as Json;
    if (role === "tool") {
      const id = (message as Json).tool_call_id as string;
      if (!awaitedToolCallIds.delete(id)) {
        return problem(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `${param}.role`,
        );
      }
      continue;
    }
    if (awaitedToolCallIds.size > 0) return missingToolResponses(awaitedToolCallIds, param);
    awaitedToolCallIds = new Set(toolCallIdsOf(message as Json));
  }
  return awaitedToolCallIds.size > 0 ? missingToolResponses(awaitedToolCallIds, "messages") : undefined;
}

function missingToolResponses(ids: Set<string>, param: string): RequestProblem {
  return problem(
    `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...ids].join(", ")}`,
    param,
  );
}

function toolCallIdsOf(message: Json): string[] {
  if (message.role !== "assistant" || !Array.isArray(message.tool_calls)) return [];
  return message.tool_calls.map((call) => (isObject(call) ? String(call.id) : ""));
}

function checkMessageShape(message: unknown, param: string): RequestProblem | undefined {
  if (!isObject(message) || typeof message.role !== "string" || !roles.has(message.role)) {
    return problem(`Invalid '${param}': expected a message with a known role.`, param);
  }
  if (message.role === "tool" && typeof message.tool_call_id !== "string") {
    return problem(`Missing required parameter: '${param}.tool_call_id'.`, `${param}.tool_call_id`);
  }
  if (message.role === "assistant") {
    return message.content == null && !Array.isArray(message.tool_calls)
      ? problem(`Invalid '${param}': an assistant message needs 'content' or 'tool_calls'.`, param)
      : undefined;
  }
  if (typeof message.content !== "string" && !Array.isArray(message.content)) {
    return problem(`Missing required parameter: '${param}.content'.`, `${param}.content`);
  }
  return undefined;
}
