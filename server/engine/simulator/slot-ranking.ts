import { SIGNAL_STRENGTH, STRATEGY_SERIES, VOLUME } from './entry-ranking.ts';
import type { Simulation } from './simulation.ts';

/**
 * The rule that decides which entries fill when more arrive at one open than there are free slots: entries
 * are tried best first, and those meeting a full book are skipped (MAX_OPEN_POSITIONS). The key is the
 * declared ranking (settings.ts entryRanking), each computed from the signal bar and earlier candles only:
 *   SIGNAL_STRENGTH  the strategy's confidence;
 *   VOLUME           close × volume of the signal bar (quote volume);
 *   VOLATILITY       sample standard deviation of the last VOLATILITY_BARS close-to-close log returns;
 *   STRATEGY_SERIES  the strategy's own rank series at the signal bar (PreparedStrategy.rankAt; undefined ranks last).
 * Higher first; ties by symbol name (the symbol index: symbols are sorted), then leg.
 */
export const VOLATILITY_BARS = 20;

/** Slot k's ranking key for its pending entry (higher is preferred). */
export function entryRankKey(sim: Simulation, k: number): number {
  if (sim.entryRanking === SIGNAL_STRENGTH) return sim.pendConfidence[k];
  const i = sim.pendSignalBar[k];
  if (sim.entryRanking === STRATEGY_SERIES) {
    const value = sim.prepared[k].rankAt!(i);
    return value === value ? value : -Infinity;
  }
  const series = sim.series[sim.slotSymbol[k]];
  if (sim.entryRanking === VOLUME) return series.close[i] * series.volume[i];
  return recentVolatility(series.close, i);
}

/** Sample standard deviation of the log returns of closes [i − VOLATILITY_BARS, i] (fewer at the start); 0 with fewer than 2. */
export function recentVolatility(close: Float64Array, i: number): number {
  const from = Math.max(1, i - VOLATILITY_BARS + 1);
  const n = i - from + 1;
  if (n < 2) return 0;
  let mean = 0;
  for (let j = from; j <= i; j++) mean += Math.log(close[j] / close[j - 1]);
  mean /= n;
  let sq = 0;
  for (let j = from; j <= i; j++) sq += (Math.log(close[j] / close[j - 1]) - mean) ** 2;
  return Math.sqrt(sq / (n - 1));
}

/** Whether slot a's entry is tried before slot b's. */
export function entryBefore(sim: Simulation, a: number, b: number): boolean {
  const ka = entryRankKey(sim, a), kb = entryRankKey(sim, b);
  if (ka !== kb) return ka > kb;
  if (sim.slotSymbol[a] !== sim.slotSymbol[b]) return sim.slotSymbol[a] < sim.slotSymbol[b];
  return sim.slotLeg[a] < sim.slotLeg[b];
}
