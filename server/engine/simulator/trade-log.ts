import type { CandleSeries, EntryKind, ExitReason, FillRecord, TradeRecord } from '../contract.ts';
import { candleCloseTimeMs } from '../candles.ts';
import type { PreparedStrategy } from '../strategies/types.ts';
import { TradeTally } from '../trade-tally.ts';

/** What record() reads of the position being closed (the Portfolio's columns). */
export interface PositionColumns {
  readonly exitFee: number;
  readonly exitTime: number;
  readonly funding: Float64Array;
  readonly entryTime: Float64Array;
  readonly entryKind: Int8Array;
  readonly direction: Int8Array;
  readonly quantity: Float64Array;
  readonly entryPrice: Float64Array;
  readonly entryFee: Float64Array;
  readonly entryBar: Int32Array;
  readonly stopLoss: Float64Array;
  readonly takeProfit: Float64Array;
  readonly confidence: Float64Array;
  readonly slot: Int32Array;
  readonly signalBar: Int32Array;
  readonly exitPartial: number;
  readonly enteredQuantity: Float64Array;
  readonly enteredNotional: Float64Array;
  readonly exitedQuantity: Float64Array;
  readonly exitedNotional: Float64Array;
  readonly realised: Float64Array;
  readonly partialFees: Float64Array;
  readonly adds: Int32Array;
}

/** Exit reasons as small integers on the hot path; EXIT_REASONS[code] is the contract's name. */
export const SIGNAL = 0, REVERSAL = 1, STOP_LOSS = 2, TAKE_PROFIT = 3, TRAILING_STOP = 4, RISK_STOP = 5, END_OF_DATA = 6, LIQUIDATION = 7, REBALANCE = 8;
export const EXIT_REASONS: readonly ExitReason[] = ['SIGNAL', 'REVERSAL', 'STOP_LOSS', 'TAKE_PROFIT', 'TRAILING_STOP', 'RISK_STOP', 'END_OF_DATA', 'LIQUIDATION', 'REBALANCE'];
/** How an entry filled, as small integers; ENTRY_KINDS[code] is the contract's name. */
export const ENTRY_MARKET = 0, ENTRY_LIMIT = 1, ENTRY_STOP = 2, ENTRY_STOP_LIMIT = 3;
export const ENTRY_KINDS: readonly EntryKind[] = ['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT'];

// One row of float64 per closed trade (integers up to 2^53 are exact in a float64): PLAIN_STRIDE columns, and
// in a run with the execution model of intrabar.ts (TradeLog's `timed`) four more, which a plain run leaves at
// their defaults (no funding, times from the candles, market entries) and so does not store.
const SLOT = 0, SYMBOL = 1, DIRECTION = 2, EXIT_AT_OPEN = 3, ENTRY_BAR = 4, EXIT_BAR = 5, ENTRY_PRICE = 6, EXIT_PRICE = 7;
const QUANTITY = 8, FEES = 9, PROFIT_LOSS = 10, REASON = 11, CONFIDENCE = 12, STOP = 13, TARGET = 14, SIGNAL_BAR = 15;
const ENTRY_FEE = 16;
const PLAIN_STRIDE = 17;
const FUNDING = 17, ENTRY_TIME = 18, EXIT_TIME = 19, ENTRY_KIND = 20;
const TIMED_STRIDE = 21;
/** Rows per chunk: the log grows by whole chunks and never copies what it holds. */
const CHUNK_ROWS = 2048;

/**
 * Closed trades recorded as rows of chunked Float64Arrays: no object per trade while the bars run, no copy
 * when the log grows. Times are not looked up on the hot path either (the open-time column is not otherwise
 * read there, so each look-up would be a cache miss): a trade stores its entry and exit candle indices and
 * whether it exited at the open, and materialise() derives the times. TradeRecord objects (and their signal
 * indicators, read from the strategy at the stored signal bar) are built once, when the result is asked for.
 */
