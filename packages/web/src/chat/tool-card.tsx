import { Icon } from "../layout/icons.tsx";
import { ArgumentList, argumentsBrief } from "./argument-list.tsx";
import type { ToolCall } from "./run-state.ts";

const statusText: Record<ToolCall["status"], string> = {
  running: "running",
  ok: "done",
  failed: "failed",
  waiting: "waiting",
  declined: "declined",
  cancelled: "cancelled",
};
const resultLimit = 4000;

/**
 * A tool the agent used, as one compact line (name, the gist of its arguments, status) that opens
 * to show the arguments, what the tool reported, and what it returned.
 */
export function ToolCard({ call, result = null }: { call: ToolCall; result?: string | null }) {
  const brief = argumentsBrief(call.args);
  return (
    <details className={`tool-card status-${call.status}`} data-call-id={call.callId}>
      <summary>
        <Icon name="tool" />
        <code className="tool-name">{call.name}</code>
        {brief ? <span className="tool-brief">{brief}</span> : null}
        <span className="tool-status">{statusText[call.status]}</span>
      </summary>
      <div className="tool-details">
        {call.summary ? <p className="tool-summary">{call.summary}</p> : null}
        <h4>Arguments</h4>
        <ArgumentList args={call.args} />
        {result ? (
          <>
            <h4>Result</h4>
            <pre className="tool-result">
              {result.length > resultLimit
                ? `${result.slice(0, resultLimit)}\n… (${result.length - resultLimit} more characters)`
                : result}
            </pre>
          </>
        ) : null}
      </div>
    </details>
  );
}
