import type { Schemas } from "../api/client.ts";
import type { StoredRun } from "./branches.ts";
import type { LivePart, LiveRun } from "./run-state.ts";
import type { TimelineItem } from "./timeline.ts";

export type LiveView = { question: string | null; parts: LivePart[] };

/**
 * What of a live run the stored conversation does not show yet. Tool calls are stored as they
 * start, so after a reload (or once a finished run is refetched) their cards and the text before
 * them come from the stored conversation, and only the rest is drawn from the run's events.
 * Null once the run's answer is stored, or the stored conversation has the run as ended (its
 * answer, or its partial answer and outcome, are stored with that status): a conversation read
 * just before the answer's events arrive shows it once, not twice. `written` is what the stored
 * conversation shows of this turn: once it holds this run's answer (an assistant message that asked for
 * no tool), that stored copy is shown even if `message.completed` has not reached this tab yet.
 */
export function unsavedView(
  run: LiveRun,
  items: readonly TimelineItem[],
  storedRuns: readonly StoredRun[] = [],
  written: readonly Schemas["Message"][] = [],
): LiveView | null {
  const storedIds = new Set(items.map((item) => item.id));
  if (run.answerMessageId && storedIds.has(run.answerMessageId)) return null;
  const answered = written.some(
    (m) => m.runId === run.runId && m.role === "assistant" && !m.toolCalls?.length,
  );
  if (answered) return null;
  const stored = storedRuns.find((r) => r.id === run.runId);
  if (stored && ["completed", "failed", "cancelled"].includes(stored.status)) return null;
  const parts = run.parts.filter((part, index) => {
    if (part.kind === "tool") return !storedIds.has(part.call.callId);
    if (part.kind === "text" && part.sealed) {
      const next = run.parts[index + 1];
      return (
        !(next?.kind === "tool" && storedIds.has(next.call.callId)) &&
        !(next?.kind === "approval" && storedIds.has(next.approval.callId))
      );
    }
    return true;
  });
  return { question: storedIds.has(run.question.messageId) ? null : run.question.content, parts };
}

/** Calls awaiting (or just given) a decision in the live run; the timeline leaves their cards to it. */
export function approvalCallIds(run: LiveRun | null): Set<string> {
  return new Set(run?.parts.flatMap((p) => (p.kind === "approval" ? [p.approval.callId] : [])) ?? []);
}
