import type { BacktestConfig, CancelledOrder, CandleSeries, FundingEvent, FundingSeries, SkippedSignal } from '../contract.ts';
import type { LeverageBracket } from '../futures/leverage-brackets.ts';
import type { PreparedStrategy } from '../strategies/types.ts';
import { Signal } from '../strategies/types.ts';
import type { ExitFill } from './fills.ts';
import { AccountHistory } from './account-history.ts';
import { oppositeSignalCode } from './opposite-signal.ts';
import { MARKET_ENTRY, entryTypeCode } from './entry-types.ts';
import { Portfolio } from './portfolio.ts';
import { entryRankingCode } from './entry-ranking.ts';
import { sizingCode, stepDecimals, type SkipReason } from './sizing.ts';
import type { Timeline } from './timeline.ts';
import { STOP_LOSS } from './trade-log.ts';
import { partialTargetsOf } from './partial-targets.ts';
import { rebalancingScheduleOf, targetWeightsOf, type RebalancingSchedule } from './rebalancing-schedule.ts';

/** Where a run writes what it keeps: fresh for a full run, a sweep's reused scratch for the lean path (evaluate.ts). */
export interface RunBuffers {
  /** Per-bar equity, one per timeline bar (bars not simulated yet are never read). */
  readonly equity: Float64Array;
  /** Trade-row chunks to reuse (TradeLog), or null to allocate. */
  readonly tradeChunks: Float64Array[] | null;
  /** Whether cash and the open-position count are recorded for the result's per-bar columns (and the execution events listed). */
  readonly accountHistory: boolean;
}

/** What the execution model reads beyond the candles (setup.ts builds it from BacktestOptions). */
export interface ExecutionInputs {
  /**
   * Per symbol: its detail candles (null = none) and, per base candle i, the detail candles inside it:
   * [range[2i], range[2i + 1]), empty when they do not cover the whole bar.
   */
  readonly detail: readonly (CandleSeries | null)[];
  readonly detailRange: readonly (Int32Array | null)[];
  /** Per symbol: funding history (futures), or null. */
  readonly funding: readonly (FundingSeries | null)[];
  /** Per symbol: leverage brackets (futures), or null on spot. */
  readonly brackets: readonly (readonly LeverageBracket[])[] | null;
  /** The date of the bracket table `brackets` come from (futures), or null on spot. */
  readonly bracketTableAsOf: string | null;
  /** Per symbol: ATR at each candle when entry offsets count in ATR, else null. */
  readonly atr: readonly (Float64Array | null)[];
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
  /** The entry signal's own trailing stop (Signal.trailingFraction / trailingDistance). */
  readonly pendTrailFraction: Float64Array;
  readonly pendTrailDistance: Float64Array;
  readonly pendSignalBar: Int32Array;
  /** Pyramiding: the direction of an add to the slot's position at the next open (NONE = none). */
  readonly pendAdd: Int8Array;
  /** Scratch for ordering simultaneous entries. */
  readonly candidates: Int32Array;
  /**
   * Per slot: the first candle of its symbol at which its strategy may signal (the general loop's step 5 skips
   * the slot before it: PreparedStrategy.nextDecision); 0 until the slot's first decision.
   */
  readonly nextDecisionCandle: Int32Array;
  pendingCount = 0;

  // Configuration, unpacked once.
  readonly slippage: number;
  /** The run's trailing distance as a fraction (NaN = off), for positions whose signal sets no trailing stop of its own. */
  readonly trailing: number;
  /** Risk stop: drawdown > maxDd %  ⇔  equity < peak × riskFloor (−Infinity = off). */
  readonly maxDd: number;
  readonly riskFloor: number;
  /** Per slot: its sizing mode (sizingCode) and value, the strategy's own or the run's. */
  readonly slotSizingMode: Int8Array;
  readonly slotSizingValue: Float64Array;
  readonly quantityStep: number;
  readonly qtyDecimals: number;
  readonly minNotional: number;
  readonly maxOpenPositions: number;
  readonly allowShort: boolean;
  /** Which simultaneous entries fill first (slot-ranking.ts). */
  readonly entryRanking: number;
  /** REVERSE, CLOSE or IGNORE (orders.ts). */
  readonly oppositeSignal: number;
  /** Scaling out: the fraction of the quantity entered each partial target closes (levels in Portfolio.partialTargetsR). */
  readonly partialFractions: Float64Array;
  readonly breakEvenAfterFirstTarget: boolean;
  /** Pyramiding: most adds per position (0 = off). */
  readonly maxAdds: number;
  /** Periodic rebalancing (rebalancing.ts): its schedule (null = off), and each symbol's target weight. */
  readonly rebalancing: RebalancingSchedule | null;
  readonly rebalanceWeight: Float64Array;
  /** Rounding dust left by an earlier shrink is not cash worth a position. */
  readonly dustCash: number;

