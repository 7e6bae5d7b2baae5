import { METRICS, type MetricDefinition, type MetricName } from '../server/engine/metric-definitions.ts';

/**
 * Every metric as people read it: the engine's definition (formula, unit, better direction) with
 * the label and the way it is written. Cards, tables, comparisons and sort menus are built from this
 * list, in this order; tsc requires an entry for each metric the engine defines.
 */
export type MetricFormat = 'signedPercent' | 'percent' | 'drawdownPercent' | 'drawdownQuote' | 'pnl' | 'money' | 'ratio' | 'count' | 'duration';

export interface MetricDisplay {
  readonly label: string;
  readonly format: MetricFormat;
}

const DISPLAY = {
  roi: { label: 'ROI', format: 'signedPercent' },
  totalProfitLoss: { label: 'Net P/L', format: 'pnl' },
  finalEquity: { label: 'Final equity', format: 'money' },
  cagr: { label: 'CAGR', format: 'signedPercent' },
  buyAndHoldReturn: { label: 'Buy & hold', format: 'signedPercent' },
  maxDrawdownPercentage: { label: 'Max drawdown', format: 'drawdownPercent' },
  maxDrawdown: { label: 'Max drawdown (quote)', format: 'drawdownQuote' },
  maxDrawdownDurationMs: { label: 'Longest drawdown', format: 'duration' },
  sharpeRatio: { label: 'Sharpe', format: 'ratio' },
  sortinoRatio: { label: 'Sortino', format: 'ratio' },
  calmarRatio: { label: 'Calmar', format: 'ratio' },
  sqn: { label: 'SQN', format: 'ratio' },
  tailRatio: { label: 'Tail ratio', format: 'ratio' },
  profitFactor: { label: 'Profit factor', format: 'ratio' },
  totalTrades: { label: 'Trades', format: 'count' },
  winRate: { label: 'Win rate', format: 'percent' },
  winningTrades: { label: 'Winners', format: 'count' },
  losingTrades: { label: 'Losers', format: 'count' },
  expectancy: { label: 'Expectancy / trade', format: 'pnl' },
  avgWin: { label: 'Average win', format: 'pnl' },
  avgLoss: { label: 'Average loss', format: 'pnl' },
  bestTrade: { label: 'Best trade', format: 'pnl' },
  worstTrade: { label: 'Worst trade', format: 'pnl' },
  avgTradeDurationMs: { label: 'Average hold', format: 'duration' },
  maxTradeDurationMs: { label: 'Longest hold', format: 'duration' },
  exposurePct: { label: 'Exposure', format: 'percent' },
  feesPaid: { label: 'Fees paid', format: 'money' },
} as const satisfies { readonly [K in MetricName]: MetricDisplay };

export interface MetricDescription extends MetricDefinition, MetricDisplay {
  readonly key: MetricName;
}

/** Every metric, in reading order, with its definition and how it is shown. */
export const METRIC_DESCRIPTIONS: readonly MetricDescription[] = (Object.keys(DISPLAY) as MetricName[]).map((key) => ({ key, ...METRICS[key], ...DISPLAY[key] }));

export { METRICS, METRIC_NAMES, type MetricName } from '../server/engine/metric-definitions.ts';
