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
  /** null: no tested combination with a value (skipped by a constraint, or not sampled). */
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

/** Cells narrower or lower than this get no printed value (it would not fit); their tooltip still has it. */
const MIN_LABELLED_CELL = { width: 34, height: 15 };

/**
 * One cell per (x, y) value pair: the colour is the metric and its value is printed in the cell (the
 * tooltip adds how many rows it aggregates); the current parameters' cell is outlined.
 */
export function HeatmapChart(props: {
  cells: readonly HeatCell[];
  xValues: readonly string[];
  yValues: readonly string[];
  xLabel: string;
  yLabel: string;
  metricLabel: string;
  better: 'higher' | 'lower';
  format: (value: number | null) => string;
  /** How a cell combines its rows (`best`, `mean`…), for the tooltip. */
  aggregateLabel?: string;
  /** The current parameters' cell, outlined (absent when they are not on this map). */
  current?: { readonly x: string; readonly y: string } | null;
  testId?: string;
}): JSX.Element {
  const config = createMemo<AnyChartConfig>(() => {
    const theme = chartTheme();
    const values = props.cells.map((c) => c.v).filter((v): v is number => v !== null);
    const min = Math.min(...values);
    const max = Math.max(...values);
    const nx = Math.max(1, props.xValues.length);
    const ny = Math.max(1, props.yValues.length);
    // The chart keeps its first config's plugins (chart-canvas.tsx updates data and options only): they read props when they draw.
    const isCurrent = (cell: HeatCell | undefined) => props.current != null && cell !== undefined && cell.x === props.current.x && cell.y === props.current.y;
    const cellText = {
      id: 'heatmapCellText',
      afterDatasetsDraw(chart: Chart) {
        const ctx = chart.ctx;
        const elements = chart.getDatasetMeta(0).data as unknown as Array<{ getProps: (names: string[], final?: boolean) => { x: number; y: number; width: number; height: number } }>;
        ctx.save();
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.font = '11px system-ui, sans-serif';
        elements.forEach((element, i) => {
          const cell = props.cells[i];
          const { x, y, width, height } = element.getProps(['x', 'y', 'width', 'height'], true);
          if (isCurrent(cell)) {
            ctx.strokeStyle = chartTheme().text;
            ctx.lineWidth = 2.5;
            ctx.strokeRect(x + 1, y + 1, width - 2, height - 2);
          }
          if (!cell || cell.v === null || width < MIN_LABELLED_CELL.width || height < MIN_LABELLED_CELL.height) return;
          ctx.fillStyle = '#ffffff';
          ctx.fillText(props.format(cell.v), x + width / 2, y + height / 2, width - 4);
        });
        ctx.restore();
      },
    };
    return {
      type: 'matrix',
      plugins: [cellText],
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
                `${props.xLabel} ${ctx.raw.x}, ${props.yLabel} ${ctx.raw.y}: ${props.metricLabel} ${props.format(ctx.raw.v)}${ctx.raw.count > 1 ? ` (${props.aggregateLabel ?? 'best'} of ${ctx.raw.count})` : ctx.raw.count === 0 ? ' (no row)' : ''}${isCurrent(ctx.raw) ? ' — the current parameters' : ''}`,
            },
          },
        },
      },
    };
  });
  return <ChartCanvas config={config} label={`Heatmap of ${props.metricLabel} by ${props.xLabel} and ${props.yLabel}`} height={Math.min(520, 90 + props.yValues.length * 36)} testId={props.testId ?? 'heatmap'} />;
}
