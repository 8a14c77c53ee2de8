import type { CapLine } from "@finchat/core/capitalisation/types";
import { TableHead } from "../layout/table.tsx";
import { formatHours, formatMoney } from "./format.ts";

const phaseNames = {
  preliminary: "preliminary",
  development: "development",
  "post-implementation": "post-implementation",
};

/** The rate a line used, in words: "85.00 EUR/h (person, from 2026-07-01)". */
export function describeRate(line: CapLine, currency: string): string {
  if (!line.rate) return "no rate";
  const whose = line.rate.subjectKind === "person" ? "person" : `role ${line.rate.subject}`;
  return `${formatMoney(line.rate.hourlyRate, currency)}/h (${whose}, from ${line.rate.effectiveFrom})`;
}

/** Worklog lines, each with why it is treated so, the epic's phase that day and the rate used. */
export function LinesTable({
  lines,
  currency,
  caption,
}: {
  lines: CapLine[];
  currency: string;
  caption: string;
}) {
  if (lines.length === 0) return <p className="muted">No worklogs.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table lines-table">
        <caption>{caption}</caption>
        <TableHead
          columns={[
            "Day",
            "Issue",
            "Person",
            { label: "Hours", num: true },
            "Treatment",
            "Phase",
            "Rate",
            { label: "Cost", num: true },
            "Why",
          ]}
        />
        <tbody>
          {lines.map((line) => (
            <tr key={line.worklogId} data-worklog={line.worklogId}>
              <td>{line.workDate}</td>
              <td>
                {line.issueKey ?? "unknown issue"}
                {line.issueSummary ? <span className="muted"> {line.issueSummary}</span> : null}
              </td>
              <td>{line.authorName}</td>
              <td className="num">{formatHours(line.hours)}</td>
              <td>
                <span className={`treatment treatment-${line.treatment}`}>{line.treatment}</span>
              </td>
              <td>{line.phase ? phaseNames[line.phase] : "—"}</td>
              <td>{describeRate(line, currency)}</td>
              <td className="num">{formatMoney(line.cost, currency)}</td>
              <td className="reason">{line.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