export class TradeLog {
  count = 0;
  private readonly chunks: Float64Array[] = [];
  private rows: Float64Array = new Float64Array(0);
  private readonly stride: number;
  /** Where a chunk's rows end (CHUNK_ROWS rows of `stride`). */
  private readonly chunkEnd: number;
  /** Offset of the next row in `rows` (the current chunk). */
  private offset: number;

  /**
   * `recycled`: chunks to write into before allocating (a sweep's lean evaluations reuse one set, see
   * evaluate.ts); new chunks are added to it. Rows are written whole before they are read, so old contents never show.
   * `timed`: the run uses the execution model of intrabar.ts (funding, fills inside a bar, resting entries).
   */
  constructor(
    private readonly recycled: Float64Array[] | null = null,
    timed = false,
  ) {
    this.stride = timed ? TIMED_STRIDE : PLAIN_STRIDE;
    this.chunkEnd = this.offset = CHUNK_ROWS * this.stride;
  }

  /**
   * Appends one closed trade. Few arguments on purpose: doubles passed to a call that is not inlined are
   * boxed, so the prices and amounts are read from the portfolio's arrays here instead.
   */
  record(pf: PositionColumns, s: number, exitPrice: number, exitBar: number, atOpen: boolean, reason: number): void {
    let o = this.offset;
    if (o === this.chunkEnd) o = this.newChunk();
    const r = this.rows;
    const d = pf.direction[s];
    const held = pf.quantity[s], entry = pf.entryPrice[s];
    const fees = pf.entryFee[s] + pf.exitFee;
    r[o + SLOT] = pf.slot[s];
    r[o + SYMBOL] = s;
    r[o + DIRECTION] = d;
    r[o + EXIT_AT_OPEN] = atOpen ? 1 : 0;
    r[o + ENTRY_BAR] = pf.entryBar[s];
    r[o + EXIT_BAR] = exitBar;
    r[o + ENTRY_PRICE] = entry;
    r[o + EXIT_PRICE] = exitPrice;
    r[o + QUANTITY] = held;
    r[o + FEES] = fees;
    r[o + PROFIT_LOSS] = d * held * (exitPrice - entry) - fees;
    r[o + REASON] = reason;
    r[o + CONFIDENCE] = pf.confidence[s];
    r[o + STOP] = pf.stopLoss[s];
    r[o + TARGET] = pf.takeProfit[s];
    r[o + SIGNAL_BAR] = pf.signalBar[s];
    r[o + ENTRY_FEE] = pf.entryFee[s];
    this.offset = o + this.stride;
    this.count++;
  }

  /**
   * Completes the row record() just wrote, in a run that scales or uses the execution model: a trade of more
   * than two fills is the sum of its fills, and a timed run keeps its four more columns.
   */
  amendLast(pf: PositionColumns, s: number, exitPrice: number): void {
    const r = this.rows, o = this.offset - this.stride;
    if (pf.exitedQuantity[s] !== 0 || pf.adds[s] !== 0) recordScaled(pf, s, exitPrice, r, o);
    if (this.stride === TIMED_STRIDE) recordTimed(pf, s, r, o);
  }

  /** Starts a chunk; returns the offset of its first row. */
  private newChunk(): number {
    const pool = this.recycled;
    const k = this.chunks.length;
    // A recycled chunk of narrower rows (an earlier run without the execution model) is replaced.
    if (pool !== null && (k === pool.length || pool[k].length < this.chunkEnd)) pool[k] = new Float64Array(this.chunkEnd);
    this.rows = pool !== null ? pool[k] : new Float64Array(this.chunkEnd);
    this.chunks.push(this.rows);
    return 0;
  }

