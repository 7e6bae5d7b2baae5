import type { CandleSeries, StrategyParams, TradeRecord } from '../contract.ts';
import { DEFAULT_RUN_SETTINGS } from '../settings.ts';
import { runBacktest } from '../simulator/backtest.ts';
import { backtestConfigOf } from '../simulator/config.ts';
import type { StrategyModule } from '../strategies/types.ts';
import { decisionsOf, type Decisions } from './lookahead.ts';

/** The preview shows where positions open and close, not amounts: capital enough that the default sizing never runs out. */
const PREVIEW_CAPITAL = 10_000;

export interface StrategyPreviewRun {
  readonly decisions: Decisions;
  /** The trades the decisions make from `startTimeMs` in a run with the default settings (the strategy's own stops and sizing apply). */
  readonly trades: readonly TradeRecord[];
}

/**
 * A strategy's decisions on every bar and the trades they make (the builder's live preview): an exit
 * signal while flat closes nothing, and a stop closes a position where no signal is.
 */
export function previewRun(module: StrategyModule, series: CandleSeries, params: StrategyParams, startTimeMs: number): StrategyPreviewRun {
  const decisions = decisionsOf(module, series, params);
  const legs = [{ strategy: module.spec.name, params, symbols: [series.symbol] }];
  const config = { ...backtestConfigOf({ ...DEFAULT_RUN_SETTINGS, initialCapital: PREVIEW_CAPITAL }, legs), startTimeMs };
  const { trades } = runBacktest(new Map([[series.symbol, series]]), config, { strategies: (name) => (name === module.spec.name ? module : undefined) });
  return { decisions, trades };
}
