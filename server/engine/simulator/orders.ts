import { bracketFor } from '../futures/leverage-brackets.ts';
import {
  EXIT as importedEXIT,
  EXIT_LONG as importedEXIT_LONG,
  LONG as importedLONG,
  NO_ENTRY_PRICE as importedNO_ENTRY_PRICE,
  NONE as importedNONE,
  SHORT as importedSHORT,
} from '../strategies/types.ts';
import { slipped } from './fills.ts';
import { LIMIT_ENTRY as importedLIMIT_ENTRY, MARKET_ENTRY as importedMARKET_ENTRY } from './entry-types.ts';
import { IGNORE as importedIGNORE, REVERSE as importedREVERSE } from './opposite-signal.ts';
import { FLAT as importedFLAT } from './portfolio.ts';
import { entryBefore } from './slot-ranking.ts';
import type { Simulation } from './simulation.ts';
import { sizedQuantity } from './entry-sizing.ts';
import type { SkipReason } from './sizing.ts';
import { recordSkippedSignal } from './skipped-signals.ts';
import { ENTRY_MARKET as importedENTRY_MARKET, REVERSAL as importedREVERSAL, SIGNAL as importedSIGNAL } from './trade-log.ts';
import { fillAdd } from './scaling.ts';
// Codes read on the hot path, aliased here: an imported binding is reloaded from its module on every use in
// optimised code, a constant of this module is folded in.
const EXIT = importedEXIT, EXIT_LONG = importedEXIT_LONG, LONG = importedLONG, NO_ENTRY_PRICE = importedNO_ENTRY_PRICE, NONE = importedNONE,
  SHORT = importedSHORT, LIMIT_ENTRY = importedLIMIT_ENTRY, MARKET_ENTRY = importedMARKET_ENTRY, IGNORE = importedIGNORE, REVERSE = importedREVERSE,
  FLAT = importedFLAT, ENTRY_MARKET = importedENTRY_MARKET, REVERSAL = importedREVERSAL, SIGNAL = importedSIGNAL;

const NO_PENDING_EXIT = 0, PENDING_SIGNAL_EXIT = 1, PENDING_REVERSAL_EXIT = 2;


/**
 * Turns slot k's decision on candle i (in sim.signal) into a pending order. At most one position per symbol:
 * a leg manages only what it opened; a signal in the held direction adds to the position while it has had
 * fewer than pyramidingMaxAdds adds (else it is ignored); EXIT closes,
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
    else if (direction === held) {
      if (!queueAdd(sim, k, s, i, direction)) return;
    } else if (direction === -EXIT_LONG * held || sim.oppositeSignal === IGNORE) return;
    else sim.pendExit[k] = oppositeExit(sim, k, i, direction);
    sim.pendingCount++;
  } else if ((direction === LONG || (direction === SHORT && sim.allowShort)) && queueEntry(sim, k, i, direction)) {
    sim.pendingCount++;
  }
}

/** An opposite signal's exit: REVERSE also queues the entry of `direction` (a SHORT only with allowShort). */
function oppositeExit(sim: Simulation, k: number, i: number, direction: number): number {
  const reverse = sim.oppositeSignal === REVERSE && (direction === LONG || sim.allowShort);
  return reverse && queueEntry(sim, k, i, direction) ? PENDING_REVERSAL_EXIT : PENDING_SIGNAL_EXIT;
}

/** Pyramiding: an add to slot k's position on symbol s at the next open, the signal's stop sizing it (RISK_PERCENT); false when none may be queued. */
function queueAdd(sim: Simulation, k: number, s: number, i: number, direction: number): boolean {
  if (sim.portfolio.adds[s] >= sim.maxAdds || sim.pendAdd[k] !== NONE) return false;
  sim.pendAdd[k] = direction;
  sim.pendStop[k] = sim.signal.stopLoss;
  sim.pendSignalBar[k] = i;
  return true;
}

/** Queues slot k's entry from the signal on candle i; false when it is skipped (a named entry price missing on that bar). */
function queueEntry(sim: Simulation, k: number, i: number, direction: number): boolean {
  const signal = sim.signal;
  if (sim.entryType !== MARKET_ENTRY && !placeRestingEntry(sim, k, i, direction)) return false;
  sim.pendEntry[k] = direction;
  sim.pendConfidence[k] = signal.confidence;
  sim.pendStop[k] = signal.stopLoss;
  sim.pendTarget[k] = signal.takeProfit;
  sim.pendTrailFraction[k] = signal.trailingFraction;
  sim.pendTrailDistance[k] = signal.trailingDistance;
  sim.pendSignalBar[k] = i;
  return true;
}

