import type { RunSettings, SizingMode } from './settings.ts';

/**
 * The engine's public contract: the only shapes the IO layers (backtest job, optimizer, API) rely on.
 * Everything here is plain data so results can cross worker threads and be persisted as they are.
 *
 * Units: prices and money in quote currency; times in epoch milliseconds (UTC);
 * every `*Pct` / percentage metric is in percent (12.5 means 12.5 %), ratios are plain numbers.
 */

/** Struct-of-arrays candles for one symbol and one timeframe, sorted by open time, no duplicates. */
export interface CandleSeries {
  readonly symbol: string;
  /** Bar length in ms (5m = 300_000). Months use 30 days only as a nominal length. */
  readonly intervalMs: number;
  readonly length: number;
  readonly openTime: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** Optional 1 per bar that was synthesised to fill a data gap (gap policy FILL). */
  readonly filled?: Uint8Array;
}

export type ParamType = 'int' | 'float' | 'bool';

export interface ParamSpec {
  readonly name: string;
  /** What a person reads in a form, e.g. "Stop loss"; the unit goes apart. */
  readonly label: string;
  /** Unit of the value ("%", "bars", "minutes"…), absent when it has none. */
  readonly unit?: string;
  readonly type: ParamType;
  readonly default: number | boolean;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  readonly description: string;
}

export interface StrategySpec {
  readonly name: string;
  readonly description: string;
  readonly params: readonly ParamSpec[];
  /** Human-readable cross-parameter constraints, e.g. "emaFast < emaSlow". */
  readonly constraints: readonly string[];
}

export type StrategyParams = Record<string, number | boolean>;

export type { SizingMode } from './settings.ts';

export interface StrategyLeg {
  readonly strategy: string;
  readonly params: StrategyParams;
  readonly symbols: readonly string[];
}

/** How entries are sized: the run's sizingMode with its positionSize, or a strategy's own (PreparedStrategy.sizing). */
export interface PositionSizing {
  readonly mode: SizingMode;
  readonly value: number;
}

/**
 * A whole run as the engine takes it: the run settings (settings.ts, where every option's meaning,
 * default and bounds are defined) with sizing as one pair, plus the strategy legs sharing the capital.
 */
export interface BacktestConfig extends Readonly<Omit<RunSettings, 'sizingMode' | 'positionSize'>> {
  readonly legs: readonly StrategyLeg[];
  readonly sizing: PositionSizing;
  /**
   * Where the run starts. Candles opening before it are history: the strategies' indicators are computed
   * over them, but no decision is taken and no order fills before it, and the equity curve and every
   * metric start at it. Absent or null: the first candle.
   */
  readonly startTimeMs?: number | null;
}

export type TradeDirection = 'LONG' | 'SHORT';
export type ExitReason =
  | 'SIGNAL'
  | 'REVERSAL'
  | 'STOP_LOSS'
  | 'TAKE_PROFIT'
  | 'TRAILING_STOP'
  | 'RISK_STOP'
  | 'END_OF_DATA'
  | 'LIQUIDATION'
  | 'REBALANCE';

/** How an entry order filled (settings.ts entryOrderType). */
export type EntryKind = 'MARKET' | 'LIMIT' | 'STOP' | 'STOP_LIMIT';

/** One fill of a trade; a trade is the sum of its fills. */
export interface FillRecord {
  /** Index of its trade in BacktestResult.trades. */
  readonly tradeIndex: number;
  readonly symbol: string;
  readonly timeMs: number;
  readonly side: 'BUY' | 'SELL';
  readonly price: number;
  readonly quantity: number;
  readonly fee: number;
  /** ENTRY_MARKET / ENTRY_LIMIT / ENTRY_STOP / ENTRY_STOP_LIMIT, or the exit reason. */
  readonly reason: string;
}

/** A limit or stop entry that was not filled within orderValidBars (or was replaced by a newer signal). */
export interface CancelledOrder {
  readonly legIndex: number;
  readonly symbol: string;
  readonly direction: TradeDirection;
  readonly type: EntryKind;
  /** The limit or the stop trigger. */
  readonly price: number;
  readonly placedTimeMs: number;
  readonly cancelledTimeMs: number;
}

/** An entry signal that did not become a position (BacktestResult.skippedEntries counts them by reason). */
export interface SkippedSignal {
  readonly legIndex: number;
  readonly symbol: string;
  readonly direction: TradeDirection;
  /** Open time of the candle whose close gave the signal. */
  readonly signalTimeMs: number;
  /** Open time of the candle the entry would have filled on. */
  readonly timeMs: number;
  /** The value the run's entryRanking ordered simultaneous entries by (higher first). */
  readonly rankValue: number;
  /** A SkipReason (engine simulator/sizing.ts). */
  readonly reason: string;
}