  /**
   * What the metrics need of every trade, straight from the rows (no TradeRecord objects): the same values
   * materialise() puts in the objects, added in the same order. `timeMs`: the timeline, `bars` of it simulated.
   */
  tally(series: readonly CandleSeries[], timeMs: Float64Array, bars: number, barOffset = 0): TradeTally {
    const tally = new TradeTally(timeMs, bars, this.count, barOffset);
    for (let n = 0; n < this.count; n++) {
      const r = this.chunks[Math.floor(n / CHUNK_ROWS)];
      const o = (n % CHUNK_ROWS) * this.stride;
      const sc = series[r[o + SYMBOL]];
      tally.add(r[o + PROFIT_LOSS], r[o + FEES], entryTimeMs(sc, r, o, this.stride), exitTimeMs(sc, r, o, this.stride), r[o + ENTRY_BAR], r[o + EXIT_BAR]);
    }
    return tally;
  }

  /** The contract's trade objects, in closing order. */
  materialise(series: readonly CandleSeries[], slotLeg: ArrayLike<number>, prepared: readonly PreparedStrategy[], futures = false): TradeRecord[] {
    const out = new Array<TradeRecord>(this.count);
    for (let n = 0; n < this.count; n++) {
      const r = this.chunks[Math.floor(n / CHUNK_ROWS)];
      const o = (n % CHUNK_ROWS) * this.stride;
      const slot = r[o + SLOT];
      const sc = series[r[o + SYMBOL]];
      const entryBar = r[o + ENTRY_BAR], exitBar = r[o + EXIT_BAR];
      const qty = r[o + QUANTITY], entry = r[o + ENTRY_PRICE], profitLoss = r[o + PROFIT_LOSS];
      const stop = r[o + STOP], target = r[o + TARGET];
      out[n] = {
        legIndex: slotLeg[slot],
        symbol: sc.symbol,
        direction: r[o + DIRECTION] > 0 ? 'LONG' : 'SHORT',
        entryTimeMs: entryTimeMs(sc, r, o, this.stride),
        exitTimeMs: exitTimeMs(sc, r, o, this.stride),
        entryBar,
        exitBar,
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
        ...(futures ? { funding: r[o + FUNDING] } : {}),
      };
    }
    return out;
  }

  /**
   * Every fill of every trade, in trade order: a trade is the sum of its fills (quantity and fees add up to
   * the trade's, their prices give its P/L). A trade of one entry and one exit is derived from its row;
   * one with adds or partial exits lists the fills kept while it was open (`extra`, by trade index), then its last exit.
   */
  fills(series: readonly CandleSeries[], extra: ReadonlyMap<number, KeptFills> = new Map()): FillRecord[] {
    const out: FillRecord[] = [];
    for (let n = 0; n < this.count; n++) {
      const r = this.chunks[Math.floor(n / CHUNK_ROWS)];
      const o = (n % CHUNK_ROWS) * this.stride;
      const sc = series[r[o + SYMBOL]];
      const buys = r[o + DIRECTION] > 0;
      const fill = (timeMs: number, buy: boolean, price: number, quantity: number, fee: number, reason: string): FillRecord => ({
        tradeIndex: n,
        symbol: sc.symbol,
        timeMs,
        side: buy ? 'BUY' : 'SELL',
        price,
        quantity,
        fee,
        reason,
      });
      const kept = extra.get(n);
      if (kept === undefined) {
        out.push(fill(entryTimeMs(sc, r, o, this.stride), buys, r[o + ENTRY_PRICE], r[o + QUANTITY], r[o + ENTRY_FEE], entryFillReason(this.stride === TIMED_STRIDE ? r[o + ENTRY_KIND] : ENTRY_MARKET)));
        out.push(fill(exitTimeMs(sc, r, o, this.stride), !buys, r[o + EXIT_PRICE], r[o + QUANTITY], r[o + FEES] - r[o + ENTRY_FEE], EXIT_REASONS[r[o + REASON]]));
        continue;
      }
      for (const f of kept.fills) out.push({ ...f, tradeIndex: n });
      const partial = kept.lastExitPartial;
      const reason = partial > 0 ? partialTargetReason(partial) : EXIT_REASONS[r[o + REASON]];
      out.push(fill(exitTimeMs(sc, r, o, this.stride), !buys, kept.lastExitPrice, kept.lastExitQuantity, kept.lastExitFee, reason));
    }
    return out;
  }
}

