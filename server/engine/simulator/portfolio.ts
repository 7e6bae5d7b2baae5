import { bracketFor, type LeverageBracket } from '../futures/leverage-brackets.ts';
import { liquidationPrice } from '../futures/liquidation.ts';
import { LIQUIDATION, TAKE_PROFIT, TradeLog } from './trade-log.ts';

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
 * A spot SHORT is liquidated where its collateral plus unrealised P/L only pays the exit fee
 * (2 × entry / (1 + taker fee)), so it never owes more than it holds.
 *
 * Futures (isolated margin): a position ties up margin = notional / leverage (cash −= margin + fee) and is
 * worth margin + side × qty × (price − entry); funding is paid from or into its margin, and it is
 * liquidated at Binance's liquidation price for its bracket, losing its whole margin.
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
  /** Futures: the position's isolated margin (funding included); its maintenance tier. */
  readonly margin: Float64Array;
  readonly maintenanceRate: Float64Array;
  readonly maintenanceAmount: Float64Array;
  /** Where the position is liquidated (NaN: never, a spot LONG). */
  readonly liquidation: Float64Array;
  /** Funding received (+) or paid (−) since entry. */
  readonly funding: Float64Array;
  /** Entry time when the entry filled inside a bar (NaN: the entry candle's open). */
  readonly entryTime: Float64Array;
  /** How the entry filled (ENTRY_KINDS code of trade-log.ts). */
  readonly entryKind: Int8Array;
  /** Exit time of the close being recorded when it filled inside a detail candle (NaN: derived from the bar). */
  exitTime = NaN;
  /** Fee of the close being recorded (read by the trade log). */
  exitFee = 0;
  liquidations = 0;
  fundingTotal = 0;

  /**
   * `feeRate`: the taker rate (market and stop fills); `makerFeeRate`: limit fills. `brackets`: per symbol
   * (futures only, else null); `leverage` 1 on spot.
   */
  constructor(
    readonly symbols: readonly string[],
    initialCapital: number,
    readonly feeRate: number,
    tradeChunks: Float64Array[] | null,
    readonly makerFeeRate: number = feeRate,
    readonly leverage: number = 1,
    readonly brackets: readonly (readonly LeverageBracket[])[] | null = null,
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
    this.margin = new Float64Array(n);
    this.maintenanceRate = new Float64Array(n);
    this.maintenanceAmount = new Float64Array(n);
    this.liquidation = new Float64Array(n).fill(NaN);
    this.funding = new Float64Array(n);
    this.entryTime = new Float64Array(n).fill(NaN);
    this.entryKind = new Int8Array(n);
    this.futures = brackets !== null;
  }

  readonly futures: boolean;

  /** Value of symbol s's position at price p (0 when flat). */
  positionValue(s: number, p: number): number {
    const d = this.direction[s];
    if (d === FLAT) return 0;
    if (this.futures) {
      // Isolated margin: a position can lose its margin and no more (the exchange liquidates it first).
      const value = this.margin[s] + d * this.quantity[s] * (p - this.entryPrice[s]);
      return value > 0 ? value : 0;
    }
    return markedValue(d, this.quantity[s], this.entryPrice[s], p);
  }

  /** cash + every open position marked at its symbol's last close. */
  equity(): number {
    let e = this.cash;
    if (this.openCount === 0) return e;
    const dir = this.direction;
    for (let s = 0; s < dir.length; s++) if (dir[s] !== FLAT) e += this.positionValue(s, this.lastClose[s]);
    return e;
  }

  /** Cash an entry of qty at price needs: notional (futures: margin = notional / leverage) + entry fee at feeRate. */
  entryCost(quantity: number, price: number, feeRate = this.feeRate): number {
    return this.futures ? quantity * price * (1 / this.leverage + feeRate) : quantity * price * (1 + feeRate);
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
    feeRate = this.feeRate,
  ): void {
    const fee = quantity * price * feeRate;
    if (this.futures) {
      const margin = (quantity * price) / this.leverage;
      const bracket = bracketFor(this.brackets![s], quantity * price);
      this.cash -= margin + fee;
      this.margin[s] = margin;
      this.maintenanceRate[s] = bracket.maintenanceMarginRate;
      this.maintenanceAmount[s] = bracket.maintenanceAmount;
      this.liquidation[s] = liquidationPrice(direction, quantity, price, margin, bracket);
    } else {
      this.cash -= quantity * price + fee;
      this.liquidation[s] = direction < 0 ? (2 * price) / (1 + this.feeRate) : NaN;
    }
    this.funding[s] = 0;
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
    const value = this.positionValue(s, price);
    let exitFee = this.quantity[s] * price * (reason === TAKE_PROFIT ? this.makerFeeRate : this.feeRate);
    if (reason === LIQUIDATION) {
      // What is left of the margin (taker fee included) goes to the exchange: the position loses it all.
      exitFee = value > 0 ? value : 0;
      this.liquidations++;
    } else if (this.futures && exitFee > value) {
      // An exit beyond the liquidation price (a gap) leaves no margin to pay a fee from: it costs the margin, no more.
      exitFee = value;
    }
    this.exitFee = exitFee;
    // Recorded first: the log reads the position's columns (and the fee set above).
    this.trades.record(this, s, price, bar, atOpen, reason);
    this.cash += value - exitFee;
    this.feesPaid += exitFee;
    this.direction[s] = FLAT;
    this.entryTime[s] = NaN;
    this.exitTime = NaN;
    this.openCount--;
  }

  /** Funding on symbol s's futures position: into or out of its margin, which moves its liquidation price. */
  applyFunding(s: number, payment: number): void {
    this.margin[s] += payment;
    this.funding[s] += payment;
    this.fundingTotal += payment;
    const bracket = { notionalFloor: 0, maxLeverage: 0, maintenanceMarginRate: this.maintenanceRate[s], maintenanceAmount: this.maintenanceAmount[s] };
    this.liquidation[s] = liquidationPrice(this.direction[s], this.quantity[s], this.entryPrice[s], this.margin[s], bracket);
  }
}
