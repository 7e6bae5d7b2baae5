import { createMemo, type JSX } from 'solid-js';
import { formatAxisNumber, formatDrawdown, formatInt, formatMoney } from '../lib/format.ts';
import { ChartCanvas } from './chart-canvas.tsx';
import { chartTheme, legendOf, utcTimeAxis, type AnyChartConfig } from './core.ts';
import { clusterMarks, clusterRadius, valueAt, type MarkCluster } from './decimate.ts';

export interface EquitySample {
  readonly timeMs: number;
  readonly equity: number;
  /** Percent below the running peak (positive). */
  readonly drawdown: number;
}

export interface TradeMark {
  readonly entryMs: number;
  readonly exitMs: number;
  readonly win: boolean;
}

/** Time slices the trade markers are grouped into across the chart (a year of 5m can hold 16,000 trades). */
const MARKER_BUCKETS = 48;

/** A cluster of trade marks as a scatter point that says how many it stands for. */
const asPoints = (clusters: readonly MarkCluster[]) => clusters.map((c) => ({ x: c.x, y: c.y, count: c.count }));

/**
 * Equity over time with the drawdown shaded beneath it (its own axis, in percent) and trade
 * entries and exits marked on the curve. Draws as points arrive, so it animates a live run.
 */
export function EquityChart(props: {
  points: readonly EquitySample[];
  trades?: readonly TradeMark[];
  /** The buy-and-hold account at the curve's times, drawn beside it. */
  benchmark?: ReadonlyArray<{ x: number; y: number }>;
  /** The time axis's span when it is not the points' own (a live run draws itself across its whole range). */
  span?: { fromMs: number; toMs: number };
  quote: string;
  onRender?: () => void;
  testId?: string;
}): JSX.Element {
  const config = createMemo<AnyChartConfig>(() => {
    const theme = chartTheme();
    const xs = props.points.map((p) => p.timeMs);
    const ys = props.points.map((p) => p.equity);
    const from = xs[0] ?? 0, to = xs[xs.length - 1] ?? 0;
    const trades = props.trades ?? [];
    const cluster = (marks: ReadonlyArray<{ x: number; y: number | null }>) => asPoints(clusterMarks(marks, from, to, MARKER_BUCKETS));
    const entries = cluster(trades.map((t) => ({ x: t.entryMs, y: valueAt(xs, ys, t.entryMs) })));
    const exits = (win: boolean) => cluster(trades.filter((t) => t.win === win).map((t) => ({ x: t.exitMs, y: valueAt(xs, ys, t.exitMs) })));
    // The deepest drawdown fills its pane; a drawdown cannot pass 100 %.
    const maxDrawdown = Math.min(100, props.points.reduce((max, p) => Math.max(max, p.drawdown), 0.5));
    const radius = (ctx: { raw?: { count?: number } }) => clusterRadius(ctx.raw?.count ?? 1);
    return {
      type: 'line',
      data: {
        datasets: [
          { type: 'line', label: 'Equity', data: props.points.map((p) => ({ x: p.timeMs, y: p.equity })), borderColor: theme.accent, borderWidth: 1.5, pointRadius: 0, yAxisID: 'equity', order: 1 },
          ...(props.benchmark && props.benchmark.length > 0
            ? [{ type: 'line', label: 'Buy and hold', data: props.benchmark, borderColor: theme.muted, borderDash: [5, 4], borderWidth: 1.25, pointRadius: 0, yAxisID: 'equity', order: 1 }]
            : []),
          {
            type: 'line',
            label: 'Drawdown',
            data: props.points.map((p) => ({ x: p.timeMs, y: -p.drawdown })),
            borderColor: theme.loss,
            backgroundColor: theme.lossFill,
            borderWidth: 0.75,
            pointRadius: 0,
            fill: 'origin',
            yAxisID: 'drawdown',
            order: 2,
          },
          { type: 'scatter', label: 'Entries', data: entries, pointStyle: 'triangle', pointRadius: radius, backgroundColor: theme.accent, borderColor: theme.accent, yAxisID: 'equity', order: 0 },
          { type: 'scatter', label: 'Winning exits', data: exits(true), pointStyle: 'rectRot', pointRadius: radius, backgroundColor: theme.gain, borderColor: theme.gain, yAxisID: 'equity', order: 0 },
          { type: 'scatter', label: 'Losing exits', data: exits(false), pointStyle: 'rectRot', pointRadius: radius, backgroundColor: theme.loss, borderColor: theme.loss, yAxisID: 'equity', order: 0 },
        ],
      },
      options: {
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', intersect: false, axis: 'x' },
        scales: {
          x: utcTimeAxis(theme, props.span ? { min: props.span.fromMs, max: props.span.toMs } : {}, props.span ?? pointsWindow(props.points)),
          // Two panes on one time axis: equity above, its drawdown shaded in a shorter pane beneath.
          drawdown: { type: 'linear', position: 'left', stack: 'panes', stackWeight: 1, offset: true, min: -maxDrawdown, max: 0, ticks: { color: theme.muted, maxTicksLimit: 3, callback: (v: number) => formatDrawdown(-v) }, grid: { color: theme.grid }, title: { display: true, text: 'drawdown', color: theme.muted } },
          equity: { type: 'linear', position: 'left', stack: 'panes', stackWeight: 3, ticks: { color: theme.muted, callback: (v: number) => formatAxisNumber(v) }, grid: { color: theme.grid }, title: { display: true, text: `equity${props.quote ? ` (${props.quote})` : ''}`, color: theme.muted } },
        },
        plugins: {
          legend: legendOf(theme),
          tooltip: {
            callbacks: {
              label: (ctx: { dataset: { label?: string; yAxisID?: string; type?: string }; parsed: { y: number }; raw?: { count?: number } }) => {
                if (ctx.dataset.yAxisID === 'drawdown') return `Drawdown ${formatDrawdown(-ctx.parsed.y)}`;
                const count = ctx.raw?.count ?? 1;
                if (ctx.dataset.type === 'scatter' && count > 1) return `${formatInt(count)} ${ctx.dataset.label?.toLowerCase()} around here`;
                return `${ctx.dataset.label}: ${formatMoney(ctx.parsed.y, props.quote)}`;
              },
            },
          },
        },
      },
    };
  });
  return <ChartCanvas config={config} label="Equity curve with drawdown, buy and hold, and trade markers" height={340} testId={props.testId ?? 'equity-chart'} onRender={() => props.onRender?.()} />;
}

/** The time the points cover, as a window [first, last] (undefined without points). */
function pointsWindow(points: ReadonlyArray<{ timeMs: number }>): { fromMs: number; toMs: number } | undefined {
  return points.length === 0 ? undefined : { fromMs: points[0].timeMs, toMs: points[points.length - 1].timeMs + 1 };
}
