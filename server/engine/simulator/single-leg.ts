import type { CandleSeries } from '../contract.ts';
import { NONE, type PreparedStrategy } from '../strategies/types.ts';
import { checkProtectiveExits, riskStop } from './bar-loop.ts';
import { slipped } from './fills.ts';
import { fillPending, onSignal } from './orders.ts';
import { FLAT } from './portfolio.ts';
import type { Simulation } from './simulation.ts';
import { END_OF_DATA } from './trade-log.ts';

/**
 * runSingleSymbol for the commonest run, one leg on one symbol, with the same event order (bar-loop.ts).
 * Most bars have no order to fill and no decision to take: the strategy's nextDecision (types.ts) finds
 * the next bar that may signal with a tight loop over its own arrays, and every bar before it is a plain
 * stretch, run by a loop that does only what such a bar can do:
 *   - holding: the stop/target pre-filter and equity = cash + position value, the position's columns in
 *     locals (cash cannot change until the position exits);
 *   - flat: equity is the cash, constant, so the peak and the risk stop need one test for the stretch.
 * The "event" bars (a pending fill, a possible decision, the last candle) run the full per-bar sequence.
 * A stretch never contains a decision, so no order can appear inside it.
 */
export function runSingleLeg(sim: Simulation, end: number): void {
  const strategy = sim.prepared[0];
  const warmup = sim.slotWarmup[0], last = sim.lastIndex[0];
  // Decisions happen on bars < last only (no next open to fill at), and this slice stops at end.
  const decideEnd = end < last ? end : last;
  let bar = sim.t;
  let next = nextDecisionBar(strategy, bar, warmup, decideEnd);
  while (bar < end) {
    if (bar === next || sim.pendingCount > 0 || bar === last) {
      if (!eventBar(sim, strategy, bar, warmup, last)) return;
      if (bar === next) next = nextDecisionBar(strategy, bar + 1, warmup, decideEnd);
      bar++;
    } else {
      // next <= decideEnd <= last, so a stretch never reaches the last candle.
      const to = next < end ? next : end;
      if (!stretch(sim, bar, to)) return;
      bar = to;
    }
  }
  sim.t = bar;
  if (bar >= sim.T) sim.done = true;
}

/** The first bar >= from that needs a decision (`to` when none before it). */
function nextDecisionBar(strategy: PreparedStrategy, from: number, warmup: number, to: number): number {
  if (from < warmup) from = warmup;
  if (from >= to) return to;
  return strategy.nextDecision === undefined ? from : strategy.nextDecision(from, to);
}

/** Steps 1–5 for one bar, as runSingleSymbol does them. False when the risk stop ended the run. */
function eventBar(sim: Simulation, strategy: PreparedStrategy, bar: number, warmup: number, last: number): boolean {
  const pf = sim.portfolio;
  if (sim.pendingCount > 0) fillPending(sim, bar);
  const c = sim.closes[0][bar];
  pf.lastClose[0] = c;
  let e = pf.cash;
  if (pf.direction[0] !== FLAT) {
    protect(sim, bar);
    if (bar === last && pf.direction[0] !== FLAT) pf.close(0, slipped(c, -pf.direction[0], sim.slippage), bar, false, END_OF_DATA);
    e = pf.cash + pf.positionValue(0, c);
  }
  if (!account(sim, bar, e)) return false;
  if (bar >= last || bar < warmup) return true;
  const signal = sim.signal;
  signal.reset();
  strategy.decide(bar, signal);
  if (signal.direction !== NONE) onSignal(sim, 0, 0, bar);
  return true;
}

/** Step 2: the full check only when the bar's range reaches a level (a gap through one shows in it too), or always with a trailing stop. */
function protect(sim: Simulation, bar: number): void {
  const pf = sim.portfolio;
  const sc = sim.series[0];
  const d = pf.direction[0], stop = pf.stopLoss[0], target = pf.takeProfit[0];
  if (sim.trailing === sim.trailing || (d > 0 ? sc.low[bar] <= stop || sc.high[bar] >= target : sc.high[bar] >= stop || sc.low[bar] <= target)) {
    checkProtectiveExits(sim, 0, bar);
  }
}

