import type { FillRecord } from '../contract.ts';
import { bracketFor } from '../futures/leverage-brackets.ts';
import { NONE as importedNONE } from '../strategies/types.ts';
import { slipped } from './fills.ts';
import { sizedQuantity } from './entry-sizing.ts';
import { FLAT as importedFLAT } from './portfolio.ts';
import type { Simulation } from './simulation.ts';
import { roundDownToStep } from './sizing.ts';
import { ADD_FILL_REASON, TAKE_PROFIT as importedTAKE_PROFIT, entryFillReason, exitTimeAt, partialTargetReason } from './trade-log.ts';
// Codes read on the hot path, aliased here: an imported binding is reloaded from its module on every use in
// optimised code, a constant of this module is folded in.
const NONE = importedNONE, FLAT = importedFLAT, TAKE_PROFIT = importedTAKE_PROFIT;

/**
 * Scaling out (partial targets) and pyramiding (adds): the fills that change an open position without
 * opening or closing it. Rules (README, simulation semantics):
 *   - partial target k lies at entry + side × levelR_k × R, R = |entry − stop| at the first fill; it closes
 *     fraction_k of the quantity entered (rounded down to the quantity step; the whole rest when that is
 *     all there is) as a limit order: at the level, or at a better open, maker fee, no slippage;
 *   - a target at or beyond the take-profit never fills (the take-profit closes everything first);
 *   - after the first partial target, breakEvenAfterFirstTarget moves the stop to the average entry (no
 *     fees in it), from the next candle on;
 *   - an add is a market fill at the open sized like an entry; the entry becomes the average, and the stop,
 *     take-profit, R and liquidation price follow it (Portfolio.add).
 */

/**
 * Partial targets of symbol s's position on one candle, before its stop and take-profit are checked
 * (level-checks.ts): those the open is already beyond fill at the open; then, unless the candle also
 * reaches the stop (whose fill is taken first, as when a candle touches a stop and a target), those the
 * candle's high (LONG) / low (SHORT) reaches fill at their levels, nearest first.
 */
export function takePartialTargets(sim: Simulation, s: number, i: number, open: number, high: number, low: number, stop: number, openTime: number, closeTime: number): void {
  const pf = sim.portfolio;
  const d = pf.direction[s];
  if (stop === stop && d * (open - stop) <= 0) return;
  takeReached(sim, s, i, open, true, openTime);
  if (pf.direction[s] === FLAT || (stop === stop && (d > 0 ? low <= stop : high >= stop))) return;
  takeReached(sim, s, i, d > 0 ? high : low, false, closeTime);
}

/** Fills the partial targets `extreme` reached: at the open when `atOpen`, else at each level. */
export function takeReached(sim: Simulation, s: number, i: number, extreme: number, atOpen: boolean, timeMs: number): void {
  const pf = sim.portfolio;
  const d = pf.direction[s];
  let level = pf.partialLevel(s);
  while (level === level && d * (extreme - level) >= 0) {
    takePartial(sim, s, i, atOpen ? extreme : level, atOpen, timeMs);
    if (pf.direction[s] === FLAT) return;
    level = pf.partialLevel(s);
  }
}

/** Fills the next partial target of symbol s at price on candle i (timeMs: the detail candle's time, NaN for the bar's). */
function takePartial(sim: Simulation, s: number, i: number, price: number, atOpen: boolean, timeMs: number): void {
  const pf = sim.portfolio;
  const k = pf.nextPartial[s];
  pf.nextPartial[s] = k + 1;
  let quantity = pf.enteredQuantity[s] * sim.partialFractions[k];
  if (sim.quantityStep > 0) quantity = roundDownToStep(quantity, sim.quantityStep, sim.qtyDecimals);
  if (quantity >= pf.quantity[s] * (1 - 1e-9)) {
    // The last of the position: the trade closes here (a take-profit; its fill names the target).
    keepFills(sim, s);
    pf.exitPartial = k + 1;
    if (timeMs === timeMs) pf.exitTime = timeMs;
    pf.close(s, price, i, atOpen, TAKE_PROFIT);
    return;
  }
  if (quantity > 0) {
    const fills = keepFills(sim, s);
    const fee = pf.reduce(s, quantity, price);
    if (fills !== null) {
      const time = timeMs === timeMs ? timeMs : exitTimeAt(sim.series[s], i, atOpen);
      fills.push(fillOf(sim, s, time, -pf.direction[s], price, quantity, fee, partialTargetReason(k + 1)));
    }
  }
  if (k === 0 && sim.breakEvenAfterFirstTarget) {
    const d = pf.direction[s], entry = pf.entryPrice[s], stop = pf.stopLoss[s];
    if (stop !== stop || d * (entry - stop) > 0) {
      pf.stopLoss[s] = entry;
      pf.stopAtBreakEven[s] = 1;
    }
  }
  pf.refreshNearTarget(s);
}

/**
 * Slot k's pending add at the open of candle i: a market fill sized like an entry, skipped for the entry
 * reasons (and when the stop or take-profit recomputed from the new average entry is already crossed).
 */
export function fillAdd(sim: Simulation, k: number, i: number): void {
  const d = sim.pendAdd[k];
  sim.pendAdd[k] = NONE;
  const s = sim.slotSymbol[k];
  const pf = sim.portfolio;
  if (pf.direction[s] !== d || pf.legIndex[s] !== sim.slotLeg[k]) return;
  const open = sim.series[s].open[i];
  const price = slipped(open, d, sim.slippage);
  const quantity = sizedQuantity(sim, k, price, sim.pendStop[k], sim.takerFee);
  if (!(quantity > 0)) return;
  const held = pf.quantity[s];
  const average = (held * pf.entryPrice[s] + quantity * price) / (held + quantity);
  const stop = pf.stopAtBreakEven[s] === 1 ? average : average * pf.stopRatio[s];
  const target = average * pf.targetRatio[s];
  if (stop === stop && d * (open - stop) <= 0) return sim.skip('STOP_BEYOND_FILL');
  if (target === target && d * (target - price) <= 0) return sim.skip('TARGET_BEYOND_FILL');
  if (pf.futures && sim.leverage > bracketFor(pf.brackets![s], (held + quantity) * average).maxLeverage) return sim.skip('LEVERAGE_ABOVE_BRACKET');
  const fills = keepFills(sim, s);
  if (fills !== null) fills.push(fillOf(sim, s, sim.series[s].openTime[i], d, price, quantity, quantity * price * sim.takerFee, ADD_FILL_REASON));
  pf.add(s, quantity, price, sim.takerFee);
}

/**
 * Full runs only: the fills kept for symbol s's open position, started with its entry fill the first time
 * the position changes (so read before the change). Null in the lean path, which keeps no fills.
 */
export function keepFills(sim: Simulation, s: number): FillRecord[] | null {
  const pf = sim.portfolio;
  const open = pf.openFills;
  if (open === null) return null;
  let fills = open[s];
  if (fills === null) {
    const t = pf.entryTime[s];
    const time = t === t ? t : sim.series[s].openTime[pf.entryBar[s]];
    fills = open[s] = [fillOf(sim, s, time, pf.direction[s], pf.entryPrice[s], pf.quantity[s], pf.entryFee[s], entryFillReason(pf.entryKind[s]))];
  }
  return fills;
}

export function fillOf(sim: Simulation, s: number, timeMs: number, side: number, price: number, quantity: number, fee: number, reason: string): FillRecord {
  return { tradeIndex: -1, symbol: sim.series[s].symbol, timeMs, side: side > 0 ? 'BUY' : 'SELL', price, quantity, fee, reason };
}
