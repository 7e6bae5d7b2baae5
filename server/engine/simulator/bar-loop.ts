import { NONE } from '../strategies/types.ts';
import { checkExit, slipped } from './fills.ts';
import { onSignal, fillPending } from './orders.ts';
import { FLAT } from './portfolio.ts';
import type { Simulation } from './simulation.ts';
import { END_OF_DATA, RISK_STOP, STOP_LOSS, TRAILING_STOP } from './trade-log.ts';

/**
 * The bar loops. Event order inside one timeline bar t (each step only for symbols that have a candle at t):
 *   1. orders decided at the previous close fill at this open (orders.ts: exits first, then ranked entries);
 *   2. stop-loss / trailing stop / take-profit against this bar's open, high and low (also for positions
 *      opened at this open); the trailing reference then moves to this bar's high (LONG) / low (SHORT);
 *   3. a symbol on its last candle closes its position at the close (END_OF_DATA);
 *   4. equity = cash + positions marked at the close; drawdown from the running peak (which starts at the
 *      initial capital); if it exceeds maxDrawdownStopPct everything closes at the close (RISK_STOP) and the run ends;
 *   5. each strategy leg decides on the closed bar; its order waits for the symbol's next candle.
 * Each bar's equity is stored as soon as the bar is done; cash and the open-position count only when they
 * changed (account-history.ts), drawdown is derived from equity when the result is built.
 * Locals only, no allocation unless a trade closes (and then only when the trade log grows).
 */

/** Step 2 for symbol s's open position on its candle i. */
export function checkProtectiveExits(sim: Simulation, s: number, i: number): void {
  const pf = sim.portfolio;
  const sc = sim.series[s];
  const direction = pf.direction[s];
  const high = sc.high[i], low = sc.low[i];
  const trailing = sim.trailing;
  let stop = pf.stopLoss[s];
  let stopReason = STOP_LOSS;
  if (trailing === trailing) {
    const trail = pf.bestPrice[s] * (1 - direction * trailing);
    if (stop !== stop || direction * (trail - stop) > 0) {
      stop = trail;
      stopReason = TRAILING_STOP;
    }
  }
  const fill = sim.exitFill;
  if (checkExit(direction, sc.open[i], high, low, stop, stopReason, pf.takeProfit[s], sim.slippage, fill)) {
    pf.close(s, fill.price, i, fill.atOpen, fill.reason);
  } else if (trailing === trailing) {
    const best = pf.bestPrice[s];
    pf.bestPrice[s] = direction > 0 ? (high > best ? high : best) : low < best ? low : best;
  }
}

function closeAllAtClose(sim: Simulation, bar: number, reason: number): void {
  const pf = sim.portfolio;
  const barOf = sim.timeline.barOf;
  for (let s = 0; s < sim.S; s++) {
    const d = pf.direction[s];
    if (d === FLAT) continue;
    let i = barOf[s][bar];
    if (i < 0) for (let u = bar; u >= 0 && i < 0; u--) i = barOf[s][u];
    pf.close(s, slipped(sim.series[s].close[i], -d, sim.slippage), i, false, reason);
  }
}

/** Step 4's risk stop at `bar` (equity already stored, `top` the peak including it): close everything and end the run. */
export function riskStop(sim: Simulation, bar: number, top: number): void {
  const dd = ((top - sim.equity[bar]) / top) * 100;
  closeAllAtClose(sim, bar, RISK_STOP);
  const pf = sim.portfolio;
  const e = pf.equity();
  if (e > top) top = e;
  sim.equity[bar] = e;
  sim.history.record(bar, pf.cash, pf.openCount);
  sim.peak = top;
  sim.stoppedReason = `drawdown ${dd.toFixed(2)}% exceeded maxDrawdownStopPct ${sim.maxDd}% at ${new Date(sim.timeline.timeMs[bar]).toISOString()}; all positions closed, run stopped`;
  sim.done = true;
  sim.t = bar + 1;
}

