import type { Schemas } from "../api/client.ts";
import type { BranchTurn, StoredRun, Versions } from "./branches.ts";
import type { Citation, ToolCall, ToolStatus } from "./run-state.ts";

type StoredMessage = Schemas["Message"];

/** What a stored conversation shows: questions, answers, and the tools the agent used between them. */
export type TimelineItem =
  | { kind: "user"; id: string; content: string; parentRunId?: string | null; versions?: Versions }
  | { kind: "assistant"; id: string; content: string; citations: Citation[] }
  | { kind: "tool"; id: string; call: ToolCall; result: string | null }
  /** Below a turn's answer: how its run ended (stopped, failed), its versions, regenerate. */
  | { kind: "end"; id: string; run: StoredRun; questionId: string; versions: Versions };

/** The shown branch as the page lists it: each question, what its shown run wrote, how it ended. */
export function branchItems(turns: readonly BranchTurn[]): TimelineItem[] {
  return turns.flatMap((turn): TimelineItem[] => {
    const { question, run } = turn;
    const asked: TimelineItem = {
      kind: "user",
      id: question.id,
      content: question.content,
      parentRunId: question.parentRunId ?? null,
      versions: turn.questionVersions,
    };
    const answer = buildTimeline(turn.messages);
    if (!run) return [asked, ...answer];
    const end: TimelineItem = {
      kind: "end",
      id: `end:${run.id}`,
      run,
      questionId: question.id,
      versions: turn.answerVersions,
    };
    return [asked, ...answer, end];
  });
}

const outcomes: Record<string, ToolStatus> = {
  ok: "ok",
  failed: "failed",
  declined: "declined",
  cancelled: "cancelled",
};

/**
 * Turns stored messages into what the page shows. An assistant message that asked for tools
 * becomes its text (if any) and one card per call; each tool message completes its call's card.
 */
export function buildTimeline(messages: readonly StoredMessage[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  const cards = new Map<string, Extract<TimelineItem, { kind: "tool" }>>();
  for (const message of messages) {
    if (message.role === "user") items.push({ kind: "user", id: message.id, content: message.content });
    if (message.role === "assistant") {
      if (message.content.trim()) {
        const citations = parseCitations(message.citations);
        items.push({ kind: "assistant", id: message.id, content: message.content, citations });
      }
      for (const call of message.toolCalls ?? []) {
        const { id, name, args } = call as { id?: unknown; name?: unknown; args?: unknown };
        if (typeof id !== "string" || typeof name !== "string") continue;
        const card = {
          kind: "tool" as const,
          id,
          call: { callId: id, name, args, status: "waiting" as const },
          result: null,
        };
        cards.set(id, card);
        items.push(card);
      }
    }
    if (message.role === "tool") {
      const result = message.toolCalls?.[0] as
        | { id?: unknown; ok?: unknown; summary?: unknown; outcome?: unknown }
        | undefined;
      const card = typeof result?.id === "string" ? cards.get(result.id) : undefined;
      if (!card) continue;
      card.call = {
        ...card.call,
        status:
          (typeof result?.outcome === "string" ? outcomes[result.outcome] : undefined) ??
          (result?.ok === false ? "failed" : "ok"),
        ...(typeof result?.summary === "string" ? { summary: result.summary } : {}),
      };
      card.result = message.content;
    }
  }
  return items;
}

/** Citations as stored, keeping only well-formed ones. */
export function parseCitations(raw: unknown): Citation[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (c): c is Citation =>
      typeof c === "object" &&
      c !== null &&
      ["github", "jira", "url"].includes((c as Citation).kind) &&
      typeof (c as Citation).label === "string" &&
      ((c as Citation).url === undefined || typeof (c as Citation).url === "string"),
  );
}

/** The call ids the stored conversation already shows. */
export function storedCallIds(items: readonly TimelineItem[]): Set<string> {
  return new Set(items.flatMap((item) => (item.kind === "tool" ? [item.id] : [])));
}
