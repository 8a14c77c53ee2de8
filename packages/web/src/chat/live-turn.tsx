import { ApprovalCard } from "./approval-card.tsx";
import type { LiveView } from "./live-view.ts";
import { AssistantMessage, UserMessage } from "./messages.tsx";
import type { ApprovalRequest, LiveRun } from "./run-state.ts";
import { ToolCard } from "./tool-card.tsx";

type Props = {
  run: LiveRun;
  view: LiveView;
  deciding: boolean;
  onDecide: (approval: ApprovalRequest, decision: "approve" | "reject") => void;
};

/** The turn under way: the question (until it is stored), then the answer as its events arrive. */
export function LiveTurn({ run, view, deciding, onDecide }: Props) {
  const writing = run.phase === "starting" || run.phase === "streaming";
  const lastText = view.parts.findLastIndex((p) => p.kind === "text");
  return (
    <div className="live-turn" data-run-id={run.runId} data-phase={run.phase}>
      {view.question !== null ? <UserMessage content={view.question} /> : null}
      {view.parts.map((part, index) => {
        if (part.kind === "tool") return <ToolCard key={part.call.callId} call={part.call} />;
        if (part.kind === "approval") {
          return (
            <ApprovalCard
              key={part.approval.callId}
              approval={part.approval}
              busy={deciding}
              onDecide={(decision) => onDecide(part.approval, decision)}
            />
          );
        }
        const isAnswer = index === lastText && !part.sealed;
        return (
          <AssistantMessage
            // biome-ignore lint/suspicious/noArrayIndexKey: text parts have no id and never move
            key={index}
            content={part.text}
            citations={isAnswer ? run.citations : []}
            streaming={isAnswer && writing && !run.answerMessageId}
          />
        );
      })}
      {writing && view.parts.length === 0 ? (
        <p className="thinking" role="status">
          Thinking…
        </p>
      ) : null}
      {run.phase === "cancelled" ? (
        <p className="muted" role="status">
          Stopped.
        </p>
      ) : null}
    </div>
  );
}