/** One funding settlement on an open futures position. */
export interface FundingEvent {
  readonly symbol: string;
  readonly timeMs: number;
  readonly rate: number;
  readonly markPrice: number;
  /** Received (+) or paid (−) by the position, quote. */
  readonly payment: number;
}

/** Funding-rate history of one symbol: settlement times (ms) and rates, ascending. */
export interface FundingSeries {
  readonly timeMs: Float64Array;
  readonly rate: Float64Array;
}

/** What the execution model did beyond the trades: ambiguity, detail coverage, orders, futures. */
export interface ExecutionSummary {
  /** Exits where one candle (a detail candle when detail resolved it) touched both the stop and the target; the stop was taken. */
  readonly ambiguousExits: number;
  readonly ambiguityRule: string;
  /** Bars that needed an intrabar check and had no detail candles (resolved on the bar itself). */
  readonly barsWithoutDetail: number;
  /** Bars resolved on detail candles. */
  readonly barsWithDetail: number;
  readonly cancelledOrders: number;
  /** Net funding received (+) or paid (−), quote. */
  readonly fundingTotal: number;
  readonly liquidations: number;
  /** Lowest margin level reached by a futures position (margin balance / maintenance margin at each bar's worst price; 1 = liquidation); null without futures positions. */
  readonly lowestMarginLevel: number | null;
  /** The date of the leverage bracket table a futures run used (the latest on or before its first candle); null on spot. */
  readonly bracketTableAsOf: string | null;
}
export interface TradeRecord {
  readonly legIndex: number;
  readonly symbol: string;
  readonly direction: TradeDirection;
  readonly entryTimeMs: number;
  readonly exitTimeMs: number;
  readonly entryBar: number;
  readonly exitBar: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly quantity: number;
  /** Entry + exit fees. */
  readonly fees: number;
  /** Net of fees. */
  readonly profitLoss: number;
  /** profitLoss / entry notional × 100. */
  readonly profitLossPct: number;
  readonly exitReason: ExitReason;
  readonly confidence: number;
  readonly stopLoss: number | null;
  readonly takeProfit: number | null;
  /** Indicator values at the signal bar, for later analysis. */
  readonly signalIndicators: Record<string, number>;
  /** Futures only: funding received (+) or paid (−) while open, included in profitLoss. */
  readonly funding?: number;
}

/** Per-bar portfolio state on the union timeline of all symbols. */
export interface EquityCurve {
  readonly timeMs: Float64Array;
  readonly equity: Float64Array;
  readonly cash: Float64Array;
  readonly openPositions: Float64Array;
  /** Drawdown from the running peak, in percent (0 at a new high). */
  readonly drawdownPct: Float64Array;
}

/** A metric that can be undefined (division by zero) carries null and says why. */
export interface Metrics {
  readonly totalTrades: number;
  readonly winningTrades: number;
  readonly losingTrades: number;
  readonly winRate: number | null;
  readonly totalProfitLoss: number;
  readonly roi: number;
  readonly finalEquity: number;
  readonly cagr: number | null;
  readonly maxDrawdown: number;
  readonly maxDrawdownPercentage: number;
  readonly maxDrawdownDurationMs: number;
  readonly avgTradeDurationMs: number | null;
  readonly maxTradeDurationMs: number | null;
  readonly profitFactor: number | null;
  readonly expectancy: number | null;
  readonly bestTrade: number | null;
  readonly worstTrade: number | null;
  readonly avgWin: number | null;
  readonly avgLoss: number | null;
  readonly exposurePct: number;
  readonly feesPaid: number;
  readonly buyAndHoldReturn: number | null;
  readonly sharpeRatio: number | null;
  readonly sortinoRatio: number | null;
  readonly calmarRatio: number | null;
  readonly sqn: number | null;
  readonly tailRatio: number | null;
  /** metric name → why it is null. */
  readonly nullReasons: Readonly<Record<string, string>>;
}

export interface BacktestSnapshot {
  readonly barsProcessed: number;
  readonly totalBars: number;
  readonly timeMs: number;
  readonly equity: number;
  readonly cash: number;
  readonly openPositions: number;
  readonly tradesSoFar: number;
  readonly drawdownPct: number;
}

export interface BacktestResult {
  readonly trades: readonly TradeRecord[];
  readonly equity: EquityCurve;
  readonly metrics: Metrics;
  /** Why the run stopped early (risk stop), or null. */
  readonly stoppedReason: string | null;
  readonly warmupBars: number;
}

/** A resumable run: IO layers step it in slices to report progress between them. */
export interface BacktestStepper {
  readonly totalBars: number;
  /** Advances up to maxBars bars; returns true when the run is finished. */
  step(maxBars: number): boolean;
  snapshot(): BacktestSnapshot;
  /** Only after step() returned true. */
  result(): BacktestResult;
}
