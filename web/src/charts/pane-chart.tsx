import { createMemo, type JSX } from 'solid-js';
import { formatAxisNumber, formatNumber } from '../lib/format.ts';
import { ChartCanvas } from './chart-canvas.tsx';
import { chartTheme, legendOf, utcTimeAxis, type AnyChartConfig } from './core.ts';

/**
 * An indicator pane beneath a price chart (RSI, MACD): the strategy's lines of one scale, on the
 * price chart's time window so they line up with its candles.
 */
export function PaneChart(props: {
  title: string;
  lines: ReadonlyArray<{ label: string; points: ReadonlyArray<{ x: number; y: number }> }>;
  range: { fromMs: number; toMs: number };
  testId?: string;
}): JSX.Element {
  const config = createMemo<AnyChartConfig>(() => {
    const theme = chartTheme();
    return {
      type: 'line',
      data: {
        datasets: props.lines.map((line, i) => ({ type: 'line', label: line.label, data: line.points, borderColor: theme.series[(i + 1) % theme.series.length], borderWidth: 1.25, pointRadius: 0 })),
      },
      options: {
        parsing: false,
        interaction: { mode: 'nearest', intersect: false, axis: 'x' },
        scales: {
          x: utcTimeAxis(theme, { min: props.range.fromMs, max: props.range.toMs, offset: false, title: { display: false } }),
          y: { type: 'linear', position: 'right', ticks: { color: theme.muted, maxTicksLimit: 4, callback: (v: number) => formatAxisNumber(v) }, grid: { color: theme.grid }, title: { display: true, text: props.title, color: theme.muted } },
        },
        plugins: {
          legend: legendOf(theme),
          tooltip: { callbacks: { label: (ctx: { dataset: { label?: string }; parsed: { y: number } }) => `${ctx.dataset.label}: ${formatNumber(ctx.parsed.y)}` } },
        },
      },
    };
  });
  return <ChartCanvas config={config} label={`${props.title} of the strategy`} height={150} testId={props.testId ?? 'pane-chart'} />;
}