  // Execution beyond market orders at the open (intrabar.ts): true when any of it is on, and the run takes the general loop.
  readonly extended: boolean;
  /** The run asked for detail candles (detailTimeframe not OFF). */
  readonly detailRequested: boolean;
  readonly entryType: number;
  readonly entryOffset: number;
  readonly stopLimitOffset: number;
  readonly orderValidBars: number;
  readonly leverage: number;
  readonly makerFee: number;
  readonly takerFee: number;
  readonly execution: ExecutionInputs;
  /** Per slot: the resting entry's limit or trigger, a stop-limit's limit, the candle it expires after, whether a stop-limit has triggered, and its signal time. */
  readonly restPrice: Float64Array;
  readonly restLimit: Float64Array;
  readonly restExpires: Int32Array;
  readonly restTriggered: Uint8Array;
  /** Per symbol: the next funding settlement not yet applied. */
  readonly fundingCursor: Int32Array;
  ambiguous = 0;
  barsWithDetail = 0;
  barsWithoutDetail = 0;
  cancelled = 0;
  lowestMarginLevel = Infinity;
  /** Listed for a full run's result only (RunBuffers.accountHistory). */
  readonly cancelledOrders: CancelledOrder[] = [];
  readonly fundingEvents: FundingEvent[] = [];
  readonly skippedSignals: SkippedSignal[] = [];
  readonly keepEvents: boolean;

  readonly portfolio: Portfolio;
  readonly skipped: Partial<Record<SkipReason, number>> = {};
  /** The reason skip() last counted, for the entry path to list with the signal it skipped. */
  lastSkipReason: SkipReason = 'SYMBOL_BUSY';
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
    execution: ExecutionInputs | null = null,
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
    this.pendTrailFraction = new Float64Array(K);
    this.pendTrailDistance = new Float64Array(K);
    this.pendSignalBar = new Int32Array(K);
    this.pendAdd = new Int8Array(K);
    this.candidates = new Int32Array(K);
    this.nextDecisionCandle = new Int32Array(K);

    this.slippage = config.slippageBps / 10_000;
    this.trailing = config.trailingStopPct === null ? NaN : config.trailingStopPct / 100;
    this.maxDd = config.maxDrawdownStopPct ?? Infinity;
    this.riskFloor = Number.isFinite(this.maxDd) ? 1 - this.maxDd / 100 : -Infinity;
    const sizing = prepared.map((p) => p.sizing ?? config.sizing);
    this.slotSizingMode = Int8Array.from(sizing, (z) => sizingCode(z.mode));
    this.slotSizingValue = Float64Array.from(sizing, (z) => z.value);
    this.quantityStep = config.quantityStep;
    this.qtyDecimals = stepDecimals(config.quantityStep);
    this.minNotional = config.minNotional;
    this.maxOpenPositions = config.maxOpenPositions;
    this.allowShort = config.allowShort;
    this.entryRanking = entryRankingCode(config.entryRanking ?? 'SIGNAL_STRENGTH');
    this.oppositeSignal = oppositeSignalCode(config.oppositeSignal);
    this.dustCash = config.initialCapital * 1e-9;
    this.rebalancing = rebalancingScheduleOf(config);
    this.rebalanceWeight = targetWeightsOf(config, symbols);
    const partials = partialTargetsOf(config);
    this.partialFractions = Float64Array.from(partials, (p) => p.fraction);
    this.breakEvenAfterFirstTarget = config.breakEvenAfterFirstTarget ?? false;
    this.maxAdds = config.pyramidingMaxAdds ?? 0;
    this.entryType = entryTypeCode(config.entryOrderType ?? 'MARKET');
    this.entryOffset = config.entryOffset ?? 0;
    this.stopLimitOffset = (config.stopLimitOffsetPct ?? 0) / 100;
    this.orderValidBars = config.orderValidBars ?? 1;
    this.leverage = config.leverage ?? 1;
    this.takerFee = config.takerFeeRate ?? config.feeRate;
    this.makerFee = config.makerFeeRate ?? config.feeRate;
    const exec = (this.execution = execution ?? {
      detail: series.map(() => null),
      detailRange: series.map(() => null),
      funding: series.map(() => null),
      brackets: null,
      bracketTableAsOf: null,
      atr: series.map(() => null),
    });
    this.extended =
      this.entryType !== MARKET_ENTRY || exec.brackets !== null || (config.detailTimeframe ?? 'OFF') !== 'OFF' || exec.funding.some((f) => f !== null);
    this.detailRequested = (config.detailTimeframe ?? 'OFF') !== 'OFF';
    this.restPrice = new Float64Array(K);
    this.restLimit = new Float64Array(K);
    this.restExpires = new Int32Array(K);
    this.restTriggered = new Uint8Array(K);
    this.fundingCursor = new Int32Array(this.S);
    this.keepEvents = buffers.accountHistory;
    this.portfolio = new Portfolio(
      symbols,
      config.initialCapital,
      this.takerFee,
      buffers.tradeChunks,
      this.makerFee,
      this.leverage,
      exec.brackets,
      Float64Array.from(partials, (p) => p.levelR),
      buffers.accountHistory,
      partials.length > 0 || this.maxAdds > 0 || this.rebalancing !== null,
      this.extended,
    );

    if (buffers.equity.length !== T) throw new Error(`equity buffer has ${buffers.equity.length} bars, the timeline ${T}`);
    this.equity = buffers.equity;
    this.history = new AccountHistory(config.initialCapital, buffers.accountHistory);
    this.peak = config.initialCapital;
    this.t = startBar;
    this.done = startBar >= T;
  }

  skip(reason: SkipReason): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
    this.lastSkipReason = reason;
  }
}