/** Step 4 for one bar with equity e; false when the risk stop ended the run. */
function account(sim: Simulation, bar: number, e: number): boolean {
  sim.equity[bar] = e;
  let top = sim.peak;
  if (e > top) top = e;
  if (e < top * sim.riskFloor) {
    riskStop(sim, bar, top);
    return false;
  }
  sim.peak = top;
  const pf = sim.portfolio, history = sim.history;
  if (pf.cash !== history.lastCash || pf.openCount !== history.lastOpen) history.record(bar, pf.cash, pf.openCount);
  return true;
}

/** Bars [from, to): no fill, no decision, not the last candle. False when the risk stop ended the run. */
function stretch(sim: Simulation, from: number, to: number): boolean {
  const pf = sim.portfolio;
  let bar = from;
  if (pf.direction[0] !== FLAT) {
    bar = holding(sim, from, to);
    if (bar < 0) return false;
  }
  if (bar < to) {
    // Flat: cash is constant, so is equity; the peak and the risk stop move at the first bar or never.
    const e = pf.cash;
    if (!account(sim, bar, e)) return false;
    sim.equity.fill(e, bar + 1, to);
    sim.warmed = warmColumns(sim.series[0], bar, to + 2);
  }
  // lastClose is left behind here: it only marks an open position (Portfolio.equity), a stretch that ends
  // flat has none, and the event bar that opens the next one sets it (reading it here would be a cache miss).
  return true;
}

/**
 * Holding bars of [from, to) until the position exits: returns the bar after the exit (the rest of the
 * stretch is flat), `to` when it is still open, −1 when the risk stop ended the run.
 */
function holding(sim: Simulation, from: number, to: number): number {
  const pf = sim.portfolio;
  const sc = sim.series[0];
  const high = sc.high, low = sc.low, close = sc.close, equity = sim.equity;
  const floor = sim.riskFloor;
  const checkAlways = sim.trailing === sim.trailing;
  const d = pf.direction[0], stop = pf.stopLoss[0], target = pf.takeProfit[0];
  // positionValue's arithmetic, operand for operand: LONG qty × close, SHORT qty × (2 × entry − close).
  const cash = pf.cash, qty = pf.quantity[0], twiceEntry = 2 * pf.entryPrice[0];
  let top = sim.peak;
  for (let bar = from; bar < to; bar++) {
    const c = close[bar];
    if (checkAlways || (d > 0 ? low[bar] <= stop || high[bar] >= target : high[bar] >= stop || low[bar] <= target)) {
      sim.peak = top;
      checkProtectiveExits(sim, 0, bar);
      if (pf.direction[0] === FLAT) {
        pf.lastClose[0] = c;
        return account(sim, bar, pf.cash + pf.positionValue(0, c)) ? bar + 1 : -1;
      }
    }
    const e = d > 0 ? cash + qty * c : cash + qty * (twiceEntry - c);
    equity[bar] = e;
    if (e > top) top = e;
    if (e < top * floor) {
      pf.lastClose[0] = c;
      riskStop(sim, bar, top);
      return -1;
    }
  }
  sim.peak = top;
  pf.lastClose[0] = close[to - 1];
  return to;
}

/**
 * Reads the candle columns over [from, to) and returns a throwaway sum. After a flat stretch the event bars
 * read the close at its end and the open, high and low after it; with nothing read in between those are
 * four cache misses per signal once the columns outgrow the caches (1M candles are 8 MB a column), and JS
 * has no prefetch instruction. Reading one value per 64-byte line keeps the CPU's stream prefetchers on the
 * columns instead. Measured on the bench (1M bars, 34k signals): ~3 ms of ~18 ms saved; on a year of 5m
 * (105k bars, which stay in cache) it costs ~0.05 ms of 1.25 ms.
 */
function warmColumns(sc: CandleSeries, from: number, to: number): number {
  if (to > sc.length) to = sc.length;
  const open = sc.open, high = sc.high, low = sc.low, close = sc.close;
  let sum = 0;
  for (let i = from; i < to; i += 8) sum += open[i] + high[i] + low[i] + close[i];
  return sum;
}
