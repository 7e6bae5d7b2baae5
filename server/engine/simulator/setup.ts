import type { BacktestConfig, CandleSeries } from '../contract.ts';
import { validateCandles } from '../candles.ts';
import { IndicatorCache } from '../indicators/cache.ts';
import type { BuyAndHoldInput } from '../metrics.ts';
import { resample } from '../resample.ts';
import { resolveParamsFor } from '../strategies/params.ts';
import { getStrategyModule } from '../strategies/registry.ts';
import type { PreparedStrategy } from '../strategies/types.ts';
import { firstAtOrAfter } from '../slice-by-time.ts';
import { validateBacktestConfig, type StrategyLookup } from './config.ts';
import { Simulation, type RunBuffers } from './simulation.ts';
import { cachedTimeline, type Timeline } from './timeline.ts';
import { executionInputsOf, type ExecutionData } from './execution-inputs.ts';

export interface BacktestOptions extends ExecutionData {
  /** Shared across runs over the same candles (a sweep) so each indicator series is computed once. */
  readonly cache?: IndicatorCache;
  /** Resolves strategy names; defaults to the public registry (tests inject scripted strategies). */
  readonly strategies?: StrategyLookup;
}

/** A run ready to step: its state and what its result is built from. */
export interface RunSetup {
  readonly sim: Simulation;
  readonly series: readonly CandleSeries[];
  readonly timeline: Timeline;
  readonly prepared: readonly PreparedStrategy[];
  readonly cache: IndicatorCache;
  /** The first simulated timeline bar: the first at or after config.startTimeMs (bars before it are history). */
  readonly startBar: number;
  /** Most bars of the range (from startBar) any (leg, symbol) slot spent warming up: history did not cover them. */
  readonly warmupBars: number;
  readonly buyAndHold: readonly BuyAndHoldInput[];
}

/**
 * Validation, union timeline (from the cache), one prepared strategy per (leg, symbol) slot, and the state.
 * `buffersFor(timeline, cache)` gives where the run writes: fresh for a full run, the sweep's scratch for the lean path.
 */
export function setUpRun(
  data: ReadonlyMap<string, CandleSeries>,
  config: BacktestConfig,
  options: BacktestOptions,
  buffersFor: (timeline: Timeline, cache: IndicatorCache) => RunBuffers,
): RunSetup {
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
  const timeline = cachedTimeline(cache, series);
  const startTimeMs = config.startTimeMs ?? -Infinity;
  const startBar = firstAtOrAfter(timeline.timeMs, startTimeMs);
  // Per symbol: its first candle in the range.
  const firstInRange = series.map((s) => firstAtOrAfter(s.openTime, startTimeMs));

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
  const sim = new Simulation(
    series,
    symbols,
    timeline,
    prepared,
    Int32Array.from(slotLeg),
    Int32Array.from(slotSymbol),
    Int32Array.from(slotWarmup),
    config,
    buffersFor(timeline, cache),
    startBar,
    executionInputsOf(series, config, options, cache),
  );
  return {
    sim,
    series,
    timeline,
    prepared,
    cache,
    startBar,
    warmupBars: slotWarmup.reduce((most, warmup, k) => Math.max(most, warmup - firstInRange[slotSymbol[k]]), 0),
    buyAndHold: series.flatMap((s, i) => (firstInRange[i] < s.length ? [{ firstClose: s.close[firstInRange[i]], lastClose: s.close[s.length - 1] }] : [])),
  };
}
