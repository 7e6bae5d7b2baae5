import type { FillRecord } from '../contract.ts';
import { bracketFor, type LeverageBracket } from '../futures/leverage-brackets.ts';
import { liquidationPrice } from '../futures/liquidation.ts';
import { LIQUIDATION as importedLIQUIDATION, TAKE_PROFIT as importedTAKE_PROFIT, TradeLog, type KeptFills } from './trade-log.ts';
// Codes read on the hot path, aliased here: an imported binding is reloaded from its module on every use in
// optimised code, a constant of this module is folded in.
const LIQUIDATION = importedLIQUIDATION, TAKE_PROFIT = importedTAKE_PROFIT;

export const FLAT = 0;

/** The margin model's mark of one position (below): LONG qty × price, SHORT qty × (2 × entry − price). */
export function markedValue(direction: number, quantity: number, entryPrice: number, price: number): number {
  return direction > 0 ? quantity * price : quantity * (2 * entryPrice - price);
}

/** A spot SHORT is liquidated where its collateral plus unrealised P/L only pays the exit fee; a spot LONG never (NaN). */
function spotShortLiquidation(direction: number, entryPrice: number, feeRate: number): number {
  return direction < 0 ? (2 * entryPrice) / (1 + feeRate) : NaN;
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
  /**
   * The position's trailing stop, set when it opens: a fraction of the best price (the run's
   * trailingStopPct, or the signal's own) or a price distance from it (the signal's); NaN = none.
   */
  readonly trailFraction: Float64Array;
  readonly trailDistance: Float64Array;
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
  // Scaling out and pyramiding. A position with one entry and one exit leaves these at their opening values,
  // so its trade row is computed exactly as it was before they existed.
  /** Quantity and notional (Σ quantity × price) of every entry fill of the position, adds included. */
  readonly enteredQuantity: Float64Array;
  readonly enteredNotional: Float64Array;
  /** Partial exits so far: quantity, notional, gross P/L against the average entry at the time, and fees. */
  readonly exitedQuantity: Float64Array;
  readonly exitedNotional: Float64Array;
  readonly realised: Float64Array;
  readonly partialFees: Float64Array;
  /** Price distance of 1R: |entry − stop| at the first fill, from the average entry after an add; NaN without a stop. */
  readonly riskUnit: Float64Array;
  /** Stop and take-profit as a ratio of the entry price at the first fill: an add keeps them at that distance from the average. */
  readonly stopRatio: Float64Array;
  readonly targetRatio: Float64Array;
  /** Index of the next partial target not yet filled. */
  readonly nextPartial: Int8Array;
  readonly adds: Int32Array;
  /** The stop sits at the average entry (break-even after the first partial target). */
  readonly stopAtBreakEven: Uint8Array;
  /** The nearest level that takes profit: the next partial target or the take-profit (what the pre-filters read). */
  readonly nearTarget: Float64Array;
  /**
   * Full runs only (null in the lean path): the fills of an open position that has had an add or a partial
   * exit (its entry, adds and partial exits), and those of closed trades by trade index, with their last exit.
   */
  readonly openFills: (FillRecord[] | null)[] | null;
  readonly extraFills = new Map<number, KeptFills>();
  /** The partial target (1-based) whose fill is the close being recorded, 0 when it is none. */
  exitPartial = 0;
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
    /** Scaling out: partial target levels in R, ascending (empty = off). */
    readonly partialTargetsR: Float64Array = new Float64Array(0),
    keepFills = false,
    /**
     * Whether a position can change between its entry and its exit (partial targets, adds, rebalancing):
     * without that the scaling columns are never written, and open() leaves them alone.
     */
    readonly scales = false,
    /** The run uses the execution model of intrabar.ts (its trades keep times inside a bar, funding and entry kinds). */
    timed = false,
  ) {
    const n = symbols.length;
    this.trades = new TradeLog(tradeChunks, timed);
    this.detailed = scales || timed;
    this.cash = initialCapital;
    this.direction = new Int8Array(n);
    this.quantity = new Float64Array(n);
    this.entryPrice = new Float64Array(n);
    this.entryFee = new Float64Array(n);
    this.entryBar = new Int32Array(n);
    this.stopLoss = new Float64Array(n);
    this.takeProfit = new Float64Array(n);
    this.bestPrice = new Float64Array(n);
    this.trailFraction = new Float64Array(n).fill(NaN);
    this.trailDistance = new Float64Array(n).fill(NaN);
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
    this.enteredQuantity = new Float64Array(n);
    this.enteredNotional = new Float64Array(n);
    this.exitedQuantity = new Float64Array(n);
    this.exitedNotional = new Float64Array(n);
    this.realised = new Float64Array(n);
    this.partialFees = new Float64Array(n);
    this.riskUnit = new Float64Array(n);
    this.stopRatio = new Float64Array(n);
    this.targetRatio = new Float64Array(n);
    this.nextPartial = new Int8Array(n);
    this.adds = new Int32Array(n);
    this.stopAtBreakEven = new Uint8Array(n);
    this.nearTarget = new Float64Array(n);
    this.openFills = keepFills ? new Array<FillRecord[] | null>(n).fill(null) : null;
    this.futures = brackets !== null;
  }

  readonly futures: boolean;
  /** The run scales positions or uses the execution model of intrabar.ts: its trades record more than a plain one (recordDetails). */
  private readonly detailed: boolean;

  /** Whether symbol s's position has a trailing stop (its level moves every bar, so every bar is checked). */
  trails(s: number): boolean {
    const fraction = this.trailFraction[s], distance = this.trailDistance[s];
    return fraction === fraction || distance === distance;
  }

  /** The level nearer the price of symbol s's stop-loss and liquidation price (NaN = neither). */
  guardLevel(s: number): number {
    const stop = this.stopLoss[s], liquidation = this.liquidation[s];
    if (liquidation !== liquidation) return stop;
    if (stop !== stop) return liquidation;
    return this.direction[s] * (liquidation - stop) > 0 ? liquidation : stop;
  }

  /** Value of symbol s's position at price p (0 when flat). */
  positionValue(s: number, p: number): number {
    const d = this.direction[s];
    if (d === FLAT) return 0;
    if (this.futures) return this.marginValue(s, p);
    return markedValue(d, this.quantity[s], this.entryPrice[s], p);
  }

  /** Futures (isolated margin): a position can lose its margin and no more (the exchange liquidates it first). */
  private marginValue(s: number, p: number): number {
    const value = this.margin[s] + this.direction[s] * this.quantity[s] * (p - this.entryPrice[s]);
    return value > 0 ? value : 0;
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
    if (this.futures) this.openMargin(s, direction, quantity, price, fee);
    else {
      this.cash -= quantity * price + fee;
      this.liquidation[s] = spotShortLiquidation(direction, price, this.feeRate);
    }
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
    if (this.scales) this.startScaling(s, quantity, price, stopLoss, takeProfit);
    else this.nearTarget[s] = takeProfit;
    this.openCount++;
  }

  /** Futures part of open(): the isolated margin taken from cash, the maintenance tier, the liquidation price, no funding yet. */
  private openMargin(s: number, direction: number, quantity: number, price: number, fee: number): void {
    const margin = (quantity * price) / this.leverage;
    const bracket = bracketFor(this.brackets![s], quantity * price);
    this.cash -= margin + fee;
    this.margin[s] = margin;
    this.maintenanceRate[s] = bracket.maintenanceMarginRate;
    this.maintenanceAmount[s] = bracket.maintenanceAmount;
    this.liquidation[s] = liquidationPrice(direction, quantity, price, margin, bracket);
    this.funding[s] = 0;
  }

  /** The scaling columns of a position opening with one fill (a run without scaling never changes them from zero), and its nearest target. */
  private startScaling(s: number, quantity: number, price: number, stopLoss: number, takeProfit: number): void {
    this.enteredQuantity[s] = quantity;
    this.enteredNotional[s] = quantity * price;
    this.exitedQuantity[s] = 0;
    this.exitedNotional[s] = 0;
    this.realised[s] = 0;
    this.partialFees[s] = 0;
    this.riskUnit[s] = stopLoss === stopLoss ? Math.abs(price - stopLoss) : NaN;
    this.stopRatio[s] = stopLoss / price;
    this.targetRatio[s] = takeProfit / price;
    this.nextPartial[s] = 0;
    this.adds[s] = 0;
    this.stopAtBreakEven[s] = 0;
    this.refreshNearTarget(s);
  }

  /** Level of symbol s's next partial target (NaN: none left, no stop to measure R by, or the take-profit comes first). */
  partialLevel(s: number): number {
    const k = this.nextPartial[s];
    const r = this.riskUnit[s];
    if (k >= this.partialTargetsR.length || r !== r) return NaN;
    const d = this.direction[s];
    const level = this.entryPrice[s] + d * this.partialTargetsR[k] * r;
    const target = this.takeProfit[s];
    return target === target && d * (target - level) <= 0 ? NaN : level;
  }

  /** Recomputes nearTarget after the position's entry, target or partial targets changed. */
  refreshNearTarget(s: number): void {
    const level = this.partialTargetsR.length === 0 ? NaN : this.partialLevel(s);
    this.nearTarget[s] = level === level ? level : this.takeProfit[s];
  }

  /**
   * Closes `quantity` of symbol s's position at price (a partial target, a limit order: maker fee; a
   * rebalancing sale passes the taker fee): its
   * share of the collateral or margin comes back to cash. The rest of the position stays as it was. Returns the fee.
   */
  reduce(s: number, quantity: number, price: number, feeRate = this.makerFeeRate): number {
    const d = this.direction[s];
    const held = this.quantity[s];
    const share = quantity / held;
    const value = this.futures ? share * this.positionValue(s, price) : markedValue(d, quantity, this.entryPrice[s], price);
    const fee = quantity * price * feeRate;
    this.cash += value - fee;
    this.feesPaid += fee;
    this.partialFees[s] += fee;
    this.realised[s] += d * quantity * (price - this.entryPrice[s]);
    this.exitedQuantity[s] += quantity;
    this.exitedNotional[s] += quantity * price;
    this.quantity[s] = held - quantity;
    if (this.futures) {
      this.margin[s] -= share * this.margin[s];
      this.relocateLiquidation(s);
    }
    return fee;
  }

  /**
   * Adds `quantity` at price to symbol s's position (pyramiding): the entry price becomes the average, the
   * stop and take-profit keep their ratio to it (a break-even stop moves to it), R is measured from it, and
   * the liquidation price follows (futures: total margin and the bracket of the new notional).
   */
  add(s: number, quantity: number, price: number, feeRate: number): void {
    const fee = quantity * price * feeRate;
    const held = this.quantity[s];
    const d = this.direction[s];
    const average = (held * this.entryPrice[s] + quantity * price) / (held + quantity);
    if (this.futures) {
      this.cash -= (quantity * price) / this.leverage + fee;
      this.margin[s] += (quantity * price) / this.leverage;
      const bracket = bracketFor(this.brackets![s], (held + quantity) * average);
      this.maintenanceRate[s] = bracket.maintenanceMarginRate;
      this.maintenanceAmount[s] = bracket.maintenanceAmount;
    } else {
      this.cash -= quantity * price + fee;
    }
    this.feesPaid += fee;
    this.entryFee[s] += fee;
    this.quantity[s] = held + quantity;
    this.entryPrice[s] = average;
    this.enteredQuantity[s] += quantity;
    this.enteredNotional[s] += quantity * price;
    this.stopLoss[s] = this.stopAtBreakEven[s] === 1 ? average : average * this.stopRatio[s];
    this.takeProfit[s] = average * this.targetRatio[s];
    const stop = average * this.stopRatio[s];
    this.riskUnit[s] = stop === stop ? Math.abs(average - stop) : NaN;
    this.adds[s]++;
    if (this.futures) this.relocateLiquidation(s);
    else this.liquidation[s] = spotShortLiquidation(d, average, this.feeRate);
    this.refreshNearTarget(s);
  }

  /**
   * Closes symbol s's position at price on its candle `bar` and records the trade (`reason`: an exit-reason
   * code of trade-log.ts; `atOpen`: filled at the candle's open rather than inside it or at its close).
   */
  close(s: number, price: number, bar: number, atOpen: boolean, reason: number): void {
    const value = this.positionValue(s, price);
    let exitFee = this.quantity[s] * price * (reason === TAKE_PROFIT ? this.makerFeeRate : this.feeRate);
    if (reason === LIQUIDATION || (this.futures && exitFee > value)) exitFee = this.feeOutOfWhatIsLeft(value, reason);
    this.exitFee = exitFee;
    // Recorded first: the log reads the position's columns (and the fee set above).
    this.trades.record(this, s, price, bar, atOpen, reason);
    if (this.detailed) this.recordDetails(s, price);
    this.cash += value - exitFee;
    this.feesPaid += exitFee;
    this.direction[s] = FLAT;
    this.openCount--;
  }

  /** The exit fee of a position left with `value`: a liquidation or a futures exit beyond the liquidation price. */
  private feeOutOfWhatIsLeft(value: number, reason: number): number {
    if (reason !== LIQUIDATION) {
      // An exit beyond the liquidation price (a gap) leaves no margin to pay a fee from: it costs the margin, no more.
      return value;
    }
    // What is left of the margin (taker fee included) goes to the exchange: the position loses it all.
    this.liquidations++;
    return value > 0 ? value : 0;
  }

  /**
   * What a trade closed at price records beyond a plain one when the run scales or uses the execution model:
   * its row's totals over several fills and its times inside a bar, the fills kept while it was open with its
   * last exit (trade-log.ts KeptFills); then the exit details are set back to "none".
   */
  private recordDetails(s: number, price: number): void {
    this.trades.amendLast(this, s, price);
    const openFills = this.openFills;
    if (openFills !== null && openFills[s] !== null) {
      this.extraFills.set(this.trades.count - 1, {
        fills: openFills[s]!,
        lastExitPrice: price,
        lastExitQuantity: this.quantity[s],
        lastExitFee: this.exitFee,
        lastExitPartial: this.exitPartial,
      });
      openFills[s] = null;
    }
    this.entryTime[s] = NaN;
    this.exitTime = NaN;
    this.exitPartial = 0;
  }

  /** Funding on symbol s's futures position: into or out of its margin, which moves its liquidation price. */
  applyFunding(s: number, payment: number): void {
    this.margin[s] += payment;
    this.funding[s] += payment;
    this.fundingTotal += payment;
    this.relocateLiquidation(s);
  }

  /** Futures: symbol s's liquidation price from its current quantity, entry, margin and maintenance tier. */
  private relocateLiquidation(s: number): void {
    const bracket = { notionalFloor: 0, maxLeverage: 0, maintenanceMarginRate: this.maintenanceRate[s], maintenanceAmount: this.maintenanceAmount[s] };
    this.liquidation[s] = liquidationPrice(this.direction[s], this.quantity[s], this.entryPrice[s], this.margin[s], bracket);
  }
}
