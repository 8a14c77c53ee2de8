import type { CapEpicSummary } from "@finchat/core/capitalisation/types";

export type ChartMetric = "cost" | "hours";
export type ChartSeries = "capitalisable" | "expensed";
export const chartSeries: readonly ChartSeries[] = ["capitalisable", "expensed"];

export type EpicBar = {
  key: string;
  label: string;
  /** The figures as the report states them (decimal strings), for labels. */
  figures: Record<ChartSeries, string>;
  segments: { series: ChartSeries; x: number; width: number }[];
  /** Where the bar ends, for its total's label. */
  end: number;
};

export type ChartLayout = {
  bars: EpicBar[];
  width: number;
  height: number;
  track: { x: number; width: number };
};

export const chartGeometry = { width: 640, labelWidth: 110, valueWidth: 170, rowHeight: 30 } as const;

/** The epic's name in the chart: its key, or "No epic" for work on issues outside any epic. */
export function epicLabel(epic: Pick<CapEpicSummary, "epicKey">): string {
  return epic.epicKey ?? "No epic";
}

/**
 * One stacked bar per epic (capitalisable, then expensed), biggest first, scaled so the biggest
 * fills the track. Epics with neither are left out; their rows stay in the table. Bars are drawn
 * from the decimal strings, but only for lengths: every label shows the report's own figure.
 */
export function layoutEpicBars(epics: readonly CapEpicSummary[], metric: ChartMetric): ChartLayout {
  const { width, labelWidth, valueWidth, rowHeight } = chartGeometry;
  const track = { x: labelWidth, width: width - labelWidth - valueWidth };
  const rows = epics
    .map((epic) => {
      const figures = {
        capitalisable: epic.capitalisable[metric],
        expensed: epic.expensed[metric],
      };
      const values = chartSeries.map((series) => Math.max(0, Number(figures[series]) || 0));
      return { epic, figures, values, total: values.reduce((a, b) => a + b, 0) };
    })
    .filter((row) => row.total > 0)
    .sort((a, b) => b.total - a.total || epicLabel(a.epic).localeCompare(epicLabel(b.epic)));
  const max = Math.max(0, ...rows.map((row) => row.total));
  const bars = rows.map(({ epic, figures, values }) => {
    let x = track.x;
    const segments = chartSeries.map((series, i) => {
      const value = values[i] ?? 0;
      // A non-zero figure stays visible however small it is next to the biggest bar.
      const w = value > 0 ? Math.max(1, (value / max) * track.width) : 0;
      const segment = { series, x, width: w };
      x += w;
      return segment;
    });
    return { key: epic.epicKey ?? "none", label: epicLabel(epic), figures, segments, end: x };
  });
  return { bars, width, height: bars.length * rowHeight + 8, track };
}
