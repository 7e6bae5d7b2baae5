import type {
  BacktestConfig,
  BacktestResult,
  BacktestSnapshot,
  BacktestStepper,
  CancelledOrder,
  SkippedSignal,
  CandleSeries,
  EquityCurve,
  ExecutionSummary,
  FillRecord,
  FundingEvent,
} from '../contract.ts';
import { detailGaps, executionSummaryOf, type DetailGap } from './execution-inputs.ts';
import { computeMetrics } from '../metrics.ts';
import { drawdownSeries } from './account-history.ts';
import { runUntil } from './bar-loop.ts';
import { setUpRun, type BacktestOptions } from './setup.ts';
import { firstAtOrAfter } from '../slice-by-time.ts';
import type { SkipReason } from './sizing.ts';

export type { BacktestOptions } from './setup.ts';

/** BacktestResult plus what the engine adds beyond the contract. */
export interface EngineBacktestResult extends BacktestResult {
  /** Entry signals that did not become positions, by reason. */
  readonly skippedEntries: Readonly<Partial<Record<SkipReason, number>>>;
  /** Entries whose quantity was reduced to what cash allowed. */
  readonly entriesShrunkToCash: number;
  /** Ambiguous exits, detail coverage, cancelled orders, funding and liquidations. */
  readonly execution: ExecutionSummary;
  /** Every fill of every trade (a trade is the sum of its fills). */
  readonly fills: readonly FillRecord[];
  readonly cancelledOrders: readonly CancelledOrder[];
  /** Each entry signal that did not become a position, with its rank value and reason. */
  readonly skippedSignals: readonly SkippedSignal[];
  readonly fundingEvents: readonly FundingEvent[];
  /** With detailTimeframe: the stretches of the run's bars that had no complete detail candles. */
  readonly detailGaps: readonly DetailGap[];
}

export interface EngineBacktestStepper extends BacktestStepper {
  result(): EngineBacktestResult;
}

/**
 * Sets a run up (setup.ts) and returns a resumable stepper. The event order inside a bar is documented in
 * bar-steps.ts and the README's engine section; trades are recorded as typed-array rows and become
 * TradeRecord objects only in result(). A sweep that only ranks needs none of the result's objects:
 * evaluateMetrics (evaluate.ts) gives the same metrics without them.
 */
export function createBacktest(
  data: ReadonlyMap<string, CandleSeries>,
  config: BacktestConfig,
  options: BacktestOptions = {},
): EngineBacktestStepper {
  // Filling takes the first-touch page faults of the fresh buffer here rather than inside the bar loop.
  const run = setUpRun(data, config, options, (timeline) => ({
    equity: new Float64Array(timeline.timeMs.length).fill(NaN),
    tradeChunks: null,
    accountHistory: true,
  }));
  const { sim, series, timeline, prepared, startBar } = run;
  const T = sim.T;
  // Progress counts the bars of the range only: history bars are never simulated.
  const totalBars = T - startBar;
  let finalResult: EngineBacktestResult | null = null;

  function buildResult(): EngineBacktestResult {
    const n = sim.t;
    const equity = startBar === 0 && n === T ? sim.equity : sim.equity.slice(startBar, n);
    const curve: EquityCurve = {
      // A copy: the timeline is shared through the cache.
      timeMs: timeline.timeMs.slice(startBar, n),
      equity,
      ...sim.history.expand(startBar, n),
      drawdownPct: drawdownSeries(equity, config.initialCapital),
    };
    const trades = sim.portfolio.trades.materialise(series, sim.slotLeg, prepared, sim.portfolio.futures);
    return {
      trades,
      equity: curve,
      metrics: computeMetrics(trades, curve, config.initialCapital, run.buyAndHold),
      stoppedReason: sim.stoppedReason,
      warmupBars: run.warmupBars,
      skippedEntries: { ...sim.skipped },
      entriesShrunkToCash: sim.shrunk,
      execution: executionSummaryOf(sim),
      fills: sim.portfolio.trades.fills(series, sim.portfolio.extraFills),
      cancelledOrders: sim.cancelledOrders,
      skippedSignals: sim.skippedSignals,
      fundingEvents: sim.fundingEvents,
      detailGaps: sim.detailRequested
        ? series.flatMap((s, i) => detailGaps(s, sim.execution.detailRange[i], firstAtOrAfter(s.openTime, config.startTimeMs ?? -Infinity)))
        : [],
    };
  }

  return {
    totalBars,
    step(maxBars: number): boolean {
      if (!sim.done) runUntil(sim, Math.min(T, sim.t + Math.max(0, Math.floor(Math.min(maxBars, T)))));
      return sim.done;
    },
    snapshot(): BacktestSnapshot {
      const last = sim.t - 1;
      const started = last >= startBar;
      return {
        barsProcessed: sim.t - startBar,
        totalBars,
        timeMs: started ? timeline.timeMs[last] : NaN,
        equity: started ? sim.equity[last] : config.initialCapital,
        cash: sim.portfolio.cash,
        openPositions: sim.portfolio.openCount,
        tradesSoFar: sim.portfolio.trades.count,
        drawdownPct: started && sim.peak > 0 ? ((sim.peak - sim.equity[last]) / sim.peak) * 100 : 0,
      };
    },
    result(): EngineBacktestResult {
      if (!sim.done) throw new Error('result() called before the backtest finished: step() until it returns true');
      finalResult ??= buildResult();
      return finalResult;
    },
  };
}

/** create + step(Infinity) + result(). */
export function runBacktest(data: ReadonlyMap<string, CandleSeries>, config: BacktestConfig, options: BacktestOptions = {}): EngineBacktestResult {
  const stepper = createBacktest(data, config, options);
  stepper.step(Infinity);
  return stepper.result();
}
