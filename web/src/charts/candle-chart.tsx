import { BarElement, Chart, type Plugin } from 'chart.js';
import { CandlestickController, CandlestickElement } from 'chartjs-chart-financial';
import zoomPlugin from 'chartjs-plugin-zoom';
import { createMemo, Show, type JSX } from 'solid-js';
import { formatPrice } from '../lib/format.ts';
import { ChartCanvas } from './chart-canvas.tsx';
import { chartTheme, legendOf, utcTimeAxis, type AnyChartConfig } from './core.ts';
import { pickEvenly } from './decimate.ts';

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
  readonly kind: 'entry' | 'win' | 'loss';
}

const MAX_MARKERS = 400;

/**
 * Candlesticks with entry and exit markers. Wheel, pinch or drag-select zoom the time axis;
 * `onRange` receives the new window so the caller can load finer candles for it.
 */
export function CandleChart(props: {
  candles: readonly CandlePoint[];
  marks: readonly PriceMark[];
  range: { fromMs: number; toMs: number };
  /** The widest window zooming out can reach. */
  full: { fromMs: number; toMs: number };
  onRange: (range: { fromMs: number; toMs: number }) => void;
  label: string;
  testId?: string;
}): JSX.Element {
  const config = createMemo<AnyChartConfig>(() => {
    const theme = chartTheme();
    const { fromMs, toMs } = props.range;
    const visible = props.marks.filter((m) => m.timeMs >= fromMs && m.timeMs <= toMs);
    const series = (kind: PriceMark['kind']) => pickEvenly(visible.filter((m) => m.kind === kind), MAX_MARKERS).map((m) => ({ x: m.timeMs, y: m.price }));
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
          { type: 'scatter', label: 'Entries', data: series('entry'), pointStyle: 'triangle', pointRadius: 5, backgroundColor: theme.accent, borderColor: theme.text, borderWidth: 0.5 },
          { type: 'scatter', label: 'Winning exits', data: series('win'), pointStyle: 'rectRot', pointRadius: 5, backgroundColor: theme.gain, borderColor: theme.text, borderWidth: 0.5 },
          { type: 'scatter', label: 'Losing exits', data: series('loss'), pointStyle: 'rectRot', pointRadius: 5, backgroundColor: theme.loss, borderColor: theme.text, borderWidth: 0.5 },
        ],
      },
      options: {
        parsing: false,
        scales: {
          x: utcTimeAxis(theme, { min: fromMs, max: toMs, offset: false }),
          y: { type: 'linear', position: 'right', ticks: { color: theme.muted, callback: (v: number) => formatPrice(v) }, grid: { color: theme.grid } },
        },
        plugins: {
          legend: legendOf(theme),
          zoom: {
            limits: { x: { min: props.full.fromMs, max: props.full.toMs, minRange: 60_000 * 30 } },
            pan: { enabled: true, mode: 'x', modifierKey: 'shift', onPanComplete: report },
            zoom: { wheel: { enabled: true }, pinch: { enabled: true }, drag: { enabled: true }, mode: 'x', onZoomComplete: report },
          },
        },
      },
    };
  });
  return (
    <>
      <ChartCanvas config={config} label={`${props.label} candlesticks with trade entries and exits`} height={360} testId={props.testId ?? 'candle-chart'} />
      <Show when={props.candles.length === 0}>
        <p class="muted">No candles in this range.</p>
      </Show>
    </>
  );
}
