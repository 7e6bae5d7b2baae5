import { entryRankKey } from './slot-ranking.ts';
import type { Simulation } from './simulation.ts';
import type { SkipReason } from './sizing.ts';

/**
 * Lists slot k's entry that did not open at candle i of its symbol (a full run only: sweeps count the
 * reasons and list nothing). Its rank value is the key the declared ranking ordered it by (slot-ranking.ts),
 * so a reader sees why the entries that filled came first.
 */
export function recordSkippedSignal(sim: Simulation, k: number, i: number, reason: SkipReason): void {
  if (!sim.keepEvents) return;
  const sc = sim.series[sim.slotSymbol[k]];
  sim.skippedSignals.push({
    legIndex: sim.slotLeg[k],
    symbol: sc.symbol,
    direction: sim.pendEntry[k] > 0 ? 'LONG' : 'SHORT',
    signalTimeMs: sc.openTime[sim.pendSignalBar[k]],
    timeMs: sc.openTime[i],
    rankValue: entryRankKey(sim, k),
    reason,
  });
}
