import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { type Api, ApiError, unwrap } from "../api/client.ts";
import { useApi } from "../api/context.tsx";
import { explainError } from "../api/plain-errors.ts";
import { type FinishedRun, followRun, type RawRunEvent } from "../api/run-stream.ts";
import { navigate } from "../router.tsx";
import { conversationsKey } from "../sidebar/use-conversations.ts";
import { applyRunEvent, decideApproval, isFinished, type LiveRun, startRun } from "./run-state.ts";
import { forgetRun, loadRun, saveRun } from "./run-storage.ts";

type Action =
  | { type: "start"; run: LiveRun }
  | { type: "event"; event: RawRunEvent }
  | { type: "decide"; callId: string; decision: "approve" | "reject" }
  | { type: "undecide"; callId: string }
  | {
      type: "end";
      phase: "completed" | "failed" | "cancelled";
      error: { code: string; message: string } | null;
    };

function reducer(run: LiveRun | null, action: Action): LiveRun | null {
  if (action.type === "start") return action.run;
  if (!run) return run;
  switch (action.type) {
    case "event":
      return applyRunEvent(run, action.event);
    case "decide":
      return decideApproval(run, action.callId, action.decision);
    case "undecide":
      if (isFinished(run)) return run;
      return {
        ...run,
        phase: "awaiting_approval",
        parts: run.parts.map((p) =>
          p.kind === "approval" && p.approval.callId === action.callId
            ? { kind: "approval", approval: { ...p.approval, decision: "pending" } }
            : p,
        ),
      };
    case "end":
      return isFinished(run) ? run : { ...run, phase: action.phase, error: action.error };
  }
}

export const conversationKey = (id: string | null) => ["conversation", id] as const;

/**
 * The conversation's live run: sending a question, following the answer as it streams (resuming
 * after a reload or a dropped connection), stopping it, and deciding on proposed writes.
 */
export function useChatRun(conversationId: string | null) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [run, dispatch] = useReducer(reducer, conversationId, (id) => (id ? loadRun(id) : null));
  const [connection, setConnection] = useState<"open" | "retrying">("open");
  const latest = useRef(run);
  latest.current = run;
  const runId = run?.runId ?? null;
  const phase = run?.phase ?? null;

  useEffect(() => {
    if (run && !isFinished(run)) saveRun(run);
  }, [run]);

  useEffect(() => {
    const current = latest.current;
    if (!runId || !current || isFinished(current)) return;
    const controller = new AbortController();
    followRun({
      api,
      runId,
      after: current.lastEventId,
      signal: controller.signal,
      onEvent: (event) => dispatch({ type: "event", event }),
      onConnection: setConnection,
    }).then(
      (outcome) => {
        if (typeof outcome === "object") dispatch(endOf(outcome));
      },
      (error) => {
        const { code, title } = explainError(error);
        dispatch({ type: "end", phase: "failed", error: { code, message: title } });
      },
    );
    return () => controller.abort();
  }, [api, runId]);

  useEffect(() => {
    if (!conversationId || !phase || !["completed", "failed", "cancelled"].includes(phase)) return;
    forgetRun(conversationId);
    queryClient.invalidateQueries({ queryKey: conversationKey(conversationId) });
    queryClient.invalidateQueries({ queryKey: conversationsKey });
  }, [conversationId, phase, queryClient]);

  const send = useMutation({
    mutationFn: (question: Question) => postQuestion(api, conversationId, question),
    onSuccess: (started) => {
      queryClient.invalidateQueries({ queryKey: conversationsKey });
      if (started.conversationId === conversationId) return dispatch({ type: "start", run: started });
      // A new conversation gets its own page, which picks the run up from storage.
      saveRun(started);
      navigate(`/c/${started.conversationId}`);
    },
  });

  /** Another answer to a stored question: a new version, followed like any run. */
  const regenerate = useMutation({
    mutationFn: async (question: { messageId: string; content: string }) => {
      if (!conversationId) throw new Error("regenerate needs a conversation");
      const { runId } = await unwrap(
        api.POST("/api/conversations/{id}/messages/{messageId}/regenerate", {
          params: { path: { id: conversationId, messageId: question.messageId } },
        }),
      );
      return startRun({ runId, conversationId, question });
    },
    onSuccess: (started) => {
      queryClient.invalidateQueries({ queryKey: conversationKey(conversationId) });
      dispatch({ type: "start", run: started });
    },
  });

  const stop = useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/api/runs/{id}/cancel", { params: { path: { id } } })),
  });

  const decide = useMutation({
    mutationFn: (input: { callId: string; argsHash: string; decision: "approve" | "reject" }) =>
      unwrap(
        api.POST("/api/runs/{id}/approvals/{callId}", {
          params: { path: { id: runId ?? "", callId: input.callId } },
          body: { decision: input.decision, argsHash: input.argsHash },
        }),
      ),
    onMutate: (input) => dispatch({ type: "decide", callId: input.callId, decision: input.decision }),
    onError: (_error, input) => dispatch({ type: "undecide", callId: input.callId }),
  });

  /** Follows a run this tab did not start (found on the conversation), from its first event. */
  const adopt = useCallback(
    (id: string, question: { messageId: string; content: string }) => {
      if (conversationId) dispatch({ type: "start", run: startRun({ runId: id, conversationId, question }) });
    },
    [conversationId],
  );

  return { run, connection, send, regenerate, stop, decide, adopt };
}

function endOf(finished: FinishedRun): Action {
  return { type: "end", phase: finished.status, error: finished.error };
}

/** A question and the answer it follows (null: from the top; left out: the newest answer). */
export type Question = { content: string; parentRunId?: string | null };

/**
 * Stores the question (in a new conversation when there is none yet) and starts its run. A
 * dropped request is sent again with the same client message id, which the Api turns into the
 * same message and run rather than a second one.
 */

async function postQuestion(
  api: Api,
  conversationId: string | null,
  { content, parentRunId }: Question,
): Promise<LiveRun> {
  const id = conversationId ?? (await unwrap(api.POST("/api/conversations", { body: {} }))).id;
  const clientMessageId = newClientId();
  for (let attempt = 1; ; attempt++) {
    try {
      const posted = await unwrap(
        api.POST("/api/conversations/{id}/messages", {
          params: { path: { id } },
          body: { content, clientMessageId, ...(parentRunId !== undefined ? { parentRunId } : {}) },
        }),
      );
      // Without Accept: text/event-stream the Api answers 202 with the ids as JSON.
      const { runId, messageId } = posted as { runId: string; messageId: string };
      return startRun({
        runId,
        conversationId: id,
        question: { messageId, content },
        ...(parentRunId !== undefined ? { parentRunId } : {}),
      });
    } catch (error) {
      const transient = error instanceof ApiError && (error.status === 0 || error.status === 503);
      if (!transient || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}

/** A random id (crypto.randomUUID needs a secure context; this does not). */
function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
