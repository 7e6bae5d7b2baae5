import type { BacktestConfig, BacktestResult, BacktestSnapshot, BacktestStepper, CandleSeries, EquityCurve } from '../contract.ts';
import { validateCandles } from '../candles.ts';
import { IndicatorCache } from '../indicators/cache.ts';
import { computeMetrics } from '../metrics.ts';
import { resample } from '../resample.ts';
import { resolveParamsFor } from '../strategies/params.ts';
import { getStrategyModule } from '../strategies/registry.ts';
import type { PreparedStrategy } from '../strategies/types.ts';
import { drawdownSeries } from './account-history.ts';
import { runBars } from './bar-loop.ts';
import { runSingleLeg } from './single-leg.ts';
import { validateBacktestConfig, type StrategyLookup } from './config.ts';
import { Simulation } from './simulation.ts';
import type { SkipReason } from './sizing.ts';
import { buildTimeline } from './timeline.ts';

export interface BacktestOptions {
  /** Shared across runs over the same candles (a sweep) so each indicator series is computed once. */
  readonly cache?: IndicatorCache;
  /** Resolves strategy names; defaults to the public registry (tests inject scripted strategies). */
  readonly strategies?: StrategyLookup;
}

/** BacktestResult plus what the engine adds beyond the contract. */
export interface EngineBacktestResult extends BacktestResult {
  /** Entry signals that did not become positions, by reason. */
  readonly skippedEntries: Readonly<Partial<Record<SkipReason, number>>>;
  /** Entries whose quantity was reduced to what cash allowed. */
  readonly entriesShrunkToCash: number;
}

export interface EngineBacktestStepper extends BacktestStepper {
  result(): EngineBacktestResult;
}

/**
 * Sets a run up (validation, union timeline, one prepared strategy per (leg, symbol) slot) and returns a
 * resumable stepper. The event order inside a bar is documented in bar-steps.ts and the README's engine section; trades are
 * recorded as typed-array rows and become TradeRecord objects only in result().
 */
export function createBacktest(
  data: ReadonlyMap<string, CandleSeries>,
  config: BacktestConfig,
  options: BacktestOptions = {},
): EngineBacktestStepper {
  const lookup = options.strategies ?? getStrategyModule;
  const errors = validateBacktestConfig(config, lookup);
  if (errors.length > 0) throw new Error(`invalid backtest config: ${errors.join('; ')}`);
  const cache = options.cache ?? new IndicatorCache();

  // Symbols in name order: their index doubles as the deterministic tie-break rank.
  const symbols = [...new Set(config.legs.flatMap((leg) => leg.symbols))].sort();
  const series = symbols.map((symbol) => {
    const s = data.get(symbol);
    if (s === undefined) throw new Error(`no candles for symbol ${symbol}`);
    if (s.symbol !== symbol) throw new Error(`candles stored under ${symbol} say they are ${s.symbol}`);
    validateCandles(s);
    return s;
  });
  const timeline = buildTimeline(series);

  // One slot per (leg, symbol): the prepared strategy and its pending order.
  const slotLeg: number[] = [], slotSymbol: number[] = [], slotWarmup: number[] = [];
  const prepared: PreparedStrategy[] = [];
  config.legs.forEach((leg, legIndex) => {
    const module = lookup(leg.strategy)!;
    const resolved = resolveParamsFor(module, leg.params ?? {});
    if ('errors' in resolved) throw new Error(resolved.errors.join('; '));
    for (const symbol of leg.symbols) {
      const s = symbols.indexOf(symbol);
      const base = series[s];
      const p = module.prepare({
        series: base,
        params: resolved.params,
        cache,
        higherTimeframe: (intervalMs) => cache.get(base, `resample:${intervalMs}`, () => resample(base, intervalMs)),
      });
      slotLeg.push(legIndex);
      slotSymbol.push(s);
      slotWarmup.push(Math.max(p.warmup, 0));
      prepared.push(p);
    }
  });
  const sim = new Simulation(series, symbols, timeline, prepared, Int32Array.from(slotLeg), Int32Array.from(slotSymbol), Int32Array.from(slotWarmup), config);
  const T = sim.T;
  let finalResult: EngineBacktestResult | null = null;

  function buildResult(): EngineBacktestResult {
    const n = sim.t;
    const cut = (a: Float64Array): Float64Array => (n === T ? a : a.slice(0, n));
    const equity = cut(sim.equity);
    const curve: EquityCurve = {
      timeMs: cut(timeline.timeMs),
      equity,
      ...sim.history.expand(n),
      drawdownPct: drawdownSeries(equity, config.initialCapital),
    };
    const buyAndHold = series.filter((s) => s.length > 0).map((s) => ({ firstClose: s.close[0], lastClose: s.close[s.length - 1] }));
    const trades = sim.portfolio.trades.materialise(series, sim.slotLeg, prepared);
    return {
      trades,
      equity: curve,
      metrics: computeMetrics(trades, curve, config.initialCapital, buyAndHold),
      stoppedReason: sim.stoppedReason,
      warmupBars: slotWarmup.reduce((a, b) => Math.max(a, b), 0),
      skippedEntries: { ...sim.skipped },
      entriesShrunkToCash: sim.shrunk,
    };
  }

  return {
    totalBars: T,
    step(maxBars: number): boolean {
      if (!sim.done) {
        const end = Math.min(T, sim.t + Math.max(0, Math.floor(Math.min(maxBars, T))));
        if (sim.S === 1 && sim.K === 1) runSingleLeg(sim, end);
        else runBars(sim, end);
      }
      return sim.done;
    },
    snapshot(): BacktestSnapshot {
      const last = sim.t - 1;
      return {
        barsProcessed: sim.t,
        totalBars: T,
        timeMs: last >= 0 ? timeline.timeMs[last] : NaN,
        equity: last >= 0 ? sim.equity[last] : config.initialCapital,
        cash: sim.portfolio.cash,
        openPositions: sim.portfolio.openCount,
        tradesSoFar: sim.portfolio.trades.count,
        drawdownPct: last >= 0 && sim.peak > 0 ? ((sim.peak - sim.equity[last]) / sim.peak) * 100 : 0,
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
