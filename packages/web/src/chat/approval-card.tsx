import { useId } from "react";
import { ArgumentList } from "./argument-list.tsx";
import type { ApprovalRequest } from "./run-state.ts";

const outcomes: Record<ApprovalRequest["decision"], string> = {
  pending: "",
  approve: "Approved. Carrying it out…",
  reject: "Declined. Nothing was changed.",
  cancelled: "Cancelled: the answer was stopped before you decided. Nothing was changed.",
};

type Props = {
  approval: ApprovalRequest;
  onDecide: (decision: "approve" | "reject") => void;
  busy: boolean;
};

/**
 * A write the agent proposes, shown exactly as it will be carried out (the tool and every value it
 * will send), with Approve and Reject. Nothing is written until the person approves.
 */
export function ApprovalCard({ approval, onDecide, busy }: Props) {
  const titleId = useId();
  const decided = approval.decision !== "pending";
  return (
    <section className={`approval-card decision-${approval.decision}`} aria-labelledby={titleId}>
      <h3 id={titleId}>
        {approval.decision === "cancelled"
          ? "Not carried out"
          : decided
            ? "Your decision"
            : "Approve this action?"}
      </h3>
      <p>
        Finchat wants to run <code>{approval.name}</code> with exactly these values:
      </p>
      <ArgumentList args={approval.args} />
      {decided ? (
        <p className="approval-outcome" role="status">
          {outcomes[approval.decision]}
        </p>
      ) : (
        <div className="approval-actions">
          <button type="button" className="primary" disabled={busy} onClick={() => onDecide("approve")}>
            Approve
          </button>
          <button type="button" disabled={busy} onClick={() => onDecide("reject")}>
            Reject
          </button>
        </div>
      )}
    </section>
  );
}
