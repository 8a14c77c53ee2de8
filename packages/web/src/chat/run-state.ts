import type { RunEvent } from "@finchat/core/agent/events";
import type { RawRunEvent } from "../api/run-stream.ts";

export type Citation = { kind: "github" | "jira" | "url"; label: string; url?: string };
export type ToolStatus = "running" | "ok" | "failed" | "waiting" | "declined" | "cancelled";
export type ToolCall = { callId: string; name: string; args: unknown; status: ToolStatus; summary?: string };
export type ApprovalRequest = {
  callId: string;
  name: string;
  args: unknown;
  argsHash: string;
  /** `cancelled`: the run was stopped before the person decided. */
  decision: "pending" | "approve" | "reject" | "cancelled";
};
/** What the live answer shows, in order. A text is sealed once a tool call follows it (it was stored). */
export type LivePart =
  | { kind: "text"; text: string; sealed: boolean }
  | { kind: "tool"; call: ToolCall }
  | { kind: "approval"; approval: ApprovalRequest };

export type RunPhase = "starting" | "streaming" | "awaiting_approval" | "completed" | "failed" | "cancelled";

/** One run as the page shows it while it goes on, rebuilt from its events alone. */
export type LiveRun = {
  runId: string;
  conversationId: string;
  question: { messageId: string; content: string };
  /** The answer the question follows (a new or edited question), when this tab asked it. */
  parentRunId?: string | null;
  lastEventId: string | null;
  phase: RunPhase;
  parts: LivePart[];
  citations: Citation[];
  answerMessageId: string | null;
  error: { code: string; message: string } | null;
  starts: number;
};

type EventOf<T extends RunEvent["type"]> = Extract<RunEvent, { type: T }>["data"];

export function startRun(
  input: Pick<LiveRun, "runId" | "conversationId" | "question"> & { parentRunId?: string | null },
): LiveRun {
  return {
    ...input,
    lastEventId: null,
    phase: "starting",
    parts: [],
    citations: [],
    answerMessageId: null,
    error: null,
    starts: 0,
  };
}

export function isFinished(run: LiveRun): boolean {
  return run.phase === "completed" || run.phase === "failed" || run.phase === "cancelled";
}

/** Stream ids (`<ms>-<seq>`) in order; an event at or before the last one seen is a repeat. */
export function isAfter(id: string, last: string | null): boolean {
  if (last === null) return true;
  const [ms, seq] = id.split("-").map(Number);
  const [lastMs, lastSeq] = last.split("-").map(Number);
  return (ms ?? 0) > (lastMs ?? 0) || ((ms ?? 0) === (lastMs ?? 0) && (seq ?? 0) > (lastSeq ?? 0));
}

/** The run after one more event. Repeats (by id) change nothing, so replays are harmless. */
export function applyRunEvent(run: LiveRun, event: RawRunEvent): LiveRun {
  if (!isAfter(event.id, run.lastEventId)) return run;
  const next = { ...run, lastEventId: event.id };
  switch (event.event) {
    case "run.started":
      // A second start means a worker took the run over: the unsaved text it was writing is gone.
      return { ...next, phase: "streaming", starts: run.starts + 1, parts: dropUnsealedText(run.parts) };
    case "message.delta":
      return {
        ...next,
        phase: "streaming",
        parts: appendText(run.parts, (event.data as EventOf<"message.delta">).text),
      };
    case "tool.started":
      return {
        ...next,
        phase: "streaming",
        parts: startTool(run.parts, event.data as EventOf<"tool.started">),
      };
    case "tool.completed":
      return { ...next, parts: completeTool(run.parts, event.data as EventOf<"tool.completed">) };
    case "approval.required":
      return {
        ...next,
        phase: "awaiting_approval",
        parts: requireApproval(run.parts, event.data as EventOf<"approval.required">),
      };
    case "message.completed": {
      const data = event.data as EventOf<"message.completed">;
      return {
        ...next,
        parts: [...dropUnsealedText(run.parts), { kind: "text", text: data.content, sealed: false }],
        citations: data.citations,
        answerMessageId: data.messageId,
      };
    }
    case "run.failed": {
      const data = event.data as EventOf<"run.failed">;
      // A write still waiting for a decision will never run: its card stops asking.
      const parts = run.parts.map(
        (p): LivePart =>
          p.kind === "approval" && p.approval.decision === "pending"
            ? { kind: "approval", approval: { ...p.approval, decision: "cancelled" } }
            : p,
      );
      return { ...next, parts, phase: data.code === "cancelled" ? "cancelled" : "failed", error: data };
    }
    case "run.completed":
      return { ...next, phase: "completed" };
    default:
      return next;
  }
}

/** Records the person's decision on a proposed write before the Api confirms it. */
export function decideApproval(run: LiveRun, callId: string, decision: "approve" | "reject"): LiveRun {
  // A run that ended (stopped while the card was up) is not brought back by a late click.
  if (isFinished(run)) return run;
  return {
    ...run,
    phase: "streaming",
    parts: run.parts.map((part) =>
      part.kind === "approval" && part.approval.callId === callId
        ? { kind: "approval", approval: { ...part.approval, decision } }
        : part,
    ),
  };
}

function dropUnsealedText(parts: LivePart[]): LivePart[] {
  const last = parts.at(-1);
  return last?.kind === "text" && !last.sealed ? parts.slice(0, -1) : parts;
}

function sealText(parts: LivePart[]): LivePart[] {
  const last = parts.at(-1);
  if (last?.kind !== "text" || last.sealed) return parts;
  return [...parts.slice(0, -1), { ...last, sealed: true }];
}

function appendText(parts: LivePart[], text: string): LivePart[] {
  const last = parts.at(-1);
  if (last?.kind === "text" && !last.sealed)
    return [...parts.slice(0, -1), { ...last, text: last.text + text }];
  return [...parts, { kind: "text", text, sealed: false }];
}

function startTool(parts: LivePart[], data: EventOf<"tool.started">): LivePart[] {
  const call: ToolCall = { callId: data.callId, name: data.name, args: data.args, status: "running" };
  const sealed = sealText(parts);
  const existing = sealed.findIndex((p) => p.kind === "tool" && p.call.callId === data.callId);
  if (existing >= 0) return sealed.map((p, i) => (i === existing ? { kind: "tool", call } : p));
  return [...sealed, { kind: "tool", call }];
}

function completeTool(parts: LivePart[], data: EventOf<"tool.completed">): LivePart[] {
  return parts.map((part) =>
    part.kind === "tool" && part.call.callId === data.callId
      ? { kind: "tool", call: { ...part.call, status: toolStatusOf(data), summary: data.summary } }
      : part,
  );
}

function toolStatusOf(data: EventOf<"tool.completed">): ToolStatus {
  if (data.outcome === "declined" || data.outcome === "cancelled") return data.outcome;
  return data.ok ? "ok" : "failed";
}

function requireApproval(parts: LivePart[], data: EventOf<"approval.required">): LivePart[] {
  const approval: ApprovalRequest = { ...data, decision: "pending" };
  const sealed = sealText(parts).filter((p) => !(p.kind === "approval" && p.approval.callId === data.callId));
  return [...sealed, { kind: "approval", approval }];
}