/**
 * A limit or stop entry at the price the strategy names (Signal.entryPrice), else from the signal close of candle i: LIMIT buys below / sells above it by the offset,
 * STOP (and STOP_LIMIT's trigger) buys above / sells below it; STOP_LIMIT's limit lies stopLimitOffset
 * beyond the trigger. It can fill on the orderValidBars candles after i. A newer signal replaces an
 * order still resting (the old one counts as cancelled). False when the strategy names entry prices but has none on this bar (skipped).
 */
function placeRestingEntry(sim: Simulation, k: number, i: number, direction: number): boolean {
  if (sim.signal.entryPrice === NO_ENTRY_PRICE) {
    sim.skip('NO_ENTRY_PRICE');
    return false;
  }
  const s = sim.slotSymbol[k];
  if (sim.pendEntry[k] !== NONE) cancelResting(sim, k, i);
  const price = sim.signal.entryPrice === sim.signal.entryPrice ? sim.signal.entryPrice : offsetEntryPrice(sim, s, i, direction);
  sim.restPrice[k] = price;
  sim.restLimit[k] = price * (1 + direction * sim.stopLimitOffset);
  sim.restTriggered[k] = 0;
  sim.restExpires[k] = i + sim.orderValidBars;
  return true;
}

/** The entry price the run's settings give: entryOffset (percent of the close or × ATR) from the signal close, below for a LIMIT buy. */
function offsetEntryPrice(sim: Simulation, s: number, i: number, direction: number): number {
  const close = sim.closes[s][i];
  const atr = sim.execution.atr[s];
  const offset = atr === null ? (close * sim.entryOffset) / 100 : atr[i] * sim.entryOffset;
  const toward = sim.entryType === LIMIT_ENTRY ? -direction : direction;
  return close + toward * (offset === offset ? offset : 0);
}

/** Slot k's resting entry is cancelled at candle i of its symbol (expired, replaced or out of data). */
export function cancelResting(sim: Simulation, k: number, i: number): void {
  sim.cancelled++;
  if (sim.keepEvents) {
    const s = sim.slotSymbol[k];
    const sc = sim.series[s];
    sim.cancelledOrders.push({
      legIndex: sim.slotLeg[k],
      symbol: sc.symbol,
      direction: sim.pendEntry[k] > 0 ? 'LONG' : 'SHORT',
      type: (['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT'] as const)[sim.entryType],
      price: sim.restPrice[k],
      placedTimeMs: sc.openTime[sim.pendSignalBar[k]],
      cancelledTimeMs: sc.openTime[i],
    });
  }
  sim.pendEntry[k] = NONE;
}

/** Step 1 of a bar: orders decided at the previous close fill at this open, all exits first, then entries in the declared ranking's order (slot-ranking.ts). */
export function fillPending(sim: Simulation, bar: number): void {
  if (sim.K === 1 && sim.S === 1) fillPendingSingle(sim, bar);
  else fillPendingSlots(sim, bar);
}

