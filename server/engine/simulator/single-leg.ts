import type { CandleSeries } from '../contract.ts';
import type { PreparedStrategy } from '../strategies/types.ts';
import { account, advanceTo, checkProtectiveExits, decide, mayDecide, riskStop, settleSymbol } from './bar-steps.ts';
import { levelTouched } from './fills.ts';
import { fillPending } from './orders.ts';
import { FLAT as importedFLAT, markedValue } from './portfolio.ts';
import type { Simulation } from './simulation.ts';
// Codes read on the hot path, aliased here: an imported binding is reloaded from its module on every use in
// optimised code, a constant of this module is folded in.
const FLAT = importedFLAT;

/**
 * The commonest run, one leg on one symbol, through the same steps as every run (bar-steps.ts).
 * Most bars have no order to fill and no decision to take: the strategy's nextDecision (types.ts) finds
 * the next bar that may signal with a tight loop over its own arrays, and every bar before it is a plain
 * stretch, run by a loop that does only what such a bar can do:
 *   - holding: step 2 behind its pre-filter, and step 4 with the position in locals (cash cannot change
 *     until the position exits);
 *   - flat: equity is the cash, constant, so step 4 runs once for the stretch.
 * The "event" bars (a pending fill, a possible decision, the last candle) run every step (eventBar).
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
  advanceTo(sim, bar);
}

/** The first bar >= from that needs a decision (`to` when none before it). */
function nextDecisionBar(strategy: PreparedStrategy, from: number, warmup: number, to: number): number {
  if (from < warmup) from = warmup;
  if (from >= to) return to;
  return strategy.nextDecision === undefined ? from : strategy.nextDecision(from, to);
}

/**
 * simulateBar (bar-steps.ts) for one symbol and one leg: the same step functions without the loops over
 * symbols and legs, with the strategy, its warm-up and last candle in locals. Through simulateBar the bench
 * loop was ~15 % slower; looking the strategy up in step 5 (sim.prepared[k]) cost a few per cent more.
 */
function eventBar(sim: Simulation, strategy: PreparedStrategy, bar: number, warmup: number, last: number): boolean {
  if (sim.pendingCount > 0) fillPending(sim, bar);
  settleSymbol(sim, 0, bar);
  const pf = sim.portfolio;
  if (!account(sim, bar, pf.cash + pf.positionValue(0, sim.closes[0][bar]))) return false;
  if (mayDecide(bar, warmup, last)) decide(sim, strategy, 0, 0, bar);
  return true;
}

/** Bars [from, to): no fill, no decision, not the last candle. False when the risk stop ended the run. */
function stretch(sim: Simulation, from: number, to: number): boolean {
  const pf = sim.portfolio;
  let bar = from;
  while (bar < to && pf.direction[0] !== FLAT) {
    bar = holding(sim, bar, to);
    if (bar < 0) return false;
  }
  if (bar < to) {
    // Flat: cash is constant, so is equity; the peak and the risk stop move at the first bar or never.
    const e = pf.cash;
    if (!account(sim, bar, e)) return false;
    // A plain loop rather than TypedArray.fill: a flat stretch is some tens of bars, fewer than the builtin's call costs.
    const equity = sim.equity;
    for (let b = bar + 1; b < to; b++) equity[b] = e;
    sim.warmed = warmColumns(sim.series[0], bar, to + 2);
  }
  // lastClose is left behind here: it only marks an open position (Portfolio.equity), a stretch that ends
  // flat has none, and the event bar that opens the next one sets it (reading it here would be a cache miss).
  return true;
}

/**
 * Holding bars of [from, to) until the position exits or changes: returns the bar after the exit (the rest
 * of the stretch is flat) or after a partial exit (the position goes on, with less held), `to` when it is
 * still open, −1 when the risk stop ended the run. Step 3 cannot happen here (a stretch ends before the last
 * candle), nor an add (it fills at an event bar's open). This loop is most of a run's bars, so step 4's
 * arithmetic is spelled out over locals rather than calling account() per bar (measured ~20 % slower on the
 * bench); kept small, as V8 inlines it into stretch() only below its bytecode-size limit.
 */
function holding(sim: Simulation, from: number, to: number): number {
  const pf = sim.portfolio;
  const sc = sim.series[0];
  const high = sc.high, low = sc.low, close = sc.close, equity = sim.equity;
  const floor = sim.riskFloor;
  const checkAlways = pf.trails(0);
  const d = pf.direction[0];
  const stop = pf.guardLevel(0), target = pf.nearTarget[0];
  const cash = pf.cash, qty = pf.quantity[0], entry = pf.entryPrice[0];
  let peak = sim.peak;
  for (let bar = from; bar < to; bar++) {
    const c = close[bar];
    if (checkAlways || levelTouched(d, high[bar], low[bar], stop, target)) {
      sim.peak = peak;
      checkProtectiveExits(sim, 0, bar);
      if (pf.direction[0] === FLAT || pf.quantity[0] !== qty) {
        // It exited, or a partial target filled (cash took the proceeds, the stop may be at break-even): the caller goes on from the next bar.
        pf.lastClose[0] = c;
        return account(sim, bar, pf.cash + pf.positionValue(0, c)) ? bar + 1 : -1;
      }
    }
    // account() with the account in locals: cash and the open count cannot change while the position is open.
    const e = cash + markedValue(d, qty, entry, c);
    equity[bar] = e;
    if (e > peak) peak = e;
    if (e < peak * floor) {
      riskStop(sim, bar, peak);
      return -1;
    }
  }
  sim.peak = peak;
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
