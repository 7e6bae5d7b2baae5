import type { OppositeSignalAction } from '../settings.ts';
import { EXIT, EXIT_LONG, LONG, NONE, SHORT } from '../strategies/types.ts';
import { slipped } from './fills.ts';
import { FLAT } from './portfolio.ts';
import type { Simulation } from './simulation.ts';
import { FIXED_QUOTE, desiredQuantity, roundDownToStep } from './sizing.ts';
import { REVERSAL, SIGNAL } from './trade-log.ts';

const NO_PENDING_EXIT = 0, PENDING_SIGNAL_EXIT = 1, PENDING_REVERSAL_EXIT = 2;

const REVERSE = 0, CLOSE = 1, IGNORE = 2;

export function oppositeSignalCode(action: OppositeSignalAction): number {
  return action === 'REVERSE' ? REVERSE : action === 'CLOSE' ? CLOSE : IGNORE;
}

/**
 * Turns slot k's decision on candle i (in sim.signal) into a pending order. At most one position per symbol:
 * a leg manages only what it opened; a signal in the held direction is ignored (no pyramiding); EXIT closes,
 * EXIT_LONG / EXIT_SHORT close only a position of their side;
 * an opposite signal follows oppositeSignal: REVERSE closes and queues the opposite entry at the same fill
 * (a SHORT without allowShort only closes), CLOSE only closes, IGNORE does nothing.
 */
export function onSignal(sim: Simulation, k: number, s: number, i: number): void {
  const direction = sim.signal.direction;
  const pf = sim.portfolio;
  const held = pf.direction[s];
  if (held !== FLAT && pf.legIndex[s] === sim.slotLeg[k]) {
    if (direction === EXIT || direction === EXIT_LONG * held) sim.pendExit[k] = PENDING_SIGNAL_EXIT;
    else if (direction === held || direction === -EXIT_LONG * held || sim.oppositeSignal === IGNORE) return;
    else {
      const reverse = sim.oppositeSignal === REVERSE && (direction === LONG || sim.allowShort);
      sim.pendExit[k] = reverse ? PENDING_REVERSAL_EXIT : PENDING_SIGNAL_EXIT;
      if (reverse) queueEntry(sim, k, i, direction);
    }
    sim.pendingCount++;
  } else if (direction === LONG || (direction === SHORT && sim.allowShort)) {
    queueEntry(sim, k, i, direction);
    sim.pendingCount++;
  }
}

function queueEntry(sim: Simulation, k: number, i: number, direction: number): void {
  const signal = sim.signal;
  sim.pendEntry[k] = direction;
  sim.pendConfidence[k] = signal.confidence;
  sim.pendStop[k] = signal.stopLoss;
  sim.pendTarget[k] = signal.takeProfit;
  sim.pendSignalBar[k] = i;
}

/** Sort order of simultaneous entries: confidence desc, then symbol name (= symbol index), then leg. */
function before(sim: Simulation, a: number, b: number): boolean {
  const conf = sim.pendConfidence;
  if (conf[a] !== conf[b]) return conf[a] > conf[b];
  if (sim.slotSymbol[a] !== sim.slotSymbol[b]) return sim.slotSymbol[a] < sim.slotSymbol[b];
  return sim.slotLeg[a] < sim.slotLeg[b];
}

/** Step 1 of a bar: orders decided at the previous close fill at this open, all exits first, then entries in rank order. */
export function fillPending(sim: Simulation, bar: number): void {
  const K = sim.K;
  if (K === 1 && sim.S === 1) return fillPendingSingle(sim, bar);
  const barOf = sim.timeline.barOf;
  const pendExit = sim.pendExit, pendEntry = sim.pendEntry, candidates = sim.candidates;
  for (let k = 0; k < K; k++) {
    if (pendExit[k] === NO_PENDING_EXIT) continue;
    const s = sim.slotSymbol[k], i = barOf[s][bar];
    if (i < 0) continue;
    fillExit(sim, k, s, i);
  }
  let m = 0;
  for (let k = 0; k < K; k++) {
    if (pendEntry[k] === NONE || barOf[sim.slotSymbol[k]][bar] < 0) continue;
    // Insertion sort: a handful of candidates at most, and no allocation.
    let j = m++;
    while (j > 0 && before(sim, k, candidates[j - 1])) {
      candidates[j] = candidates[j - 1];
      j--;
    }
    candidates[j] = k;
  }
  for (let c = 0; c < m; c++) {
    const k = candidates[c];
    tryEntry(sim, k, barOf[sim.slotSymbol[k]][bar]);
    pendEntry[k] = NONE;
  }
  let pending = 0;
  for (let k = 0; k < K; k++) if (pendExit[k] !== NO_PENDING_EXIT || pendEntry[k] !== NONE) pending++;
  sim.pendingCount = pending;
}

