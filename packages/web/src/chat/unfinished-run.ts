import { useEffect } from "react";
import type { Schemas } from "../api/client.ts";
import type { StoredRun } from "./branches.ts";

type StoredMessage = Schemas["Message"];
const unfinished = new Set(["queued", "running", "awaiting_approval"]);

/**
 * A conversation opened where its run was not started (another tab, another device, a closed tab)
 * can still have one going: its newest run, still streaming or waiting for an approval (a
 * regenerated answer included, which no question names). When this tab follows no run, that one
 * is adopted and replayed from its first event.
 */
export function useUnfinishedRun(
  conversationId: string | null,
  stored: { messages: readonly StoredMessage[]; runs: readonly StoredRun[] } | undefined,
  following: boolean,
  adopt: (runId: string, question: { messageId: string; content: string }) => void,
): void {
  const run = stored?.runs.at(-1);
  const question = run ? stored?.messages.find((m) => m.id === run.questionId) : undefined;
  const runId = run && unfinished.has(run.status) ? run.id : null;
  const messageId = question?.id;
  const content = question?.content;
  useEffect(() => {
    if (following || !conversationId || !runId || messageId === undefined || content === undefined) return;
    adopt(runId, { messageId, content });
  }, [conversationId, runId, messageId, content, following, adopt]);
}
