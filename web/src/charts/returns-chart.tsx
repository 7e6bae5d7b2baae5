import { createMemo, type JSX } from 'solid-js';
import { formatSignedPercent } from '../lib/format.ts';
import { ChartCanvas } from './chart-canvas.tsx';
import { chartTheme, utcTimeAxis, type AnyChartConfig } from './core.ts';

export interface ReturnSeries {
  readonly label: string;
  readonly points: ReadonlyArray<{ x: number; y: number }>;
}

/** Legend labels longer than this are cut (the tooltip keeps the whole name): a phone's legend has room for about this much. */
const LEGEND_CHARACTERS = 36;
const shortened = (label: string) => (label.length > LEGEND_CHARACTERS ? `${label.slice(0, LEGEND_CHARACTERS - 1)}…` : label);

/** Several equity curves overlaid as % return from each run's initial capital. */
export function ReturnsChart(props: { series: readonly ReturnSeries[]; testId?: string }): JSX.Element {
  const config = createMemo<AnyChartConfig>(() => {
    const theme = chartTheme();
    return {
      type: 'line',
      data: {
        datasets: props.series.map((s, i) => ({
          label: s.label,
          data: s.points,
          borderColor: theme.series[i % theme.series.length],
          backgroundColor: theme.series[i % theme.series.length],
          borderWidth: 1.5,
          pointRadius: 0,
        })),
      },
      options: {
        parsing: false,
        interaction: { mode: 'nearest', intersect: false, axis: 'x' },
        scales: {
          x: utcTimeAxis(theme, {}, seriesWindow(props.series)),
          y: { type: 'linear', ticks: { color: theme.muted, callback: (v: number) => formatSignedPercent(v) }, grid: { color: theme.grid }, title: { display: true, text: 'return', color: theme.muted } },
        },
        plugins: {
          legend: {
            labels: {
              color: theme.text,
              boxWidth: 12,
              generateLabels: (chart: { data: { datasets: Array<{ label?: string; borderColor?: unknown }> }; isDatasetVisible: (i: number) => boolean }) =>
                chart.data.datasets.map((d, i) => ({ text: shortened(d.label ?? ''), fillStyle: d.borderColor, strokeStyle: d.borderColor, fontColor: theme.text, hidden: !chart.isDatasetVisible(i), datasetIndex: i, lineWidth: 0 })),
            },
          },
          tooltip: { callbacks: { label: (ctx: { dataset: { label?: string }; parsed: { y: number } }) => `${ctx.dataset.label}: ${formatSignedPercent(ctx.parsed.y)}` } },
        },
      },
    };
  });
  return <ChartCanvas config={config} label="Equity curves as percent return" height={340} testId={props.testId ?? 'returns-chart'} />;
}

/** The time every series covers together (undefined without points): the axis title names its years. */
function seriesWindow(series: readonly ReturnSeries[]): { fromMs: number; toMs: number } | undefined {
  const ends = series.flatMap((s) => (s.points.length === 0 ? [] : [s.points[0].x, s.points[s.points.length - 1].x]));
  return ends.length === 0 ? undefined : { fromMs: Math.min(...ends), toMs: Math.max(...ends) + 1 };
}
