import { TradeLog } from './trade-log.ts';

export const FLAT = 0;

/** The margin model's mark of one position (below): LONG qty × price, SHORT qty × (2 × entry − price). */
export function markedValue(direction: number, quantity: number, entryPrice: number, price: number): number {
  return direction > 0 ? quantity * price : quantity * (2 * entryPrice - price);
}

/**
 * Cash and open positions, one slot per symbol (at most one position per symbol), struct-of-arrays.
 *
 * Margin model: a position of either side ties up its entry notional. A LONG buys the asset
 * (cash −= qty × entry + fee) and is worth qty × close. A SHORT sells borrowed units and keeps the
 * proceeds plus the same amount of our own cash as 1× collateral, so cash −= qty × entry + fee as well and
 * the position is worth collateral + unrealised P/L = qty × (2 × entry − close). Cash is therefore never
 * counted twice, and equity = cash + Σ position values is the same formula for both sides.
 */
export class Portfolio {
  cash: number;
  openCount = 0;
  feesPaid = 0;
  /** Closed trades, as typed-array rows (objects are built only for the result). */
  readonly trades: TradeLog;

  readonly direction: Int8Array;
  readonly quantity: Float64Array;
  readonly entryPrice: Float64Array;
  readonly entryFee: Float64Array;
  readonly entryBar: Int32Array;
  readonly stopLoss: Float64Array;
  readonly takeProfit: Float64Array;
  /** Best price since entry (highest high for LONG, lowest low for SHORT), for the trailing stop. */
  readonly bestPrice: Float64Array;
  readonly confidence: Float64Array;
  readonly legIndex: Int32Array;
  /** The (leg, symbol) slot that opened the position and the bar of its signal (for the trade's signal indicators). */
  readonly slot: Int32Array;
  readonly signalBar: Int32Array;
  /** Last close seen per symbol: positions are marked at it. */
  readonly lastClose: Float64Array;

  constructor(
    readonly symbols: readonly string[],
    initialCapital: number,
    readonly feeRate: number,
    tradeChunks: Float64Array[] | null,
  ) {
    const n = symbols.length;
    this.trades = new TradeLog(tradeChunks);
    this.cash = initialCapital;
    this.direction = new Int8Array(n);
    this.quantity = new Float64Array(n);
    this.entryPrice = new Float64Array(n);
    this.entryFee = new Float64Array(n);
    this.entryBar = new Int32Array(n);
    this.stopLoss = new Float64Array(n);
    this.takeProfit = new Float64Array(n);
    this.bestPrice = new Float64Array(n);
    this.confidence = new Float64Array(n);
    this.legIndex = new Int32Array(n);
    this.slot = new Int32Array(n);
    this.signalBar = new Int32Array(n);
    this.lastClose = new Float64Array(n).fill(NaN);
  }

  /** Value of symbol s's position at price p (0 when flat). */
  positionValue(s: number, p: number): number {
    const d = this.direction[s];
    return d === FLAT ? 0 : markedValue(d, this.quantity[s], this.entryPrice[s], p);
  }

  /** cash + every open position marked at its symbol's last close. */
  equity(): number {
    let e = this.cash;
    if (this.openCount === 0) return e;
    const dir = this.direction;
    for (let s = 0; s < dir.length; s++) if (dir[s] !== FLAT) e += this.positionValue(s, this.lastClose[s]);
    return e;
  }

  /** Cash an entry of qty at price needs: notional + entry fee. */
  entryCost(quantity: number, price: number): number {
    return quantity * price * (1 + this.feeRate);
  }

  open(
    s: number,
    direction: number,
    quantity: number,
    price: number,
    bar: number,
    stopLoss: number,
    takeProfit: number,
    confidence: number,
    legIndex: number,
    slot: number,
    signalBar: number,
  ): void {
    const fee = quantity * price * this.feeRate;
    this.cash -= quantity * price + fee;
    this.feesPaid += fee;
    this.direction[s] = direction;
    this.quantity[s] = quantity;
    this.entryPrice[s] = price;
    this.entryFee[s] = fee;
    this.entryBar[s] = bar;
    this.stopLoss[s] = stopLoss;
    this.takeProfit[s] = takeProfit;
    this.bestPrice[s] = price;
    this.confidence[s] = confidence;
    this.legIndex[s] = legIndex;
    this.slot[s] = slot;
    this.signalBar[s] = signalBar;
    this.openCount++;
  }

  /**
   * Closes symbol s's position at price on its candle `bar` and records the trade (`reason`: an exit-reason
   * code of trade-log.ts; `atOpen`: filled at the candle's open rather than inside it or at its close).
   */
  close(s: number, price: number, bar: number, atOpen: boolean, reason: number): void {
    // Recorded first: the log reads the position's columns and computes the exit fee once, for both.
    const exitFee = this.trades.record(this, s, price, bar, atOpen, reason);
    this.cash += this.positionValue(s, price) - exitFee;
    this.feesPaid += exitFee;
    this.direction[s] = FLAT;
    this.openCount--;
  }
}
