import { NONE as importedNONE, type PreparedStrategy } from '../strategies/types.ts';
import { slipped } from './fills.ts';
import { checkLevels, closeAtEndOfData, mayReachLevel } from './level-checks.ts';
import { fillPending, onSignal } from './orders.ts';
import { FLAT as importedFLAT } from './portfolio.ts';
import type { Simulation } from './simulation.ts';
import { applyFunding, settleExtended } from './intrabar.ts';
import { RISK_STOP as importedRISK_STOP } from './trade-log.ts';
import { isRebalanceBar, rebalance } from './rebalancing.ts';
// Codes read on the hot path, aliased here: an imported binding is reloaded from its module on every use in
// optimised code, a constant of this module is folded in.
const NONE = importedNONE, FLAT = importedFLAT, RISK_STOP = importedRISK_STOP;

/**
 * The steps of one timeline bar t, each written once here (each only for symbols that have a candle at t):
 *   1. orders decided at the previous close fill at this open (orders.ts fillPending: exits first, then ranked entries);
 *      on a rebalancing bar, open positions are then resized to their target weights (rebalancing.ts);
 *   2. stop-loss / trailing stop / take-profit against this bar's open, high and low (also for positions
 *      opened at this open); the trailing reference then moves to this bar's high (LONG) / low (SHORT);
 *   3. a symbol on its last candle closes its position at the close (END_OF_DATA);
 *   4. equity = cash + positions marked at the close; drawdown from the running peak (which starts at the
 *      initial capital); if it exceeds maxDrawdownStopPct everything closes at the close (RISK_STOP) and the run ends;
 *   5. each strategy leg decides on the closed bar; its order waits for the symbol's next candle.
 * simulateBar runs them in that order and bar-loop.ts loops over it; single-leg.ts runs the same step
 * functions on the bars where something can happen (its eventBar), with specialised stretches in between.
 * Each bar's equity is stored as soon as the bar is done; cash and the open-position count only when they
 * changed (account-history.ts), drawdown is derived from equity when the result is built.
 * No allocation unless a trade closes (and then only when the trade log grows).
 */
export function simulateBar(sim: Simulation, bar: number): boolean {
  const extended = sim.extended;
  if (extended) settleFunding(sim, bar);
  if (sim.pendingCount > 0) fillPending(sim, bar);
  if (isRebalanceBar(sim, bar)) rebalance(sim, bar);
  for (let s = 0; s < sim.S; s++) {
    const i = candleAt(sim, s, bar);
    if (i < 0) continue;
    // The execution model of intrabar.ts runs step 2 on detail candles and fills resting entries.
    if (extended) settleExtended(sim, s, i);
    else settleSymbol(sim, s, i);
  }
  return closeBar(sim, bar);
}

/** With the execution model: funding settles before the fills at the open (intrabar.ts applyFunding). */
function settleFunding(sim: Simulation, bar: number): void {
  for (let s = 0; s < sim.S; s++) {
    const i = candleAt(sim, s, bar);
    if (i >= 0 && sim.execution.funding[s] !== null) applyFunding(sim, s, i);
  }
}

/** Steps 4 and 5 of simulateBar. */
function closeBar(sim: Simulation, bar: number): boolean {
  if (!account(sim, bar, sim.portfolio.equity())) return false;
  const next = sim.nextDecisionCandle;
  for (let k = 0; k < sim.K; k++) {
    const s = sim.slotSymbol[k];
    const i = candleAt(sim, s, bar);
    // No candle (−1) or before the slot's next possible signal: nothing to decide.
    if (i < next[k] || !mayDecide(i, sim.slotWarmup[k], sim.lastIndex[s])) continue;
    const strategy = sim.prepared[k];
    decide(sim, strategy, k, s, i);
    next[k] = strategy.nextDecision === undefined ? i + 1 : strategy.nextDecision(i + 1, sim.lastIndex[s]);
  }
  return true;
}

/**
 * Symbol s's candle index at timeline bar `bar` (−1 = none). One symbol's timeline is its own candles, so
 * its map is the identity and is not read: on a long series that read would be a cache miss per event bar.
 */
