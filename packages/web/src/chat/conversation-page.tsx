import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { ApiError, unwrap } from "../api/client.ts";
import { useApi } from "../api/context.tsx";
import { explainRunFailure } from "../api/plain-errors.ts";
import { useMe } from "../auth/use-me.ts";
import { ErrorNotice } from "../layout/error-notice.tsx";
import { Icon } from "../layout/icons.tsx";
import { Link } from "../router.tsx";
import { type NewestRun, noSelection, type Selection, shownBranch } from "./branches.ts";
import { Composer } from "./composer.tsx";
import { LiveTurn } from "./live-turn.tsx";
import { approvalCallIds, unsavedView } from "./live-view.ts";
import { AssistantMessage } from "./messages.tsx";
import { isFinished, type LiveRun } from "./run-state.ts";
import { branchItems, type TimelineItem } from "./timeline.ts";
import { ToolCard } from "./tool-card.tsx";
import { Question, TurnEnd } from "./turn-parts.tsx";
import { useUnfinishedRun } from "./unfinished-run.ts";
import { useAutoScroll } from "./use-auto-scroll.ts";
import { type Question as Asked, conversationKey, useChatRun } from "./use-chat-run.ts";

/** One conversation (or a new one, before its first question): its messages, the live answer, the composer. */
export function ConversationPage({ conversationId }: { conversationId: string | null }) {
  const api = useApi();
  const me = useMe();
  const conversation = useQuery({
    queryKey: conversationKey(conversationId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/conversations/{id}", { params: { path: { id: conversationId ?? "" } }, signal })),
    enabled: conversationId !== null,
  });
  const { run, connection, send, regenerate, stop, decide, adopt } = useChatRun(conversationId);
  useUnfinishedRun(conversationId, conversation.data, run !== null, adopt);
  const [selection, setSelection] = useState<Selection>(noSelection);
  const storedRuns = conversation.data?.runs ?? [];
  const turns = useMemo(
    () =>
      shownBranch(conversation.data?.messages ?? [], conversation.data?.runs ?? [], selection, newestOf(run)),
    [conversation.data, selection, run],
  );
  const items = useMemo(() => branchItems(turns), [turns]);
  const lastTurn = turns.at(-1);
  // The live answer shows below the branch it belongs to, when that branch is the one shown.
  const live =
    run && lastTurn?.run?.id === run.runId ? unsavedView(run, items, storedRuns, lastTurn.messages) : null;
  // While a proposed write waits, its approval card stands for the stored call's card.
  const approvals = live ? approvalCallIds(run) : new Set<string>();
  const running = run !== null && !isFinished(run);
  const busy = running || send.isPending || regenerate.isPending;
  // Retry is offered when the last answer did not come (an answer that did has Regenerate).
  const lastEnding = run && run.runId === lastTurn?.run?.id ? run.phase : lastTurn?.run?.status;
  const canRetry =
    !busy &&
    lastTurn !== undefined &&
    (!lastTurn.run || lastEnding === "failed" || lastEnding === "cancelled");
  const scroller = useAutoScroll();

  const ask = async (question: Asked) => {
    scroller.follow();
    const started = await send.mutateAsync(question);
    setSelection(noSelection);
    return started;
  };
  const answerAgain = (question: { messageId: string; content: string }) => {
    scroller.follow();
    regenerate.mutate(question, { onSuccess: () => setSelection(noSelection) });
  };
  const retryLast = () => {
    const question = lastTurn?.question;
    if (!question) return;
    // A stored question is answered again (a new version), never posted a second time.
    if (lastTurn.run) answerAgain({ messageId: question.id, content: question.content });
    else
      void ask({ content: question.content, parentRunId: question.parentRunId ?? null }).catch(
        () => undefined,
      );
  };
  const pick = (kind: keyof Selection, key: string, id: string) =>
    setSelection((current) => ({ ...current, [kind]: { ...current[kind], [key]: id } }));

  if (conversation.error instanceof ApiError && conversation.error.status === 404) {
    return (
      <section className="conversation-missing">
        <h1>Conversation not found</h1>
        <p>It was deleted, or it belongs to someone else.</p>
        <Link to="/">Start a new chat</Link>
      </section>
    );
  }
  const title = conversation.data?.title ?? (conversationId ? "" : "New chat");
  const renderItem = (item: TimelineItem) => {
    if (item.kind === "user") {
      return (
        <Question
          key={item.id}
          content={item.content}
          versions={item.versions}
          busy={busy}
          onSwitch={(id) => pick("questions", item.parentRunId ?? "root", id)}
          onEdit={(content) => ask({ content, parentRunId: item.parentRunId ?? null })}
        />
      );
    }
    if (item.kind === "assistant")
      return <AssistantMessage key={item.id} content={item.content} citations={item.citations} />;
    if (item.kind === "tool") {
      if (item.call.status === "waiting" && approvals.has(item.id)) return null;
      return <ToolCard key={item.id} call={item.call} result={item.result} />;
    }
    // The live run's own end is drawn by the live turn until the stored conversation has it.
    if (item.run.id === run?.runId && live) return null;
    if (!["completed", "failed", "cancelled"].includes(item.run.status)) return null;
    return (
      <TurnEnd
        key={item.id}
        run={item.run}
        versions={item.versions}
        busy={busy}
        onSwitch={(runId) => pick("answers", item.questionId, runId)}
        onRegenerate={() =>
          answerAgain({
            messageId: item.questionId,
            content: turns.find((turn) => turn.question.id === item.questionId)?.question.content ?? "",
          })
        }
      />
    );
  };

  return (
    <section className="conversation" aria-label={title || "Conversation"}>
      <header className="conversation-header">
        <h1>{title}</h1>
        {connection === "retrying" && running ? (
          <span className="connection" role="status">
            Reconnecting…
          </span>
        ) : null}
      </header>
      <div className="messages" ref={scroller.ref}>
        {conversation.error ? (
          <ErrorNotice error={conversation.error} onRetry={() => conversation.refetch()} />
        ) : null}
        {items.length === 0 && !live && (conversationId === null || conversation.isSuccess) ? (
          <EmptyChat />
        ) : null}
        {items.map(renderItem)}
        {run && live ? (
          <LiveTurn
            run={run}
            view={live}
            deciding={decide.isPending}
            onDecide={(approval, decision) =>
              decide.mutate({ callId: approval.callId, argsHash: approval.argsHash, decision })
            }
          />
        ) : null}
        {live && run?.error && run.phase !== "cancelled" ? (
          <ErrorNotice plain={explainRunFailure(run.error.code, run.error.message)} />
        ) : null}
        {decide.error ? <ErrorNotice error={decide.error} /> : null}
        {send.error ? <ErrorNotice error={send.error} /> : null}
        {regenerate.error ? <ErrorNotice error={regenerate.error} /> : null}
        {stop.error ? <ErrorNotice error={stop.error} /> : null}
      </div>
      <p className="visually-hidden" role="status">
        {announcement(run?.phase)}
      </p>
      <footer className="conversation-footer">
        {scroller.atBottom ? null : (
          <button type="button" className="scroll-down" onClick={() => scroller.toBottom()}>
            <span aria-hidden="true">↓</span> Scroll to the latest
          </button>
        )}
        {canRetry ? (
          <button type="button" className="retry" onClick={retryLast}>
            <Icon name="retry" /> Retry the last question
          </button>
        ) : null}
        <Composer
          running={running}
          disabled={send.isPending || regenerate.isPending}
          draft={{ userId: me.data?.user.id ?? "", conversationId }}
          onSend={(content) => ask({ content, parentRunId: lastTurn?.run?.id ?? null })}
          onStop={() => run && stop.mutate(run.runId)}
        />
      </footer>
    </section>
  );
}

/** The live run as the newest version, so the page shows its branch before the refetch has it. */
function newestOf(run: LiveRun | null): NewestRun | null {
  if (!run) return null;
  const { messageId, content } = run.question;
  const question = {
    id: messageId,
    role: "user" as const,
    content,
    runId: run.runId,
    parentRunId: run.parentRunId ?? null,
    createdAt: "",
  };
  return { runId: run.runId, question };
}

/** What a screen reader hears as the answer progresses (the text itself is not read out piece by piece). */
function announcement(phase: string | undefined): string {
  if (phase === "starting" || phase === "streaming") return "Finchat is answering.";
  if (phase === "awaiting_approval") return "Finchat is waiting for your approval.";
  if (phase === "completed") return "Answer complete.";
  if (phase === "failed") return "The answer failed.";
  if (phase === "cancelled") return "Stopped.";
  return "";
}

function EmptyChat() {
  return (
    <div className="empty-chat">
      <h2>What would you like to know?</h2>
      <p>Ask about a repository, a Jira project, or have Finchat work through the numbers.</p>
    </div>
  );
}
