import type { ResultOf, VariablesOf } from '../../graphql.ts';
import {
  formatDrawdown,
  formatDuration,
  formatInt,
  formatMoney,
  formatPercent,
  formatPnl,
  formatRatio,
  formatSignedPercent,
} from '../../lib/format.ts';
import type { BACKTESTS, MetricsFields } from './operations.ts';

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

export type OrderField = NonNullable<VariablesOf<typeof BACKTESTS>['orderBy']>['field'];

/** The BacktestOrderField of a metric: its field name in CONSTANT_CASE (maxDrawdownPercentage → MAX_DRAWDOWN_PERCENTAGE). */
export const orderFieldOf = (key: MetricKey): OrderField => key.replace(/([A-Z])/g, '_$1').toUpperCase() as OrderField;

const money = (value: number | null | undefined, quote: string) => formatMoney(value, quote);
const pnl = (value: number | null | undefined, quote: string) => formatPnl(value, quote);

/** Every metric the API reports, in reading order: the one list cards, tables, comparisons and sorting use. */
export const METRICS: readonly MetricSpec[] = [
  { key: 'roi', label: 'ROI', format: formatSignedPercent, better: 'higher' },
  { key: 'totalProfitLoss', label: 'Net P/L', format: pnl, better: 'higher' },
  { key: 'finalEquity', label: 'Final equity', format: money, better: 'higher' },
  { key: 'cagr', label: 'CAGR', format: formatSignedPercent, better: 'higher' },
  { key: 'buyAndHoldReturn', label: 'Buy & hold', format: formatSignedPercent, better: null },
  { key: 'maxDrawdownPercentage', label: 'Max drawdown', format: formatDrawdown, better: 'lower' },
  { key: 'maxDrawdown', label: 'Max drawdown (quote)', format: (v, q) => (v == null ? '—' : formatPnl(-Math.abs(v), q)), better: 'lower' },
  { key: 'maxDrawdownDurationMs', label: 'Longest drawdown', format: formatDuration, better: 'lower' },
  { key: 'sharpeRatio', label: 'Sharpe', format: formatRatio, better: 'higher' },
  { key: 'sortinoRatio', label: 'Sortino', format: formatRatio, better: 'higher' },
  { key: 'calmarRatio', label: 'Calmar', format: formatRatio, better: 'higher' },
  { key: 'sqn', label: 'SQN', format: formatRatio, better: 'higher' },
  { key: 'profitFactor', label: 'Profit factor', format: formatRatio, better: 'higher' },
  { key: 'totalTrades', label: 'Trades', format: formatInt, better: null },
  { key: 'winRate', label: 'Win rate', format: formatPercent, better: 'higher' },
  { key: 'winningTrades', label: 'Winners', format: formatInt, better: null },
  { key: 'losingTrades', label: 'Losers', format: formatInt, better: null },
  { key: 'expectancy', label: 'Expectancy / trade', format: pnl, better: 'higher' },
  { key: 'avgWin', label: 'Average win', format: pnl, better: 'higher' },
  { key: 'avgLoss', label: 'Average loss', format: pnl, better: 'higher' },
  { key: 'bestTrade', label: 'Best trade', format: pnl, better: 'higher' },
  { key: 'worstTrade', label: 'Worst trade', format: pnl, better: 'higher' },
  { key: 'avgTradeDurationMs', label: 'Average hold', format: formatDuration, better: null },
  { key: 'maxTradeDurationMs', label: 'Longest hold', format: formatDuration, better: null },
  { key: 'exposurePct', label: 'Exposure', format: formatPercent, better: null },
  { key: 'feesPaid', label: 'Fees paid', format: money, better: 'lower' },
  { key: 'warmupBars', label: 'Warm-up', format: (v) => (v == null ? '—' : `${formatInt(v)} bars`), better: null, sortable: false },
  { key: 'entriesShrunkToCash', label: 'Entries shrunk to cash', format: formatInt, better: null, sortable: false },
];

/** Every metric the runs list can sort by. */
export const SORTABLE_METRICS = METRICS.filter((metric) => metric.sortable !== false);

/** The metric columns of the runs list (any sortable metric can still be chosen as the order). */
export const LIST_METRICS = (['roi', 'totalProfitLoss', 'winRate', 'maxDrawdownPercentage', 'sharpeRatio', 'profitFactor', 'totalTrades'] as const).map(
  (key) => METRICS.find((metric) => metric.key === key)!,
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
