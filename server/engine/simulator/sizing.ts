import { MIN_PRICE } from '../candles.ts';
import type { SizingMode } from '../contract.ts';

/** Why an entry signal did not become a position; counted in BacktestResult.skippedEntries. */
export type SkipReason =
  | 'SYMBOL_BUSY'
  | 'MAX_OPEN_POSITIONS'
  | 'STOP_BEYOND_FILL'
  | 'TARGET_BEYOND_FILL'
  | 'NO_STOP_FOR_RISK_SIZING'
  | 'NO_EQUITY'
  | 'INSUFFICIENT_CASH'
  | 'ZERO_QUANTITY'
  | 'BELOW_MIN_NOTIONAL'
  | 'LEVERAGE_ABOVE_BRACKET'
  | 'NO_ENTRY_PRICE';

/** Decimal places of a quantity step (0.00001 → 5), so rounded quantities print exactly. */
export function stepDecimals(step: number): number {
  if (!(step > 0)) return 0;
  const text = step.toString();
  const exp = /e-(\d+)$/.exec(text);
  if (exp !== null) return Number(exp[1]) + (text.split('e')[0].split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}

/** Rounds a quantity down to a multiple of step (step 0 = unchanged). The 1e-9 absorbs 0.3 / 0.1 = 2.9999…. */
export function roundDownToStep(quantity: number, step: number, decimals: number): number {
  if (!(step > 0)) return quantity;
  const units = Math.floor(quantity / step + 1e-9);
  return units <= 0 ? 0 : Number((units * step).toFixed(decimals));
}

/** Sizing modes as integers for the entry path. */
export const FIXED_QUOTE = 0, PERCENT_EQUITY = 1, RISK_PERCENT = 2, EQUAL_SPLIT = 3;

export function sizingCode(mode: SizingMode): number {
  return mode === 'FIXED_QUOTE' ? FIXED_QUOTE : mode === 'PERCENT_EQUITY' ? PERCENT_EQUITY : mode === 'RISK_PERCENT' ? RISK_PERCENT : EQUAL_SPLIT;
}

/**
 * EQUAL_SPLIT: the quantity whose cost (notional, or margin on futures, plus the entry fee) is free cash / free
 * slots, free slots = maxOpenPositions − open positions (at least 1, for an add to a full book). Entries filling
 * at one open are sized one after the other, so k entries into an empty book of k slots each take cash / k.
 */
export function equalSplitQuantity(cash: number, freeSlots: number, costOfOneUnit: number): number {
  if (!(costOfOneUnit > 0 && costOfOneUnit < Infinity)) return 0;
  // The 1e-12 keeps the last slot's cost at or below the cash (else rounding would count it as shrunk to cash).
  return (cash / Math.max(1, freeSlots) / costOfOneUnit) * (1 - 1e-12);
}

/**
 * Quantity wanted before cash limits, for a sizingCode() mode (0 at a price that is not a finite
 * positive number: validateCandles refuses such candles, and nothing sized against one may trade):
 *   FIXED_QUOTE    value quote units of notional: value / price
 *   PERCENT_EQUITY value % of equity as notional: equity × value/100 / price
 *   RISK_PERCENT   lose value % of equity if the stop fills: equity × value/100 / |price − stop|
 * Returns NaN when RISK_PERCENT has no stop.
 */
export function desiredQuantity(mode: number, value: number, price: number, equity: number, stop: number): number {
  if (!(price >= MIN_PRICE && price < Infinity)) return 0;
  if (mode === FIXED_QUOTE) return value / price;
  if (mode === PERCENT_EQUITY) return (equity * value) / 100 / price;
  const distance = Math.abs(price - stop);
  return distance > 0 ? (equity * value) / 100 / distance : NaN;
}