/** The general loop: several symbols on the union timeline. */
export function runBars(sim: Simulation, end: number): void {
  const { S, K, portfolio: pf, prepared, signal, lastIndex, closes, slotSymbol, slotWarmup, riskFloor, slippage } = sim;
  const barOf = sim.timeline.barOf;
  const direction = pf.direction, lastClose = pf.lastClose;
  const equity = sim.equity, history = sim.history;
  let top = sim.peak;
  let bar = sim.t;
  for (; bar < end; bar++) {
    if (sim.pendingCount > 0) fillPending(sim, bar);
    for (let s = 0; s < S; s++) {
      const i = barOf[s][bar];
      if (i < 0) continue;
      lastClose[s] = closes[s][i];
      if (direction[s] === FLAT) continue;
      checkProtectiveExits(sim, s, i);
      if (i === lastIndex[s] && direction[s] !== FLAT) {
        pf.close(s, slipped(closes[s][i], -direction[s], slippage), i, false, END_OF_DATA);
      }
    }
    const e = pf.equity();
    equity[bar] = e;
    if (e > top) top = e;
    if (e < top * riskFloor) return riskStop(sim, bar, top);
    if (pf.cash !== history.lastCash || pf.openCount !== history.lastOpen) history.record(bar, pf.cash, pf.openCount);
    for (let k = 0; k < K; k++) {
      const s = slotSymbol[k];
      const i = barOf[s][bar];
      // No decision before warm-up, nor on a symbol's last candle (there is no next open to fill at).
      if (i < slotWarmup[k] || i >= lastIndex[s]) continue;
      signal.reset();
      prepared[k].decide(i, signal);
      if (signal.direction !== NONE) onSignal(sim, k, s, i);
    }
  }
  sim.peak = top;
  sim.t = bar;
  if (bar >= sim.T) sim.done = true;
}

/**
 * Same event order as runBars, specialised for one symbol (timeline bar = candle index) with several legs
 * (a single leg runs in single-leg.ts): everything the loop touches is a local, and the stop check is a
 * two-comparison pre-filter (a gap through a level also shows in the low/high) before the full checkExit.
 */
export function runSingleSymbol(sim: Simulation, end: number): void {
  const { K, portfolio: pf, prepared, signal, slotWarmup, riskFloor, slippage } = sim;
  const sc = sim.series[0];
  const high = sc.high, low = sc.low, close = sc.close;
  const direction = pf.direction, stopLoss = pf.stopLoss, takeProfit = pf.takeProfit, lastClose = pf.lastClose;
  const equity = sim.equity, history = sim.history;
  const last = sim.lastIndex[0];
  const hasTrailing = sim.trailing === sim.trailing;
  let top = sim.peak;
  let bar = sim.t;
  for (; bar < end; bar++) {
    if (sim.pendingCount > 0) fillPending(sim, bar);
    const c = close[bar];
    lastClose[0] = c;
    let e = pf.cash;
    if (direction[0] !== FLAT) {
      const d = direction[0], stop = stopLoss[0], target = takeProfit[0];
      if (hasTrailing || (d > 0 ? low[bar] <= stop || high[bar] >= target : high[bar] >= stop || low[bar] <= target)) {
        checkProtectiveExits(sim, 0, bar);
      }
      if (bar === last && direction[0] !== FLAT) {
        pf.close(0, slipped(c, -direction[0], slippage), bar, false, END_OF_DATA);
      }
      e = pf.cash + pf.positionValue(0, c);
    }
    equity[bar] = e;
    if (e > top) top = e;
    if (e < top * riskFloor) return riskStop(sim, bar, top);
    if (pf.cash !== history.lastCash || pf.openCount !== history.lastOpen) history.record(bar, pf.cash, pf.openCount);
    if (bar >= last) continue;
    for (let k = 0; k < K; k++) {
      if (bar < slotWarmup[k]) continue;
      signal.reset();
      prepared[k].decide(bar, signal);
      if (signal.direction !== NONE) onSignal(sim, k, 0, bar);
    }
  }
  sim.peak = top;
  sim.t = bar;
  if (bar >= sim.T) sim.done = true;
}
