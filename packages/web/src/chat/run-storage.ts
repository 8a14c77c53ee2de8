import type { LiveRun } from "./run-state.ts";

/**
 * The live run of a conversation, kept in this tab's sessionStorage so a reload resumes it from its
 * last event (Last-Event-ID) with the text shown so far. The event id and the text it produced are
 * written together, so a resume neither skips nor repeats anything.
 */
const keyOf = (conversationId: string) => `finchat.run.${conversationId}`;

export function loadRun(conversationId: string): LiveRun | null {
  try {
    const raw = sessionStorage.getItem(keyOf(conversationId));
    const run = raw ? (JSON.parse(raw) as LiveRun) : null;
    return run && typeof run.runId === "string" && run.conversationId === conversationId ? run : null;
  } catch {
    return null;
  }
}

export function saveRun(run: LiveRun): void {
  try {
    sessionStorage.setItem(keyOf(run.conversationId), JSON.stringify(run));
  } catch {
    // Storage full or refused: the run still streams, it just cannot survive a reload.
  }
}

export function forgetRun(conversationId: string): void {
  sessionStorage.removeItem(keyOf(conversationId));
}
