import type { BacktestConfig, CandleSeries, ExecutionSummary, Metrics } from '../contract.ts';
import { executionSummaryOf } from './execution-inputs.ts';
import type { IndicatorCache } from '../indicators/cache.ts';
import { dailyReturns, dayEndBars, metricsOf } from '../metrics.ts';
import { runUntil } from './bar-loop.ts';
import { setUpRun, type BacktestOptions } from './setup.ts';
import type { RunBuffers } from './simulation.ts';
import type { SkipReason } from './sizing.ts';
import type { Timeline } from './timeline.ts';

/** What a sweep stores and ranks per parameter set: runBacktest's metrics and counters, without its objects. */
export interface MetricsEvaluation {
  /** Equal to runBacktest(data, config, options).metrics, field for field and bit for bit (tested). */
  readonly metrics: Metrics;
  readonly skippedEntries: Readonly<Partial<Record<SkipReason, number>>>;
  readonly entriesShrunkToCash: number;
  readonly warmupBars: number;
  /** Why the run stopped early (risk stop), or null. */
  readonly stoppedReason: string | null;
  /** Equal to runBacktest's execution summary. */
  readonly execution: ExecutionSummary;
  /**
   * With `keepDailyReturns`: the daily returns its Sharpe ratio read (dailyReturns: one per day after the
   * first, the same days for every run over the same candles), for the overfitting statistics' per-block sums.
   */
  readonly dailyReturns?: Float64Array;
}

export interface EvaluateOptions extends BacktestOptions {
  /** Also return the run's daily returns (a small array per run; off by default so stored rows stay lean). */
  readonly keepDailyReturns?: boolean;
}

/**
 * The lean evaluation path for sweeps: the same simulation as runBacktest (same set-up, same loops), then
 * the same metric definitions (metricsOf), but none of the result's objects: no TradeRecord per trade (the
 * trade statistics are tallied straight from the engine's trade rows), no per-bar cash / open-position /
 * drawdown columns, no copy of the timeline. What every run over the same candles derives identically (the
 * timeline, its UTC day ends) and the per-bar equity buffer are kept in `options.cache`, so a sweep that
 * passes one cache pays for them once. Works for every configuration runBacktest accepts (any number of
 * legs and symbols). Synchronous and re-entrant per cache: the scratch buffer never outlives the call.
 */
export function evaluateMetrics(data: ReadonlyMap<string, CandleSeries>, config: BacktestConfig, options: EvaluateOptions = {}): MetricsEvaluation {
  const run = setUpRun(data, config, options, scratchBuffers);
  const { sim, timeline, startBar } = run;
  runUntil(sim, sim.T);
  // The range's bars only: [startBar, sim.t) of the timeline.
  const bars = sim.t - startBar;
  const timeMs = startBar === 0 ? timeline.timeMs : timeline.timeMs.subarray(startBar);
  const equity = startBar === 0 ? sim.equity : sim.equity.subarray(startBar);
  const tally = sim.portfolio.trades.tally(run.series, timeMs, bars, startBar);
  const dayEnds = sim.t === sim.T ? cachedDayEnds(run.cache, timeline, startBar) : dayEndBars(timeMs, bars);
  const curve = { equity, timeMs, bars, dayEnds };
  const returns = dailyReturns(curve);
  return {
    metrics: metricsOf(tally, curve, config.initialCapital, run.buyAndHold, returns),
    skippedEntries: { ...sim.skipped },
    entriesShrunkToCash: sim.shrunk,
    warmupBars: run.warmupBars,
    stoppedReason: sim.stoppedReason,
    execution: executionSummaryOf(sim),
    ...(options.keepDailyReturns ? { dailyReturns: returns } : {}),
  };
}

/**
 * One equity buffer and one set of trade-row chunks per timeline, rewritten by every evaluation (each writes
 * every bar and row it later reads); no per-bar account columns.
 */
function scratchBuffers(timeline: Timeline, cache: IndicatorCache): RunBuffers {
  return cache.get(timeline, 'scratch:buffers', () => ({ equity: new Float64Array(timeline.timeMs.length), tradeChunks: [], accountHistory: false }));
}

/** The UTC day ends of the timeline's bars from startBar on, in bars counted from startBar. */
function cachedDayEnds(cache: IndicatorCache, timeline: Timeline, startBar: number): Int32Array {
  return cache.get(timeline, `day-ends:${startBar}`, () => dayEndBars(timeline.timeMs.subarray(startBar), timeline.timeMs.length - startBar));
}
