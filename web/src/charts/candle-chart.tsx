import { BarElement, Chart, type Plugin } from 'chart.js';
import { CandlestickController, CandlestickElement } from 'chartjs-chart-financial';
import zoomPlugin from 'chartjs-plugin-zoom';
import { createMemo, type JSX } from 'solid-js';
import { formatAxisNumber } from '../lib/format.ts';
import { ChartCanvas } from './chart-canvas.tsx';
import { chartTheme, legendOf, utcTimeAxis, type AnyChartConfig } from './core.ts';
import { clusterMarks, clusterRadius } from './decimate.ts';

// The plugin's typings describe the module, not the plugin object it exports by default.
Chart.register(CandlestickController, CandlestickElement, BarElement, zoomPlugin as unknown as Plugin);

export interface CandlePoint {
  readonly x: number;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
}

export interface PriceMark {
  readonly timeMs: number;
  readonly price: number;
  readonly kind: 'entry' | 'win' | 'loss' | 'liquidation' | 'cancelled' | 'funding' | 'shortEntry' | 'exit';
}

/** Time slices the visible trade markers are grouped into: zooming in splits the groups. */
const MARKER_BUCKETS = 60;

/** A line drawn over the candles on the price scale (a strategy's EMA, a Bollinger band). */
export interface PriceOverlay {
  readonly label: string;
  readonly points: ReadonlyArray<{ x: number; y: number }>;
}

/**
 * Candlesticks with entry and exit markers (grouped by time when they crowd) and the strategy's own
 * lines. Wheel, pinch or drag-select zoom the time axis; `onRange` receives the new window so the
 * caller can load finer candles for it.
 */
export function CandleChart(props: {
  candles: readonly CandlePoint[];
  marks: readonly PriceMark[];
  overlays?: readonly PriceOverlay[];
  range: { fromMs: number; toMs: number };
  /** The widest window zooming out can reach. */
  full: { fromMs: number; toMs: number };
  onRange: (range: { fromMs: number; toMs: number }) => void;
  label: string;
  testId?: string;
  /** Signals rather than trades (the builder's preview): only the kinds present get a legend entry. */
  signalsOnly?: boolean;
}): JSX.Element {
  const config = createMemo<AnyChartConfig>(() => {
    const theme = chartTheme();
    const { fromMs, toMs } = props.range;
    const series = (kind: PriceMark['kind']) =>
      clusterMarks(props.marks.filter((m) => m.kind === kind).map((m) => ({ x: m.timeMs, y: m.price })), fromMs, toMs, MARKER_BUCKETS);
    const radius = (ctx: { raw?: { count?: number } }) => clusterRadius(ctx.raw?.count ?? 1, 5);
    // Execution markers only when the run has them, so a plain run's legend stays as it was.
    const optional = (kind: PriceMark['kind'], style: Record<string, unknown>) =>
      props.marks.some((m) => m.kind === kind) ? [{ type: 'scatter', data: series(kind), pointRadius: radius, order: 0, ...style }] : [];
    // A run's chart always lists entries and both kinds of exits, so its legend reads the same with or without trades.
    const tradeMarks = (kind: PriceMark['kind'], style: Record<string, unknown>) =>
      props.signalsOnly ? optional(kind, style) : [{ type: 'scatter', data: series(kind), pointRadius: radius, order: 0, ...style }];
    const overlays = (props.overlays ?? []).map((o, i) => ({
      type: 'line',
      label: o.label,
      data: o.points,
      borderColor: theme.series[(i + 1) % theme.series.length],
      borderWidth: 1.25,
      pointRadius: 0,
      order: 1,
    }));
    const report = ({ chart }: { chart: Chart }) => {
      const x = chart.scales['x'];
      props.onRange({ fromMs: Math.round(x.min), toMs: Math.round(x.max) });
    };
    return {
      type: 'candlestick',
      data: {
        datasets: [
          {
            type: 'candlestick',
            label: props.label,
            data: props.candles,
            borderColors: { up: theme.gain, down: theme.loss, unchanged: theme.muted },
            backgroundColors: { up: theme.gain, down: theme.loss, unchanged: theme.muted },
          },
          ...overlays,
          ...tradeMarks('entry', { label: props.signalsOnly ? 'Long entries' : 'Entries', pointStyle: 'triangle', backgroundColor: theme.accent, borderColor: theme.text, borderWidth: 0.5 }),
          ...tradeMarks('win', { label: 'Winning exits', pointStyle: 'rectRot', backgroundColor: theme.gain, borderColor: theme.text, borderWidth: 0.5 }),
          ...tradeMarks('loss', { label: 'Losing exits', pointStyle: 'rectRot', backgroundColor: theme.loss, borderColor: theme.text, borderWidth: 0.5 }),
          ...optional('shortEntry', { label: 'Short entries', pointStyle: 'triangle', rotation: 180, backgroundColor: theme.loss, borderColor: theme.text, borderWidth: 0.5 }),
          ...optional('exit', { label: 'Exits', pointStyle: 'rectRot', backgroundColor: theme.muted, borderColor: theme.text, borderWidth: 0.5 }),
          ...optional('liquidation', { label: 'Liquidations', pointStyle: 'crossRot', borderColor: theme.loss, borderWidth: 2.5, backgroundColor: theme.loss }),
          ...optional('cancelled', { label: 'Cancelled orders', pointStyle: 'line', borderColor: theme.muted, borderWidth: 2, backgroundColor: theme.muted }),
          ...optional('funding', { label: 'Funding', pointStyle: 'circle', borderColor: theme.text, borderWidth: 0.5, backgroundColor: theme.accent }),
        ],
      },
      options: {
        parsing: false,
        scales: {
          x: utcTimeAxis(theme, { min: fromMs, max: toMs, offset: false }),
          y: { type: 'linear', position: 'right', ticks: { color: theme.muted, callback: (v: number) => formatAxisNumber(v) }, grid: { color: theme.grid } },
        },
        plugins: {
          legend: legendOf(theme),
          tooltip: {
            callbacks: {
              label: (ctx: { dataset: { label?: string; type?: string }; parsed: { y: number }; raw?: { count?: number } }) =>
                ctx.dataset.type === 'scatter' && (ctx.raw?.count ?? 1) > 1 ? `${ctx.raw!.count} ${ctx.dataset.label?.toLowerCase()} around here (zoom in to see each)` : undefined,
            },
          },
          zoom: {
            limits: { x: { min: props.full.fromMs, max: props.full.toMs, minRange: 60_000 * 30 } },
            pan: { enabled: true, mode: 'x', modifierKey: 'shift', onPanComplete: report },
            zoom: { wheel: { enabled: true }, pinch: { enabled: true }, drag: { enabled: true }, mode: 'x', onZoomComplete: report },
          },
        },
      },
    };
  });
  return <ChartCanvas config={config} label={`${props.label} candlesticks with the strategy's lines and trade entries and exits`} height={360} testId={props.testId ?? 'candle-chart'} />;
}
