import type { ChatRequest, ReplyTurn, ScriptedToolCall, TurnSource } from "./openai-script.ts";

/** How fast a scripted model answers: its wait before the first token and between tokens. */
export interface LatencyProfile {
  delayFirstTokenMs: number;
  delayBetweenChunksMs: number;
  /** Characters per streamed delta; about 4 is one token of English text. */
  chunkSize: number;
}

/**
 * Model speeds for benchmarks and tests. `zero` answers at once in 8-character deltas (how the
 * benchmarks measured Finchat's own cost until now); `realistic` is a fast hosted model (300 ms to
 * the first token, then 20 ms a token); `slow` a loaded or reasoning one (1.5 s to the first token).
 */
export const latencyProfiles = {
  zero: { delayFirstTokenMs: 0, delayBetweenChunksMs: 0, chunkSize: 8 },
  realistic: { delayFirstTokenMs: 300, delayBetweenChunksMs: 20, chunkSize: 4 },
  slow: { delayFirstTokenMs: 1500, delayBetweenChunksMs: 20, chunkSize: 4 },
} as const satisfies Record<string, LatencyProfile>;

export type LatencyProfileName = keyof typeof latencyProfiles;

/** `turn` answered at the speed of `profile`. */
export function atLatency(turn: ReplyTurn, profile: LatencyProfile): ReplyTurn {
  return { ...turn, ...profile };
}

/**
 * A turn source for a model that answers `text`, and first calls `toolCall` when `wantsTool` says
 * the request asks for it: a request that already carries a tool result gets the text. Every
 * answer, the tool call included, comes at the speed of `profile`.
 */
export function answerWithToolRoundTrip(options: {
  text: string;
  toolCall: ScriptedToolCall;
  wantsTool: (request: ChatRequest) => boolean;
  profile: LatencyProfile;
}): TurnSource {
  const { text, toolCall, wantsTool, profile } = options;
  return (request) => {
    const hasToolResult = request.body.messages.some((message) => message.role === "tool");
    if (!hasToolResult && wantsTool(request)) return atLatency({ toolCalls: [toolCall] }, profile);
    return atLatency({ text }, profile);
  };
}