/**
 * A trade of more than one entry or exit fill (adds, partial exits), as kept while it was open: the fills
 * before its last exit, and that last exit (its row holds the trade's totals, not the last fill's).
 */
export interface KeptFills {
  readonly fills: readonly FillRecord[];
  readonly lastExitPrice: number;
  readonly lastExitQuantity: number;
  readonly lastExitFee: number;
  /** The partial target (1-based) the last exit filled, 0 when it is none. */
  readonly lastExitPartial: number;
}

/** A trade with partial exits or adds is the sum of its fills: record()'s row amended to the totals over them. */
function recordScaled(pf: PositionColumns, s: number, exitPrice: number, r: Float64Array, o: number): void {
  const qty = pf.enteredQuantity[s];
  if (pf.exitedQuantity[s] !== 0) {
    r[o + FEES] += pf.partialFees[s];
    r[o + PROFIT_LOSS] += pf.realised[s] - pf.partialFees[s];
    r[o + QUANTITY] = qty;
    r[o + EXIT_PRICE] = (pf.exitedNotional[s] + pf.quantity[s] * exitPrice) / qty;
  }
  if (pf.adds[s] !== 0) {
    r[o + QUANTITY] = qty;
    r[o + ENTRY_PRICE] = pf.enteredNotional[s] / qty;
  }
}

/** The columns of a run with the execution model: funding (in the P/L too), times inside a bar, how the entry filled. */
function recordTimed(pf: PositionColumns, s: number, r: Float64Array, o: number): void {
  const funding = pf.funding[s];
  if (funding !== 0) r[o + PROFIT_LOSS] += funding;
  r[o + FUNDING] = funding;
  r[o + ENTRY_TIME] = pf.entryTime[s];
  r[o + EXIT_TIME] = pf.exitTime;
  r[o + ENTRY_KIND] = pf.entryKind[s];
}

/** The fill reason of the k-th partial target (1-based): TAKE_PROFIT_1, TAKE_PROFIT_2… */
export function partialTargetReason(k: number): string {
  return `TAKE_PROFIT_${k}`;
}

/** The fill reason of an add to a position (pyramiding: a market fill at the open). */
export const ADD_FILL_REASON = 'ADD_MARKET';

/** The fill reason of a resize by periodic rebalancing (a market fill at the open, either side), as its closes are named. */
export const REBALANCE_FILL_REASON: string = EXIT_REASONS[REBALANCE];

/** How an entry filled, as a fill reason: ENTRY_MARKET, ENTRY_LIMIT… */
export function entryFillReason(kind: number): string {
  return `ENTRY_${ENTRY_KINDS[kind]}`;
}

/** A trade's entry time: where it filled inside a bar when it did (limit and stop entries), else its entry candle's open time. */
function entryTimeMs(sc: CandleSeries, rows: Float64Array, o: number, stride: number): number {
  const t = stride === TIMED_STRIDE ? rows[o + ENTRY_TIME] : NaN;
  return t === t ? t : sc.openTime[rows[o + ENTRY_BAR]];
}

/**
 * A trade's exit time: the detail candle's time when a detail candle resolved it; else the exit candle's open
 * time for exits at the open, its close time for exits inside it or at its close (a month's real end for monthly bars).
 */
function exitTimeMs(sc: CandleSeries, rows: Float64Array, o: number, stride: number): number {
  const explicit = stride === TIMED_STRIDE ? rows[o + EXIT_TIME] : NaN;
  return explicit === explicit ? explicit : exitTimeAt(sc, rows[o + EXIT_BAR], rows[o + EXIT_AT_OPEN] === 1);
}

/** An exit on candle i without a detail candle: its open time when at the open, else its close time (a month's real end for monthly bars). */
export function exitTimeAt(sc: CandleSeries, i: number, atOpen: boolean): number {
  const t = sc.openTime[i];
  return atOpen ? t : candleCloseTimeMs(t, sc.intervalMs);
}
