import { TAKE_PROFIT as importedTAKE_PROFIT } from './trade-log.ts';
// Codes read on the hot path, aliased here: an imported binding is reloaded from its module on every use in
// optimised code, a constant of this module is folded in.
const TAKE_PROFIT = importedTAKE_PROFIT;

/**
 * Market fills move against the trader: buys at price × (1 + bps/10⁴), sells at price × (1 − bps/10⁴).
 * `side` is +1 for a buy, −1 for a sell.
 */
export function slipped(price: number, side: number, slippage: number): number {
  return price * (1 + side * slippage);
}

/** Written by checkExit (one shared instance, no allocation per bar). */
export interface ExitFill {
  price: number;
  /** Exit-reason code (trade-log.ts). */
  reason: number;
  /** True when the level was gapped through and the fill is at the bar's open. */
  atOpen: boolean;
}

/**
 * Protective exits for a position of `direction` (±1) on one bar, checked in this order:
 *   1. the bar opens at or beyond the stop  → fill at the open (gap), stop reason;
 *   2. the bar opens at or beyond the target → fill at the open (a limit fills at the better price);
 *   3. the low (LONG) / high (SHORT) reaches the stop → fill at the stop;
 *   4. the high (LONG) / low (SHORT) reaches the target → fill at the target.
 * When stop and target both lie inside the bar, 3 wins: the path inside a bar is unknown, so the
 * conservative assumption is that the stop came first (as backtesting.py and Freqtrade do).
 * `stop` is the effective stop (the tighter of stop-loss and trailing stop), NaN = none; `stopReason`
 * names which one it is (an exit-reason code). Stop fills are market orders (slippage applies); target fills are limit orders
 * (none). Returns false when nothing triggers.
 */
export function checkExit(
  direction: number,
  open: number,
  high: number,
  low: number,
  stop: number,
  stopReason: number,
  target: number,
  slippage: number,
  out: ExitFill,
): boolean {
  const hasStop = stop === stop;
  const hasTarget = target === target;
  if (direction > 0) {
    if (hasStop && open <= stop) return fill(out, slipped(open, -1, slippage), stopReason, true);
    if (hasTarget && open >= target) return fill(out, open, TAKE_PROFIT, true);
    if (hasStop && low <= stop) return fill(out, slipped(stop, -1, slippage), stopReason, false);
    if (hasTarget && high >= target) return fill(out, target, TAKE_PROFIT, false);
  } else {
    if (hasStop && open >= stop) return fill(out, slipped(open, 1, slippage), stopReason, true);
    if (hasTarget && open <= target) return fill(out, open, TAKE_PROFIT, true);
    if (hasStop && high >= stop) return fill(out, slipped(stop, 1, slippage), stopReason, false);
    if (hasTarget && low <= target) return fill(out, target, TAKE_PROFIT, false);
  }
  return false;
}

/**
 * checkExit's cheap pre-filter: false only when checkExit would find nothing. The open lies in [low, high]
 * (validated candles), so a gap through a level also shows as the low (LONG) / high (SHORT) reaching the
 * stop or the high / low reaching the target. NaN levels compare false.
 */
export function levelTouched(direction: number, high: number, low: number, stop: number, target: number): boolean {
  return direction > 0 ? low <= stop || high >= target : high >= stop || low <= target;
}

function fill(out: ExitFill, price: number, reason: number, atOpen: boolean): true {
  out.price = price;
  out.reason = reason;
  out.atOpen = atOpen;
  return true;
}
