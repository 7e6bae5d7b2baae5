import { createMemo, type JSX } from 'solid-js';
import { formatDrawdown, formatMoney } from '../lib/format.ts';
import { ChartCanvas } from './chart-canvas.tsx';
import { chartTheme, legendOf, utcTimeAxis, type AnyChartConfig } from './core.ts';
import { pickEvenly, valueAt } from './decimate.ts';

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

/** Markers per kind beyond which they are thinned (a year of 5m can hold thousands of trades). */
const MAX_MARKERS = 300;

/**
 * Equity over time with the drawdown shaded beneath it (its own axis, in percent) and trade
 * entries and exits marked on the curve. Draws as points arrive, so it animates a live run.
 */
export function EquityChart(props: {
  points: readonly EquitySample[];
  trades?: readonly TradeMark[];
  quote: string;
  onRender?: () => void;
  testId?: string;
}): JSX.Element {
  const config = createMemo<AnyChartConfig>(() => {
    const theme = chartTheme();
    const xs = props.points.map((p) => p.timeMs);
    const ys = props.points.map((p) => p.equity);
    const trades = props.trades ?? [];
    const entries = pickEvenly(trades, MAX_MARKERS).map((t) => ({ x: t.entryMs, y: valueAt(xs, ys, t.entryMs) }));
    const exits = pickEvenly(trades, MAX_MARKERS);
    const marker = (win: boolean) => exits.filter((t) => t.win === win).map((t) => ({ x: t.exitMs, y: valueAt(xs, ys, t.exitMs) }));
    const maxDrawdown = props.points.reduce((max, p) => Math.max(max, p.drawdown), 0.5);
    return {
      type: 'line',
      data: {
        datasets: [
          { type: 'line', label: 'Equity', data: props.points.map((p) => ({ x: p.timeMs, y: p.equity })), borderColor: theme.accent, borderWidth: 1.5, pointRadius: 0, yAxisID: 'equity', order: 1 },
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
          { type: 'scatter', label: 'Entries', data: entries, pointStyle: 'triangle', pointRadius: 4, backgroundColor: theme.accent, borderColor: theme.accent, yAxisID: 'equity', order: 0 },
          { type: 'scatter', label: 'Winning exits', data: marker(true), pointStyle: 'rectRot', pointRadius: 4, backgroundColor: theme.gain, borderColor: theme.gain, yAxisID: 'equity', order: 0 },
          { type: 'scatter', label: 'Losing exits', data: marker(false), pointStyle: 'rectRot', pointRadius: 4, backgroundColor: theme.loss, borderColor: theme.loss, yAxisID: 'equity', order: 0 },
        ],
      },
      options: {
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', intersect: false, axis: 'x' },
        scales: {
          x: utcTimeAxis(theme),
          // Two panes on one time axis: equity above, its drawdown shaded in a shorter pane beneath.
          drawdown: { type: 'linear', position: 'left', stack: 'panes', stackWeight: 1, offset: true, min: -maxDrawdown * 1.1, max: 0, ticks: { color: theme.muted, maxTicksLimit: 3, callback: (v: number) => formatDrawdown(-v) }, grid: { color: theme.grid }, title: { display: true, text: 'drawdown', color: theme.muted } },
          equity: { type: 'linear', position: 'left', stack: 'panes', stackWeight: 3, ticks: { color: theme.muted, callback: (v: number) => formatMoney(v) }, grid: { color: theme.grid }, title: { display: true, text: `equity${props.quote ? ` (${props.quote})` : ''}`, color: theme.muted } },
        },
        plugins: {
          legend: legendOf(theme),
          tooltip: {
            callbacks: {
              label: (ctx: { dataset: { label?: string; yAxisID?: string }; parsed: { y: number } }) =>
                ctx.dataset.yAxisID === 'drawdown' ? `Drawdown ${formatDrawdown(-ctx.parsed.y)}` : `${ctx.dataset.label}: ${formatMoney(ctx.parsed.y, props.quote)}`,
            },
          },
        },
      },
    };
  });
  return <ChartCanvas config={config} label="Equity curve with drawdown and trade markers" height={340} testId={props.testId ?? 'equity-chart'} onRender={() => props.onRender?.()} />;
}
