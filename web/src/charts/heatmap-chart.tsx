import { Chart } from 'chart.js';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import { CategoryScale } from 'chart.js';
import { createMemo, type JSX } from 'solid-js';
import { ChartCanvas } from './chart-canvas.tsx';
import { chartTheme, type AnyChartConfig } from './core.ts';

Chart.register(MatrixController, MatrixElement, CategoryScale);

export interface HeatCell {
  readonly x: string;
  readonly y: string;
  /** null: no tested combination (skipped by a constraint). */
  readonly v: number | null;
  readonly count: number;
}

/** Red (worst) through yellow to green (best), by the value's position in [min, max]. */
export function heatColour(value: number | null, min: number, max: number, better: 'higher' | 'lower' = 'higher', alpha = 0.85): string {
  if (value === null) return 'rgba(128,128,128,0.12)';
  const position = max === min ? 0.5 : (value - min) / (max - min);
  const t = better === 'higher' ? position : 1 - position;
  const hue = 0 + t * 130;
  return `hsla(${hue.toFixed(0)}, 65%, 45%, ${alpha})`;
}

/** One cell per (x, y) value pair; the colour is the metric, the tooltip its value and how many rows it aggregates. */
export function HeatmapChart(props: {
  cells: readonly HeatCell[];
  xValues: readonly string[];
  yValues: readonly string[];
  xLabel: string;
  yLabel: string;
  metricLabel: string;
  better: 'higher' | 'lower';
  format: (value: number | null) => string;
  testId?: string;
}): JSX.Element {
  const config = createMemo<AnyChartConfig>(() => {
    const theme = chartTheme();
    const values = props.cells.map((c) => c.v).filter((v): v is number => v !== null);
    const min = Math.min(...values);
    const max = Math.max(...values);
    const nx = Math.max(1, props.xValues.length);
    const ny = Math.max(1, props.yValues.length);
    return {
      type: 'matrix',
      data: {
        datasets: [
          {
            label: props.metricLabel,
            data: props.cells,
            backgroundColor: (ctx: { raw?: HeatCell }) => heatColour(ctx.raw?.v ?? null, min, max, props.better),
            borderColor: theme.grid,
            borderWidth: 1,
            width: ({ chart }: { chart: Chart }) => (chart.chartArea?.width ?? 0) / nx - 2,
            height: ({ chart }: { chart: Chart }) => (chart.chartArea?.height ?? 0) / ny - 2,
          },
        ],
      },
      options: {
        scales: {
          x: { type: 'category', labels: [...props.xValues], offset: true, grid: { display: false }, ticks: { color: theme.muted }, title: { display: true, text: props.xLabel, color: theme.muted } },
          y: { type: 'category', labels: [...props.yValues].reverse(), offset: true, grid: { display: false }, ticks: { color: theme.muted }, title: { display: true, text: props.yLabel, color: theme.muted } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: () => '',
              label: (ctx: { raw: HeatCell }) =>
                `${props.xLabel} ${ctx.raw.x}, ${props.yLabel} ${ctx.raw.y}: ${props.metricLabel} ${props.format(ctx.raw.v)}${ctx.raw.count > 1 ? ` (best of ${ctx.raw.count})` : ''}`,
            },
          },
        },
      },
    };
  });
  return <ChartCanvas config={config} label={`Heatmap of ${props.metricLabel} by ${props.xLabel} and ${props.yLabel}`} height={Math.min(520, 90 + props.yValues.length * 36)} testId={props.testId ?? 'heatmap'} />;
}
