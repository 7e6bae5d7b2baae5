import type { Metrics } from './contract.ts';

/**
 * Every statistic of a run, defined once: what it means (the formula computeMetrics implements), its
 * unit, and which way is better. The GraphQL metric fields, the stored metric columns, the sort keys
 * and the optimisation objectives are all built from this list, keyed by the engine's own names.
 * Adding a metric: compute it in metrics.ts (and the lean path), add it to Metrics and here; tsc then
 * points at everything else (a migration for its column, `npm run schema:print`).
 */
export type MetricName = Exclude<keyof Metrics, 'nullReasons'>;

export type MetricUnit = 'count' | 'percent' | 'quote' | 'ratio' | 'durationMs';

export interface MetricDefinition {
  readonly unit: MetricUnit;
  /** Stored and served as an integer. */
  readonly integer?: boolean;
  /** Can be null (a formula that divides by zero); nullReasons then says why. */
  readonly nullable: boolean;
  /** The direction a trader prefers, for sorting "best first" and for objectives. */
  readonly better: 'higher' | 'lower';
  /** The formula, in one line. */
  readonly description: string;
}

export const METRICS = {
  totalTrades: { unit: 'count', integer: true, nullable: false, better: 'higher', description: 'Closed trades' },
  winningTrades: { unit: 'count', integer: true, nullable: false, better: 'higher', description: 'Trades with P/L > 0' },
  losingTrades: { unit: 'count', integer: true, nullable: false, better: 'lower', description: 'Trades with P/L < 0 (P/L exactly 0 is neither)' },
  winRate: { unit: 'percent', nullable: true, better: 'higher', description: 'Winning trades / all trades × 100' },
  totalProfitLoss: { unit: 'quote', nullable: false, better: 'higher', description: 'Σ trade P/L, net of fees, quote currency' },
  roi: { unit: 'percent', nullable: false, better: 'higher', description: '(final equity − initial capital) / initial capital × 100' },
  finalEquity: { unit: 'quote', nullable: false, better: 'higher', description: 'Equity at the last bar' },
  cagr: { unit: 'percent', nullable: true, better: 'higher', description: '((final / initial)^(1 / years) − 1) × 100, years = (last − first bar time) / 365.25 days' },
  maxDrawdown: { unit: 'quote', nullable: false, better: 'lower', description: 'Largest fall of per-bar equity below its running peak (which starts at the initial capital), quote currency' },
  maxDrawdownPercentage: { unit: 'percent', nullable: false, better: 'lower', description: 'Largest (peak − equity) / peak × 100; 12.3 means −12.3 %' },
  maxDrawdownDurationMs: { unit: 'durationMs', nullable: false, better: 'lower', description: 'Longest time from a peak until equity is back at or above it (or the last bar)' },
  avgTradeDurationMs: { unit: 'durationMs', nullable: true, better: 'lower', description: 'Mean exit time − entry time' },
  maxTradeDurationMs: { unit: 'durationMs', nullable: true, better: 'lower', description: 'Longest exit time − entry time' },
  profitFactor: { unit: 'ratio', nullable: true, better: 'higher', description: 'Gross profit / gross loss (null without a losing trade)' },
  expectancy: { unit: 'quote', nullable: true, better: 'higher', description: 'Mean trade P/L, quote currency' },
  bestTrade: { unit: 'quote', nullable: true, better: 'higher', description: 'Largest trade P/L' },
  worstTrade: { unit: 'quote', nullable: true, better: 'higher', description: 'Smallest trade P/L' },
  avgWin: { unit: 'quote', nullable: true, better: 'higher', description: 'Mean P/L of winning trades' },
  avgLoss: { unit: 'quote', nullable: true, better: 'higher', description: 'Mean P/L of losing trades (negative)' },
  exposurePct: { unit: 'percent', nullable: false, better: 'lower', description: 'Bars with at least one open position / all bars × 100' },
  feesPaid: { unit: 'quote', nullable: false, better: 'lower', description: 'Σ trade fees' },
  buyAndHoldReturn: { unit: 'percent', nullable: true, better: 'higher', description: 'Mean over symbols of (last close / first close − 1) × 100' },
  sharpeRatio: { unit: 'ratio', nullable: true, better: 'higher', description: "mean / sample std of daily returns of each UTC day's last equity × √365 (risk-free 0)" },
  sortinoRatio: { unit: 'ratio', nullable: true, better: 'higher', description: 'mean daily return / √mean(min(r, 0)²) × √365' },
  calmarRatio: { unit: 'ratio', nullable: true, better: 'higher', description: 'CAGR % / max drawdown %' },
  sqn: { unit: 'ratio', nullable: true, better: 'higher', description: "Van Tharp's system quality number: √min(n, 100) × mean P/L / sample std P/L" },
  tailRatio: { unit: 'ratio', nullable: true, better: 'higher', description: '|95th percentile| / |5th percentile| of the daily returns (linear between order statistics)' },
} as const satisfies { readonly [K in MetricName]: MetricDefinition };

export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

/** The metrics' values alone, as stored beside their null reasons. */
export type MetricValues = Pick<Metrics, MetricName>;

// Compile-time check: a metric is declared nullable here exactly when the Metrics type allows null.
type NullableInType = { [K in MetricName]: null extends Metrics[K] ? K : never }[MetricName];
type NullableHere = { [K in MetricName]: (typeof METRICS)[K]['nullable'] extends true ? K : never }[MetricName];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const METRIC_NULLABILITY_AGREES: Same<NullableInType, NullableHere> = true;
