import { createMemo, type JSX } from 'solid-js';
import { formatPercent } from '../lib/format.ts';
import { ChartCanvas } from './chart-canvas.tsx';
import { chartTheme, type AnyChartConfig } from './core.ts';

export interface ReliabilityPoint {
  readonly meanPredicted: number;
  readonly hitRate: number;
  readonly count: number;
  readonly intervalLower: number | null;
  readonly intervalUpper: number | null;
}

/** Predicted probability against realised hit rate per bin, with the diagonal a calibrated record follows. */
export function ReliabilityChart(props: { points: readonly ReliabilityPoint[]; testId?: string }): JSX.Element {
  const config = createMemo<AnyChartConfig>(() => {
    const theme = chartTheme();
    const percentAxis = (title: string) => ({ type: 'linear', min: 0, max: 1, ticks: { color: theme.muted, callback: (v: number) => formatPercent(v * 100) }, grid: { color: theme.grid }, title: { display: true, text: title, color: theme.muted } });
    return {
      type: 'scatter',
      data: {
        datasets: [
          { type: 'line', label: 'calibrated', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], borderColor: theme.muted, borderDash: [4, 4], borderWidth: 1, pointRadius: 0 },
          {
            label: 'measured',
            data: props.points.map((p) => ({ x: p.meanPredicted, y: p.hitRate, count: p.count, lower: p.intervalLower, upper: p.intervalUpper })),
            borderColor: theme.accent,
            backgroundColor: theme.accent,
            pointRadius: props.points.map((p) => 3 + Math.min(8, Math.sqrt(p.count) * 2)),
          },
        ],
      },
      options: {
        parsing: false,
        scales: { x: percentAxis('predicted (confidence)'), y: percentAxis('realised hit rate') },
        plugins: {
          legend: { labels: { color: theme.text, boxWidth: 12 } },
          tooltip: {
            callbacks: {
              label: (ctx: { raw: { x: number; y: number; count?: number; lower?: number | null; upper?: number | null } }) =>
                ctx.raw.count === undefined
                  ? 'calibrated'
                  : `${ctx.raw.count} measured: predicted ${formatPercent(ctx.raw.x * 100)}, came true ${formatPercent(ctx.raw.y * 100)} (95 % ${formatPercent((ctx.raw.lower ?? 0) * 100)}–${formatPercent((ctx.raw.upper ?? 1) * 100)})`,
            },
          },
        },
      },
    };
  });
  return <ChartCanvas config={config} label="Reliability curve: predicted confidence against realised hit rate" height={260} testId={props.testId ?? 'reliability-chart'} />;
}