function candleAt(sim: Simulation, s: number, bar: number): number {
  return sim.S === 1 ? bar : sim.timeline.barOf[s][bar];
}

/** Steps 2 and 3 for symbol s on its candle i: mark it at the close, protective exits, end of data. */
export function settleSymbol(sim: Simulation, s: number, i: number): void {
  const pf = sim.portfolio;
  pf.lastClose[s] = sim.closes[s][i];
  if (pf.direction[s] === FLAT) return;
  protectPosition(sim, s, i);
  if (i === sim.lastIndex[s]) closeAtEndOfData(sim, s, i);
}

/** Step 2 for symbol s's open position on its candle i: the full check only when the bar's range reaches a level, or always with a trailing stop. */
function protectPosition(sim: Simulation, s: number, i: number): void {
  if (mayReachLevel(sim, s, i)) checkProtectiveExits(sim, s, i);
}

/** Step 2's full check on symbol s's candle i. */
export function checkProtectiveExits(sim: Simulation, s: number, i: number): void {
  const sc = sim.series[s];
  checkLevels(sim, s, i, sc.open[i], sc.high[i], sc.low[i], NaN, NaN);
}

/**
 * Step 4 at `bar` with equity e (cash + positions marked at their last close): stores it, moves the peak,
 * records a changed account. False when the risk stop ended the run. Kept this small so V8 inlines it into
 * every loop: computing e in here (Portfolio.equity) stopped that and cost the bench loop ~10 %.
 */
export function account(sim: Simulation, bar: number, e: number): boolean {
  sim.equity[bar] = e;
  let peak = sim.peak;
  if (e > peak) peak = e;
  if (e < peak * sim.riskFloor) {
    riskStop(sim, bar, peak);
    return false;
  }
  sim.peak = peak;
  const pf = sim.portfolio, history = sim.history;
  if (pf.cash !== history.lastCash || pf.openCount !== history.lastOpen) history.record(bar, pf);
  return true;
}

/** Step 4's risk stop at `bar` (equity already stored, `peak` including it): close everything at the close and end the run. */
export function riskStop(sim: Simulation, bar: number, peak: number): void {
  const dd = ((peak - sim.equity[bar]) / peak) * 100;
  const pf = sim.portfolio;
  const barOf = sim.timeline.barOf;
  for (let s = 0; s < sim.S; s++) {
    const d = pf.direction[s];
    if (d === FLAT) continue;
    // A symbol without a candle at this bar closes at its last close.
    let i = barOf[s][bar];
    if (i < 0) for (let u = bar; u >= 0 && i < 0; u--) i = barOf[s][u];
    pf.close(s, slipped(sim.closes[s][i], -d, sim.slippage), i, false, RISK_STOP);
  }
  const e = pf.equity();
  if (e > peak) peak = e;
  sim.equity[bar] = e;
  sim.history.record(bar, pf);
  sim.peak = peak;
  sim.stoppedReason = `drawdown ${dd.toFixed(2)}% exceeded maxDrawdownStopPct ${sim.maxDd}% at ${new Date(sim.timeline.timeMs[bar]).toISOString()}; all positions closed, run stopped`;
  sim.done = true;
  sim.t = bar + 1;
}

/** Step 5's rule: a slot decides on its candle i (−1 = none at this bar) only past its warm-up and before its symbol's last candle (no next open to fill at). */
export function mayDecide(i: number, warmup: number, last: number): boolean {
  return i >= warmup && i < last;
}

/** Step 5 for slot k (its prepared strategy passed in, so a caller holding it in a local saves the look-up) on its symbol s's candle i. */
export function decide(sim: Simulation, strategy: PreparedStrategy, k: number, s: number, i: number): void {
  const signal = sim.signal;
  signal.reset();
  strategy.decide(i, signal);
  if (signal.direction !== NONE) onSignal(sim, k, s, i);
}

/** Where a loop stopped without the risk stop: the next bar to simulate, and whether the run is finished. */
export function advanceTo(sim: Simulation, bar: number): void {
  sim.t = bar;
  if (bar >= sim.T) sim.done = true;
}
