import { useQuery } from "@tanstack/react-query";
import { ErrorNotice } from "../layout/error-notice.tsx";
import { formatDate } from "../layout/format.ts";
import { EmptyRow, TableHead } from "../layout/table.tsx";
import type { FinanceApi } from "./api.ts";
import { financeKeys } from "./keys.ts";

/** A stored value in one short line: the audit shows what changed, not a JSON dump. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value !== "object") return String(value);
  return Object.entries(value as Record<string, unknown>)
    .filter(([key]) => !["updatedBy", "updatedAt", "createdBy", "createdAt"].includes(key))
    .map(([key, v]) => {
      if (Array.isArray(v)) return `${key}: ${v.length ? v.join(", ") : "none"}`;
      if (v && typeof v === "object") return `${key}: {${describeValue(v)}}`;
      return `${key}: ${v ?? "—"}`;
    })
    .join("; ");
}

/** Every change to policies, phases, rates and roles: who, when, before and after. */
export function AuditList({ finance }: { finance: FinanceApi }) {
  const audit = useQuery({ queryKey: financeKeys.audit, queryFn: () => finance.audit(50) });
  return (
    <section className="panel" aria-labelledby="audit-title">
      <h2 id="audit-title">Changes</h2>
      {audit.error ? <ErrorNotice error={audit.error} onRetry={() => audit.refetch()} /> : null}
      {audit.data ? (
        <div className="table-scroll">
          <table className="data-table audit-table">
            <caption className="visually-hidden">The last 50 changes</caption>
            <TableHead columns={["When", "Who", "What", "Before", "After"]} />
            <tbody>
              {audit.data.items.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDate(entry.at)}</td>
                  <td>{entry.userEmail ?? entry.userId ?? "system"}</td>
                  <td>
                    {entry.action} {entry.entity} {entry.key}
                  </td>
                  <td className="audit-value">{describeValue(entry.before)}</td>
                  <td className="audit-value">{describeValue(entry.after)}</td>
                </tr>
              ))}
              {audit.data.items.length === 0 ? <EmptyRow span={5}>No changes yet.</EmptyRow> : null}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