/** fillPending over every slot, on the union timeline. */
function fillPendingSlots(sim: Simulation, bar: number): void {
  const K = sim.K;
  const barOf = sim.timeline.barOf;
  const pendExit = sim.pendExit, pendEntry = sim.pendEntry, candidates = sim.candidates;
  for (let k = 0; k < K; k++) {
    if (pendExit[k] === NO_PENDING_EXIT) continue;
    const s = sim.slotSymbol[k], i = barOf[s][bar];
    if (i < 0) continue;
    fillExit(sim, k, s, i);
  }
  // Adds to open positions come before new entries, in slot order.
  for (let k = 0; k < K && sim.maxAdds > 0; k++) {
    if (sim.pendAdd[k] === NONE) continue;
    const i = barOf[sim.slotSymbol[k]][bar];
    if (i >= 0) fillAdd(sim, k, i);
  }
  let m = 0;
  // Limit and stop entries rest instead (intrabar.ts fills or cancels them).
  for (let k = 0; k < K && sim.entryType === MARKET_ENTRY; k++) {
    if (pendEntry[k] === NONE || barOf[sim.slotSymbol[k]][bar] < 0) continue;
    // Insertion sort: a handful of candidates at most, and no allocation.
    let j = m++;
    while (j > 0 && entryBefore(sim, k, candidates[j - 1])) {
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
  for (let k = 0; k < K; k++) if (pendExit[k] !== NO_PENDING_EXIT || pendEntry[k] !== NONE || sim.pendAdd[k] !== NONE) pending++;
  sim.pendingCount = pending;
}

/** fillPending for one leg on one symbol: nothing to rank, and the timeline bar is the candle index. */
function fillPendingSingle(sim: Simulation, bar: number): void {
  if (sim.pendExit[0] !== NO_PENDING_EXIT) fillExit(sim, 0, 0, bar);
  if (sim.pendAdd[0] !== NONE) fillAdd(sim, 0, bar);
  if (sim.pendEntry[0] !== NONE && sim.entryType === MARKET_ENTRY) {
    tryEntry(sim, 0, bar);
    sim.pendEntry[0] = NONE;
  }
  sim.pendingCount = sim.pendEntry[0] !== NONE ? 1 : 0;
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
  const open = sim.series[sim.slotSymbol[k]].open[i];
  openPosition(sim, k, i, open, slipped(open, sim.pendEntry[k], sim.slippage), sim.takerFee, ENTRY_MARKET);
}

/**
 * Slot k's pending entry filled at `price` on candle i (`reference`: the price its stop is checked against,
 * the open for market entries; NaN for resting orders, which are not checked), or the reason it is skipped.
 * True when a position opened.
 */
export function openPosition(sim: Simulation, k: number, i: number, reference: number, price: number, feeRate: number, kind: number): boolean {
  const s = sim.slotSymbol[k];
  const pf = sim.portfolio;
  if (pf.direction[s] !== FLAT) return skipped(sim, k, i, 'SYMBOL_BUSY');
  if (pf.openCount >= sim.maxOpenPositions) return skipped(sim, k, i, 'MAX_OPEN_POSITIONS');
  const direction = sim.pendEntry[k];
  const stop = sim.pendStop[k], target = sim.pendTarget[k];
  // A level already crossed at a market fill invalidates the signal (it would exit at once, paying fees for
  // nothing). A resting order (reference NaN) was on the book: its fill stands, its levels apply from the next candle.
  if (reference === reference) {
    if (stop === stop && direction * (reference - stop) <= 0) return skipped(sim, k, i, 'STOP_BEYOND_FILL');
    if (target === target && direction * (target - price) <= 0) return skipped(sim, k, i, 'TARGET_BEYOND_FILL');
  }
  const quantity = sizedQuantity(sim, k, price, stop, feeRate);
  if (!(quantity > 0)) {
    recordSkippedSignal(sim, k, i, sim.lastSkipReason);
    return false;
  }
  if (pf.futures && aboveBracket(sim, s, quantity * price)) return skipped(sim, k, i, 'LEVERAGE_ABOVE_BRACKET');
  pf.open(s, direction, quantity, price, i, stop, target, sim.pendConfidence[k], sim.slotLeg[k], k, sim.pendSignalBar[k], feeRate);
  pf.entryKind[s] = kind;
  setTrailingStop(sim, k, s);
  return true;
}

/** Futures: whether the run's leverage is above what symbol s's bracket for `notional` allows. */
function aboveBracket(sim: Simulation, s: number, notional: number): boolean {
  return sim.leverage > bracketFor(sim.portfolio.brackets![s], notional).maxLeverage;
}

/** The trailing stop of the position slot k opened on symbol s: its signal's own, else the run's. */
function setTrailingStop(sim: Simulation, k: number, s: number): void {
  const pf = sim.portfolio;
  const fraction = sim.pendTrailFraction[k], distance = sim.pendTrailDistance[k];
  const own = fraction === fraction || distance === distance;
  pf.trailFraction[s] = own ? fraction : sim.trailing;
  pf.trailDistance[s] = own ? distance : NaN;
}

function skipped(sim: Simulation, k: number, i: number, reason: SkipReason): false {
  sim.skip(reason);
  recordSkippedSignal(sim, k, i, reason);
  return false;
}
