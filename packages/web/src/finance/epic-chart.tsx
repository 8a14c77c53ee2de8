import type { CapEpicSummary } from "@finchat/core/capitalisation/types";
import { type ChartMetric, type ChartSeries, chartGeometry, chartSeries, layoutEpicBars } from "./chart.ts";
import { formatHours, formatMoney, groupDigits } from "./format.ts";

const seriesNames: Record<ChartSeries, string> = { capitalisable: "Capitalisable", expensed: "Expensed" };
const seriesClass: Record<ChartSeries, string> = {
  capitalisable: "chart-series-0",
  expensed: "chart-series-1",
};

/** Capitalisable and expensed per epic as stacked bars; the epic table below carries the same figures as text. */
export function EpicChart({
  epics,
  metric,
  currency,
}: {
  epics: readonly CapEpicSummary[];
  metric: ChartMetric;
  currency: string;
}) {
  const layout = layoutEpicBars(epics, metric);
  const format = (figure: string) =>
    metric === "cost" ? formatMoney(figure, currency) : formatHours(figure);
  if (layout.bars.length === 0)
    return <p className="muted">No capitalisable or expensed work in this period.</p>;
  const { rowHeight, labelWidth } = chartGeometry;
  return (
    <figure className="usage-chart finance-chart">
      <svg
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-label={`${metric === "cost" ? "Cost" : "Hours"} per epic, capitalisable and expensed`}
      >
        {layout.bars.map((bar, row) => {
          const y = row * rowHeight + 4;
          return (
            <g key={bar.key}>
              <text x={labelWidth - 8} y={y + 15} textAnchor="end" className="chart-label">
                {bar.label}
              </text>
              {bar.segments.map((segment) =>
                segment.width > 0 ? (
                  <rect
                    key={segment.series}
                    x={segment.x}
                    y={y}
                    width={segment.width}
                    height={rowHeight - 10}
                    className={seriesClass[segment.series]}
                  >
                    <title>{`${bar.label} · ${seriesNames[segment.series]}: ${format(bar.figures[segment.series])}`}</title>
                  </rect>
                ) : null,
              )}
              <text x={bar.end + 6} y={y + 15} className="chart-value">
                {`${groupDigits(bar.figures.capitalisable)} / ${groupDigits(bar.figures.expensed)}`}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        {chartSeries.map((series) => (
          <span key={series} className="legend-item">
            <span className={`legend-swatch ${seriesClass[series]}`} aria-hidden="true" />
            {seriesNames[series]}
          </span>
        ))}
        <span className="muted">
          After each bar: capitalisable / expensed{metric === "cost" ? ` (${currency})` : " (hours)"}.
        </span>
      </figcaption>
    </figure>
  );
}
