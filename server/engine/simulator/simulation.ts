import type { BacktestConfig, CandleSeries } from '../contract.ts';
import type { PreparedStrategy } from '../strategies/types.ts';
import { Signal } from '../strategies/types.ts';
import type { ExitFill } from './fills.ts';
import { AccountHistory } from './account-history.ts';
import { oppositeSignalCode } from './orders.ts';
import { Portfolio } from './portfolio.ts';
import { entryRankingCode } from './slot-ranking.ts';
import { sizingCode, stepDecimals, type SkipReason } from './sizing.ts';
import type { Timeline } from './timeline.ts';
import { STOP_LOSS } from './trade-log.ts';

/** Where a run writes what it keeps: fresh for a full run, a sweep's reused scratch for the lean path (evaluate.ts). */
export interface RunBuffers {
  /** Per-bar equity, one per timeline bar (bars not simulated yet are never read). */
  readonly equity: Float64Array;
  /** Trade-row chunks to reuse (TradeLog), or null to allocate. */
  readonly tradeChunks: Float64Array[] | null;
  /** Whether cash and the open-position count are recorded for the result's per-bar columns. */
  readonly accountHistory: boolean;
}

/**
 * The whole mutable state of one run, in one object of fixed shape: the bar steps (bar-steps.ts) and the
 * order handling (orders.ts) are plain functions over it, so every property access stays monomorphic.
 * Per (leg, symbol) slot: the prepared strategy and its pending order; per symbol: the candles and the
 * portfolio's position; per timeline bar: the equity curve, written by the loop as it goes.
 */
export class Simulation {
  readonly S: number;
  readonly K: number;
  readonly T: number;
  /** Per symbol: index of its last candle, and its closes. */
  readonly lastIndex: Int32Array;
  readonly closes: readonly Float64Array[];

  // Pending orders, one slot each: decided at a close, filled at the symbol's next open.
  readonly pendExit: Int8Array;
  readonly pendEntry: Int8Array;
  readonly pendConfidence: Float64Array;
  readonly pendStop: Float64Array;
  readonly pendTarget: Float64Array;
  readonly pendSignalBar: Int32Array;
  /** Scratch for ordering simultaneous entries. */
  readonly candidates: Int32Array;
  pendingCount = 0;

  // Configuration, unpacked once.
  readonly slippage: number;
  /** Trailing distance as a fraction; NaN = off. */
  readonly trailing: number;
  /** Risk stop: drawdown > maxDd %  ⇔  equity < peak × riskFloor (−Infinity = off). */
  readonly maxDd: number;
  readonly riskFloor: number;
  readonly sizingMode: number;
  readonly sizingValue: number;
  readonly quantityStep: number;
  readonly qtyDecimals: number;
  readonly minNotional: number;
  readonly maxOpenPositions: number;
  readonly allowShort: boolean;
  /** Which simultaneous entries fill first (slot-ranking.ts). */
  readonly entryRanking: number;
  /** REVERSE, CLOSE or IGNORE (orders.ts). */
  readonly oppositeSignal: number;
  /** Rounding dust left by an earlier shrink is not cash worth a position. */
  readonly dustCash: number;

  readonly portfolio: Portfolio;
  readonly skipped: Partial<Record<SkipReason, number>> = {};
  shrunk = 0;

  // Per-bar history on the timeline (bars not simulated yet are never read: snapshot and result stop at t).
  readonly equity: Float64Array;
  readonly history: AccountHistory;

  readonly signal = new Signal();
  readonly exitFill: ExitFill = { price: 0, reason: STOP_LOSS, atOpen: false };
  /** Running equity peak (starts at the initial capital). */
  peak: number;
  /** Sink for single-leg.ts's column reads that only warm the caches; never read. */
  warmed = 0;
  /** Next bar to simulate. */
  t = 0;
  done: boolean;
  stoppedReason: string | null = null;

  constructor(
    readonly series: readonly CandleSeries[],
    readonly symbols: readonly string[],
    readonly timeline: Timeline,
    readonly prepared: readonly PreparedStrategy[],
    readonly slotLeg: Int32Array,
    readonly slotSymbol: Int32Array,
    readonly slotWarmup: Int32Array,
    config: BacktestConfig,
    buffers: RunBuffers,
    /** The first bar simulated: earlier bars are history (BacktestConfig.startTimeMs). */
    readonly startBar = 0,
  ) {
    this.S = series.length;
    const K = (this.K = prepared.length);
    const T = (this.T = timeline.timeMs.length);
    this.lastIndex = Int32Array.from(series, (sc) => sc.length - 1);
    this.closes = series.map((sc) => sc.close);
    this.pendExit = new Int8Array(K);
    this.pendEntry = new Int8Array(K);
    this.pendConfidence = new Float64Array(K);
    this.pendStop = new Float64Array(K);
    this.pendTarget = new Float64Array(K);
    this.pendSignalBar = new Int32Array(K);
    this.candidates = new Int32Array(K);

    this.slippage = config.slippageBps / 10_000;
    this.trailing = config.trailingStopPct === null ? NaN : config.trailingStopPct / 100;
    this.maxDd = config.maxDrawdownStopPct ?? Infinity;
    this.riskFloor = Number.isFinite(this.maxDd) ? 1 - this.maxDd / 100 : -Infinity;
    this.sizingMode = sizingCode(config.sizing.mode);
    this.sizingValue = config.sizing.value;
    this.quantityStep = config.quantityStep;
    this.qtyDecimals = stepDecimals(config.quantityStep);
    this.minNotional = config.minNotional;
    this.maxOpenPositions = config.maxOpenPositions;
    this.allowShort = config.allowShort;
    this.entryRanking = entryRankingCode(config.entryRanking ?? 'SIGNAL_STRENGTH');
    this.oppositeSignal = oppositeSignalCode(config.oppositeSignal);
    this.dustCash = config.initialCapital * 1e-9;
    this.portfolio = new Portfolio(symbols, config.initialCapital, config.feeRate, buffers.tradeChunks);

    if (buffers.equity.length !== T) throw new Error(`equity buffer has ${buffers.equity.length} bars, the timeline ${T}`);
    this.equity = buffers.equity;
    this.history = new AccountHistory(config.initialCapital, buffers.accountHistory);
    this.peak = config.initialCapital;
    this.t = startBar;
    this.done = startBar >= T;
  }

  skip(reason: SkipReason): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
  }
}
