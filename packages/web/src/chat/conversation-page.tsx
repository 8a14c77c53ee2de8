import { useQuery } from "@tanstack/react-query";
import { useEffect, useLayoutEffect, useMemo, useRef } from "react";
import { ApiError, unwrap } from "../api/client.ts";
import { useApi } from "../api/context.tsx";
import { explainRunFailure } from "../api/plain-errors.ts";
import { useMe } from "../auth/use-me.ts";
import { ErrorNotice } from "../layout/error-notice.tsx";
import { Icon } from "../layout/icons.tsx";
import { Link } from "../router.tsx";
import { Composer } from "./composer.tsx";
import { LiveTurn } from "./live-turn.tsx";
import { approvalCallIds, unsavedView } from "./live-view.ts";
import { AssistantMessage, UserMessage } from "./messages.tsx";
import { buildTimeline, type TimelineItem } from "./timeline.ts";
import { ToolCard } from "./tool-card.tsx";
import { useUnfinishedRun } from "./unfinished-run.ts";
import { conversationKey, useChatRun } from "./use-chat-run.ts";

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
  const { run, connection, send, stop, decide, adopt } = useChatRun(conversationId);
  useUnfinishedRun(conversationId, conversation.data?.messages, run !== null, adopt);
  const items = useMemo(() => buildTimeline(conversation.data?.messages ?? []), [conversation.data]);
  const live = run ? unsavedView(run, items) : null;
  // While a proposed write waits, its approval card stands for the stored call's card.
  const approvals = live ? approvalCallIds(run) : new Set<string>();
  const running = run !== null && !["completed", "failed", "cancelled"].includes(run.phase);
  const lastQuestion = run?.question.content ?? items.findLast((i) => i.kind === "user")?.content ?? null;
  const canRetry = !running && !send.isPending && lastQuestion !== null;
  const scroller = useAutoScroll();

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
      <div className="messages" ref={scroller}>
        {conversation.error ? (
          <ErrorNotice error={conversation.error} onRetry={() => conversation.refetch()} />
        ) : null}
        {items.length === 0 && !live && (conversationId === null || conversation.isSuccess) ? (
          <EmptyChat />
        ) : null}
        {items.map((item) =>
          item.kind === "tool" && item.call.status === "waiting" && approvals.has(item.id) ? null : (
            <StoredItem key={item.id} item={item} />
          ),
        )}
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
        {run?.error && run.phase !== "cancelled" ? (
          <ErrorNotice plain={explainRunFailure(run.error.code, run.error.message)} />
        ) : null}
        {decide.error ? <ErrorNotice error={decide.error} /> : null}
        {send.error ? <ErrorNotice error={send.error} /> : null}
        {stop.error ? <ErrorNotice error={stop.error} /> : null}
      </div>
      <p className="visually-hidden" role="status">
        {announcement(run?.phase)}
      </p>
      <footer className="conversation-footer">
        {canRetry ? (
          <button type="button" className="retry" onClick={() => send.mutate(lastQuestion)}>
            <Icon name="retry" /> Retry the last question
          </button>
        ) : null}
        <Composer
          running={running}
          disabled={send.isPending}
          draft={{ userId: me.data?.user.id ?? "", conversationId }}
          onSend={(content) => send.mutateAsync(content)}
          onStop={() => run && stop.mutate(run.runId)}
        />
      </footer>
    </section>
  );
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

function StoredItem({ item }: { item: TimelineItem }) {
  if (item.kind === "user") return <UserMessage content={item.content} />;
  if (item.kind === "assistant")
    return <AssistantMessage content={item.content} citations={item.citations} />;
  return <ToolCard call={item.call} result={item.result} />;
}

function EmptyChat() {
  return (
    <div className="empty-chat">
      <h2>What would you like to know?</h2>
      <p>Ask about a repository, a Jira project, or have Finchat work through the numbers.</p>
    </div>
  );
}

/** Keeps the newest message in view while it grows, unless the person scrolled up to read. */
function useAutoScroll() {
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onScroll = () => {
      pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
    };
    element.addEventListener("scroll", onScroll);
    return () => element.removeEventListener("scroll", onScroll);
  }, []);
  // After every render: new text, a new card or a new message all change the height.
  useLayoutEffect(() => {
    const element = ref.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  });
  return ref;
}
