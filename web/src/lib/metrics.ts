import { METRIC_DESCRIPTIONS, type MetricFormat } from '../../../domain/metrics.ts';
import type { ResultOf } from '../graphql.ts';
import {
  formatDrawdown,
  formatDuration,
  formatInt,
  formatMoney,
  formatPercent,
  formatPnl,
  formatRatio,
  formatSignedPercent,
} from './format.ts';
import type { MetricsFields, OrderField } from './operations.ts';

export type Metrics = ResultOf<typeof MetricsFields>;
export type MetricKey = Exclude<keyof Metrics, 'nullReasons' | 'skippedEntries'>;

export interface MetricSpec {
  readonly key: MetricKey;
  readonly label: string;
  readonly format: (value: number | null | undefined, quote: string) => string;
  /** Which way is better, for highlighting the best of a comparison. */
  readonly better: 'higher' | 'lower' | null;
  /** False for the counters the API cannot sort runs by. */
  readonly sortable?: false;
}

/** The BacktestOrderField of a metric: its field name in CONSTANT_CASE (maxDrawdownPercentage → MAX_DRAWDOWN_PERCENTAGE). */
export const orderFieldOf = (key: MetricKey): OrderField => key.replace(/([A-Z])/g, '_$1').toUpperCase() as OrderField;

const FORMATTERS: Record<MetricFormat, MetricSpec['format']> = {
  signedPercent: formatSignedPercent,
  percent: formatPercent,
  drawdownPercent: formatDrawdown,
  drawdownQuote: (value, quote) => (value == null ? '—' : formatPnl(-Math.abs(value), quote)),
  pnl: (value, quote) => formatPnl(value, quote),
  money: (value, quote) => formatMoney(value, quote),
  ratio: formatRatio,
  count: formatInt,
  duration: formatDuration,
};

/**
 * Every metric the API reports, in reading order: the one list cards, tables, comparisons and sorting
 * use. Labels, formats and better directions are the shared definitions' (domain/metrics.ts); the
 * run's own counters (warm-up, shrunk entries) follow, which are facts rather than statistics.
 */
export const METRICS: readonly MetricSpec[] = [
  ...METRIC_DESCRIPTIONS.map((metric) => ({ key: metric.key, label: metric.label, format: FORMATTERS[metric.format], better: metric.better })),
  { key: 'warmupBars', label: 'Warm-up', format: (v) => (v == null ? '—' : `${formatInt(v)} bars`), better: null, sortable: false },
  { key: 'entriesShrunkToCash', label: 'Entries shrunk to cash', format: formatInt, better: null, sortable: false },
];

/** Every metric the runs list can sort by. */
export const SORTABLE_METRICS = METRICS.filter((metric) => metric.sortable !== false);

/** The metric columns of the runs list (any sortable metric can still be chosen as the order). */
export const LIST_METRICS = (['roi', 'totalProfitLoss', 'winRate', 'maxDrawdownPercentage', 'sharpeRatio', 'profitFactor', 'totalTrades'] as const).map(
  (key) => ({ ...METRICS.find((metric) => metric.key === key)!, key }),
);

export function nullReason(metrics: Metrics, key: string): string | null {
  return metrics.nullReasons.find((reason) => reason.metric === key)?.reason ?? null;
}

/** Index of the best value among runs (null when no direction or fewer than two values). */
export function bestIndex(values: ReadonlyArray<number | null | undefined>, better: MetricSpec['better']): number | null {
  if (!better) return null;
  let best: number | null = null;
  values.forEach((value, index) => {
    if (value == null) return;
    if (best === null || (better === 'higher' ? value > values[best]! : value < values[best]!)) best = index;
  });
  return values.filter((value) => value != null).length >= 2 ? best : null;
}

/** Green for gains, red for losses, on the metrics that are signed. */
export function tone(value: number | null | undefined, key: string): string {
  if (value == null || !['roi', 'totalProfitLoss', 'cagr', 'expectancy'].includes(key)) return '';
  return value > 0 ? 'gain' : value < 0 ? 'loss' : '';
}
