import type { ExitReason, TradeRecord } from '../contract.ts';
import type { PreparedStrategy } from '../strategies/types.ts';

/** Exit reasons as small integers on the hot path; EXIT_REASONS[code] is the contract's name. */
export const SIGNAL = 0, REVERSAL = 1, STOP_LOSS = 2, TAKE_PROFIT = 3, TRAILING_STOP = 4, RISK_STOP = 5, END_OF_DATA = 6;
export const EXIT_REASONS: readonly ExitReason[] = ['SIGNAL', 'REVERSAL', 'STOP_LOSS', 'TAKE_PROFIT', 'TRAILING_STOP', 'RISK_STOP', 'END_OF_DATA'];

// One row of STRIDE float64 per closed trade (integers up to 2^53 are exact in a float64).
const SLOT = 0, SYMBOL = 1, DIRECTION = 2, ENTRY_TIME = 3, EXIT_TIME = 4, ENTRY_BAR = 5, EXIT_BAR = 6, ENTRY_PRICE = 7;
const EXIT_PRICE = 8, QUANTITY = 9, FEES = 10, PROFIT_LOSS = 11, REASON = 12, CONFIDENCE = 13, STOP = 14, TARGET = 15;
const SIGNAL_BAR = 16;
const STRIDE = 17;

/**
 * Closed trades recorded as rows of one growable Float64Array: no object per trade while the bars run.
 * TradeRecord objects (and their signal indicators, read from the strategy at the stored signal bar) are
 * built once, by materialise(), when the result is asked for.
 */
export class TradeLog {
  count = 0;
  private rows: Float64Array;

  constructor(initialCapacity = 256) {
    this.rows = new Float64Array(Math.max(1, initialCapacity) * STRIDE);
  }

  /** Appends one closed trade. `slot` is the (leg, symbol) slot that opened it; `signalBar` the bar whose decision opened it. */
  record(
    slot: number,
    symbol: number,
    direction: number,
    entryTimeMs: number,
    exitTimeMs: number,
    entryBar: number,
    exitBar: number,
    entryPrice: number,
    exitPrice: number,
    quantity: number,
    fees: number,
    profitLoss: number,
    reason: number,
    confidence: number,
    stopLoss: number,
    takeProfit: number,
    signalBar: number,
  ): void {
    let r = this.rows;
    const o = this.count * STRIDE;
    if (o + STRIDE > r.length) r = this.grow();
    r[o + SLOT] = slot;
    r[o + SYMBOL] = symbol;
    r[o + DIRECTION] = direction;
    r[o + ENTRY_TIME] = entryTimeMs;
    r[o + EXIT_TIME] = exitTimeMs;
    r[o + ENTRY_BAR] = entryBar;
    r[o + EXIT_BAR] = exitBar;
    r[o + ENTRY_PRICE] = entryPrice;
    r[o + EXIT_PRICE] = exitPrice;
    r[o + QUANTITY] = quantity;
    r[o + FEES] = fees;
    r[o + PROFIT_LOSS] = profitLoss;
    r[o + REASON] = reason;
    r[o + CONFIDENCE] = confidence;
    r[o + STOP] = stopLoss;
    r[o + TARGET] = takeProfit;
    r[o + SIGNAL_BAR] = signalBar;
    this.count++;
  }

  private grow(): Float64Array {
    const bigger = new Float64Array(this.rows.length * 2);
    bigger.set(this.rows);
    this.rows = bigger;
    return bigger;
  }

  /** The contract's trade objects, in closing order. */
  materialise(symbols: readonly string[], slotLeg: ArrayLike<number>, prepared: readonly PreparedStrategy[]): TradeRecord[] {
    const r = this.rows;
    const out = new Array<TradeRecord>(this.count);
    for (let n = 0; n < this.count; n++) {
      const o = n * STRIDE;
      const slot = r[o + SLOT];
      const qty = r[o + QUANTITY], entry = r[o + ENTRY_PRICE], profitLoss = r[o + PROFIT_LOSS];
      const stop = r[o + STOP], target = r[o + TARGET];
      out[n] = {
        legIndex: slotLeg[slot],
        symbol: symbols[r[o + SYMBOL]],
        direction: r[o + DIRECTION] > 0 ? 'LONG' : 'SHORT',
        entryTimeMs: r[o + ENTRY_TIME],
        exitTimeMs: r[o + EXIT_TIME],
        entryBar: r[o + ENTRY_BAR],
        exitBar: r[o + EXIT_BAR],
        entryPrice: entry,
        exitPrice: r[o + EXIT_PRICE],
        quantity: qty,
        fees: r[o + FEES],
        profitLoss,
        profitLossPct: (profitLoss / (qty * entry)) * 100,
        exitReason: EXIT_REASONS[r[o + REASON]],
        confidence: r[o + CONFIDENCE],
        stopLoss: stop === stop ? stop : null,
        takeProfit: target === target ? target : null,
        signalIndicators: prepared[slot].indicatorsAt(r[o + SIGNAL_BAR]) ?? {},
      };
    }
    return out;
  }
}