/** fillPending for one leg on one symbol: nothing to rank, and the timeline bar is the candle index. */
function fillPendingSingle(sim: Simulation, bar: number): void {
  if (sim.pendExit[0] !== NO_PENDING_EXIT) fillExit(sim, 0, 0, bar);
  if (sim.pendEntry[0] !== NONE) {
    tryEntry(sim, 0, bar);
    sim.pendEntry[0] = NONE;
  }
  sim.pendingCount = 0;
}

function fillExit(sim: Simulation, k: number, s: number, i: number): void {
  const pf = sim.portfolio;
  if (pf.direction[s] !== FLAT && pf.legIndex[s] === sim.slotLeg[k]) {
    const price = slipped(sim.series[s].open[i], -pf.direction[s], sim.slippage);
    pf.close(s, price, i, true, sim.pendExit[k] === PENDING_REVERSAL_EXIT ? REVERSAL : SIGNAL);
  }
  sim.pendExit[k] = NO_PENDING_EXIT;
}

/** Slot k's pending entry at candle i's open, or the reason it is skipped (sizing and cash rules in the README's engine section). */
function tryEntry(sim: Simulation, k: number, i: number): void {
  const s = sim.slotSymbol[k];
  const pf = sim.portfolio;
  if (pf.direction[s] !== FLAT) return sim.skip('SYMBOL_BUSY');
  if (pf.openCount >= sim.maxOpenPositions) return sim.skip('MAX_OPEN_POSITIONS');
  const direction = sim.pendEntry[k];
  const open = sim.series[s].open[i];
  const price = slipped(open, direction, sim.slippage);
  const stop = sim.pendStop[k], target = sim.pendTarget[k];
  // A level already crossed at the fill invalidates the signal (it would exit at once, paying fees for nothing).
  if (stop === stop && direction * (open - stop) <= 0) return sim.skip('STOP_BEYOND_FILL');
  if (target === target && direction * (target - price) <= 0) return sim.skip('TARGET_BEYOND_FILL');
  const equityNow = sim.sizingMode === FIXED_QUOTE ? pf.cash : pf.equity();
  if (!(equityNow > 0)) return sim.skip('NO_EQUITY');
  let quantity = desiredQuantity(sim.sizingMode, sim.sizingValue, price, equityNow, stop);
  if (quantity !== quantity) return sim.skip('NO_STOP_FOR_RISK_SIZING');
  if (pf.entryCost(quantity, price) > pf.cash) {
    if (pf.cash <= sim.dustCash) return sim.skip('INSUFFICIENT_CASH');
    // Never spend cash the account does not have: shrink to what cash pays for, fee included.
    quantity = (pf.cash / pf.entryCost(1, price)) * (1 - 1e-12);
    sim.shrunk++;
  }
  const step = sim.quantityStep;
  if (step > 0) {
    quantity = roundDownToStep(quantity, step, sim.qtyDecimals);
    if (quantity > 0 && pf.entryCost(quantity, price) > pf.cash) quantity = roundDownToStep(quantity - step, step, sim.qtyDecimals);
  }
  if (!(quantity > 0)) return sim.skip('ZERO_QUANTITY');
  if (quantity * price < sim.minNotional) return sim.skip('BELOW_MIN_NOTIONAL');
  pf.open(s, direction, quantity, price, i, stop, target, sim.pendConfidence[k], sim.slotLeg[k], k, sim.pendSignalBar[k]);
}
