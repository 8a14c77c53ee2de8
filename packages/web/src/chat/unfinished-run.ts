import { useEffect } from "react";
import { type Schemas, unwrap } from "../api/client.ts";
import { useApi } from "../api/context.tsx";

type StoredMessage = Schemas["Message"];
const unfinished = new Set(["queued", "running", "awaiting_approval"]);

/**
 * A conversation opened where its run was not started (another tab, another device, a closed tab)
 * can still have one going: its last question's run, still streaming or waiting for an approval.
 * When this tab follows no run, that one is adopted and replayed from its first event.
 */
export function useUnfinishedRun(
  conversationId: string | null,
  messages: readonly StoredMessage[] | undefined,
  following: boolean,
  adopt: (runId: string, question: { messageId: string; content: string }) => void,
): void {
  const api = useApi();
  const question = messages?.findLast((m) => m.role === "user");
  const runId = question?.runId ?? null;
  const messageId = question?.id;
  const content = question?.content;
  useEffect(() => {
    if (following || !conversationId || !runId || messageId === undefined || content === undefined) return;
    let cancelled = false;
    unwrap(api.GET("/api/runs/{id}", { params: { path: { id: runId } } })).then(
      (run) => {
        if (!cancelled && unfinished.has(run.status)) adopt(runId, { messageId, content });
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [api, conversationId, runId, messageId, content, following, adopt]);
}
