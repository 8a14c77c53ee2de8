import { formatCount, formatUsd } from "../layout/format.ts";

export type UsageRow = {
  email: string | null;
  userId: string | null;
  model: string;
  totalTokens: number;
  costUsd: string;
};
export type Metric = "cost" | "tokens";
type Bar = { user: string; total: number; segments: { model: string; value: number }[] };

/** Rows (user × model × job kind) summed per user and model, biggest users first. */
export function usageBars(rows: readonly UsageRow[], metric: Metric): { bars: Bar[]; models: string[] } {
  const byUser = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const user = row.email ?? (row.userId ? `user ${row.userId.slice(0, 8)}` : "system");
    const value = metric === "cost" ? Number(row.costUsd) : row.totalTokens;
    const models = byUser.get(user) ?? new Map<string, number>();
    models.set(row.model, (models.get(row.model) ?? 0) + (Number.isFinite(value) ? value : 0));
    byUser.set(user, models);
  }
  const bars = [...byUser].map(([user, models]) => {
    const segments = [...models].map(([model, value]) => ({ model, value }));
    return { user, segments, total: segments.reduce((sum, s) => sum + s.value, 0) };
  });
  bars.sort((a, b) => b.total - a.total);
  const models = [...new Set(rows.map((r) => r.model))].sort();
  return { bars, models };
}

/**
 * What the chart can draw for `wanted`: cost, unless no row has a price (every cost zero) while
 * tokens were used, when it draws tokens instead of claiming there was no usage.
 */
export function drawableMetric(rows: readonly UsageRow[], wanted: Metric): Metric {
  if (wanted !== "cost") return wanted;
  const costs = rows.some((row) => Number(row.costUsd) > 0);
  const tokens = rows.some((row) => row.totalTokens > 0);
  return !costs && tokens ? "tokens" : "cost";
}

const labelWidth = 210;
const chartWidth = 640;
const rowHeight = 30;

/** Horizontal bars, one per user, split by model. The table beside it carries the same numbers as text. */
export function UsageChart({ rows, metric: wanted }: { rows: readonly UsageRow[]; metric: Metric }) {
  const metric = drawableMetric(rows, wanted);
  const { bars, models } = usageBars(rows, metric);
  const max = Math.max(...bars.map((b) => b.total), 0);
  const format = metric === "cost" ? formatUsd : formatCount;
  if (bars.length === 0 || max === 0) return <p className="muted">No usage in this period.</p>;
  const unpriced =
    metric !== wanted ? (
      <p className="muted chart-note">No price is known for these models, so the chart shows tokens.</p>
    ) : null;
  const height = bars.length * rowHeight + 8;
  const scale = (value: number) => (value / max) * (chartWidth - labelWidth - 90);
  return (
    <figure className="usage-chart">
      {unpriced}
      <svg
        viewBox={`0 0 ${chartWidth} ${height}`}
        role="img"
        aria-label={`${metric === "cost" ? "Cost" : "Tokens"} per user and model`}
      >
        {bars.map((bar, row) => {
          let x = labelWidth;
          const y = row * rowHeight + 4;
          return (
            <g key={bar.user}>
              <text x={labelWidth - 8} y={y + 15} textAnchor="end" className="chart-label">
                {bar.user.length > 28 ? `${bar.user.slice(0, 27)}…` : bar.user}
              </text>
              {bar.segments.map((segment) => {
                const width = scale(segment.value);
                const rect = (
                  <rect
                    key={segment.model}
                    x={x}
                    y={y}
                    width={Math.max(width, segment.value > 0 ? 1 : 0)}
                    height={rowHeight - 10}
                    className={`chart-series-${models.indexOf(segment.model) % 6}`}
                  >
                    <title>{`${bar.user} · ${segment.model}: ${format(segment.value)}`}</title>
                  </rect>
                );
                x += width;
                return rect;
              })}
              <text x={x + 6} y={y + 15} className="chart-value">
                {format(bar.total)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        {models.map((model, i) => (
          <span key={model} className="legend-item">
            <span className={`legend-swatch chart-series-${i % 6}`} aria-hidden="true" />
            {model}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
