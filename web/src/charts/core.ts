import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  TimeScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import './utc.ts';

/** The chart.js parts every chart here uses; heavier ones are registered by the chart that needs them. */
Chart.register(LineController, LineElement, PointElement, ScatterController, LinearScale, TimeScale, Filler, Tooltip, Legend);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyChartConfig = ChartConfiguration<any, any, any>;
export { Chart };

export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  accent: string;
  gain: string;
  loss: string;
  lossFill: string;
  series: string[];
}

/** Colours from the page's CSS variables, so charts follow the system's light or dark scheme. */
export function chartTheme(): ChartTheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', '#1d232b'),
    muted: v('--muted', '#5d6773'),
    grid: v('--grid', 'rgba(128,128,128,0.18)'),
    accent: v('--accent', '#1f6feb'),
    gain: v('--ok', '#1a7f37'),
    loss: v('--bad', '#c62828'),
    lossFill: v('--loss-fill', 'rgba(198,40,40,0.18)'),
    series: ['--accent', '--series-2', '--series-3', '--series-4', '--series-5', '--series-6'].map((name, i) => v(name, ['#1f6feb', '#e36209', '#8250df', '#1a7f37', '#bf3989', '#0a7ea4'][i])),
  };
}

/** Legend options that leave out empty series (no markers before trades are known). */
export function legendOf(theme: ChartTheme) {
  return {
    labels: {
      color: theme.text,
      boxWidth: 12,
      filter: (item: { datasetIndex?: number }, data: { datasets: Array<{ data: unknown[] }> }) => (data.datasets[item.datasetIndex ?? 0]?.data.length ?? 0) > 0,
    },
  };
}

/**
 * A time x axis labelled in UTC. Its title names the year(s) of `window` (by default the axis' own `min` and
 * `max`): labels of days and hours ("Jan 13") carry no year, and a year on every label would halve how many fit.
 */
export function utcTimeAxis(theme: ChartTheme, extra: Record<string, unknown> = {}, window?: { fromMs: number; toMs: number }) {
  const { min, max } = extra;
  const span = window ?? (typeof min === 'number' && typeof max === 'number' ? { fromMs: min, toMs: max } : null);
  const years = span !== null && span.toMs > span.fromMs ? yearsOf(span.fromMs, span.toMs) : null;
  return {
    type: 'time' as const,
    time: { tooltipFormat: "yyyy-MM-dd HH:mm 'UTC'", displayFormats: { minute: 'HH:mm', hour: 'MMM d HH:mm', day: 'MMM d', month: 'MMM yyyy' } },
    // Ticks at calendar steps with no major ones, whatever a chart type's defaults say: the candlestick
    // type's (ticks from the data, month starts as majors) left Chart.js's label skipping with no labels
    // after the last major it kept, so a 1h chart of eight months was labelled up to June only.
    ticks: { color: theme.muted, maxRotation: 0, autoSkipPadding: 12, source: 'auto', major: { enabled: false } },
    grid: { color: theme.grid },
    title: { display: true, text: years === null ? 'time (UTC)' : `time (UTC), ${years}`, color: theme.muted },
    ...extra,
  };
}

/** "2025", or "2024–2025" for a window [fromMs, toMs) across years. */
export function yearsOf(fromMs: number, toMs: number): string {
  const first = new Date(fromMs).getUTCFullYear(), last = new Date(toMs - 1).getUTCFullYear();
  return first === last ? String(first) : `${first}–${last}`;
}
