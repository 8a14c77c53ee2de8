import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { unwrap } from "../api/client.ts";
import { useApi } from "../api/context.tsx";
import { ErrorNotice } from "../layout/error-notice.tsx";
import { formatCount, formatUsd } from "../layout/format.ts";
import { TableHead } from "../layout/table.tsx";
import { type Metric, UsageChart } from "./usage-chart.tsx";

const periods = [7, 30, 90] as const;

/** Tokens and cost per user and model over a chosen period, as a chart and as a table. */
export function UsagePanel() {
  const api = useApi();
  const [days, setDays] = useState<(typeof periods)[number]>(30);
  const [metric, setMetric] = useState<Metric>("cost");
  const usage = useQuery({
    queryKey: ["admin", "usage", days],
    queryFn: () => {
      const to = new Date();
      const from = new Date(to.getTime() - days * 24 * 3600 * 1000);
      return unwrap(
        api.GET("/api/admin/usage", {
          params: { query: { from: from.toISOString(), to: to.toISOString() } },
        }),
      );
    },
  });
  const rows = usage.data?.items ?? [];
  return (
    <section aria-labelledby="usage-title" className="panel">
      <h2 id="usage-title">Usage and cost</h2>
      <div className="toolbar">
        <label>
          Period
          <select value={days} onChange={(e) => setDays(Number(e.target.value) as (typeof periods)[number])}>
            {periods.map((p) => (
              <option key={p} value={p}>
                Last {p} days
              </option>
            ))}
          </select>
        </label>
        <label>
          Show
          <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
            <option value="cost">Cost (USD)</option>
            <option value="tokens">Tokens</option>
          </select>
        </label>
      </div>
      {usage.error ? <ErrorNotice error={usage.error} onRetry={() => usage.refetch()} /> : null}
      {usage.data ? <UsageChart rows={rows} metric={metric} /> : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <TableHead columns={["User", "Model", "Kind", "Calls", "Tokens", "Cost"]} />
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.userId}:${row.model}:${row.kind}`}>
                  <td>{row.email ?? "system"}</td>
                  <td>{row.model}</td>
                  <td>{row.kind}</td>
                  <td>{formatCount(row.calls)}</td>
                  <td>{formatCount(row.totalTokens)}</td>
                  <td>{row.priced ? formatUsd(Number(row.costUsd)) : "not priced"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
