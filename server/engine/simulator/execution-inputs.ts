import type { BacktestConfig, CandleSeries, ExecutionSummary, FundingSeries } from '../contract.ts';
import { candleCloseTimeMs } from '../candles.ts';
import { bracketTableAt, bracketsOf, type LeverageBracketTable } from '../futures/leverage-brackets.ts';
import type { IndicatorCache } from '../indicators/cache.ts';
import { atr } from '../indicators/atr.ts';
import { ENTRY_OFFSET_ATR_PERIOD } from '../settings.ts';
import type { ExecutionInputs, Simulation } from './simulation.ts';

/** A stretch of a symbol's bars without complete detail candles (open time of its first bar, close time of its last). */
export interface DetailGap {
  readonly symbol: string;
  readonly fromMs: number;
  readonly toMs: number;
}

/** What a run reads besides its candles (BacktestOptions): finer candles, funding history, a bracket table. */
export interface ExecutionData {
  /** Symbol → candles of the run's detailTimeframe (read when detailTimeframe is not OFF). */
  readonly detail?: ReadonlyMap<string, CandleSeries>;
  /** Symbol → funding-rate history (read on FUTURES). */
  readonly funding?: ReadonlyMap<string, FundingSeries>;
  /** The leverage brackets (default: the table in force at the run's first candle). */
  readonly bracketTable?: LeverageBracketTable;
}

/**
 * Per symbol, the detail candles inside each base candle as ranges [2i, 2i + 1) into the detail series: a
 * bar counts as covered only when its detail candles fill it (as many as fit, all inside it); otherwise
 * its range is empty and the bar is resolved on its own prices.
 */
export function detailRanges(base: CandleSeries, detail: CandleSeries): Int32Array {
  const n = base.length;
  const range = new Int32Array(2 * n);
  if (!(detail.intervalMs < base.intervalMs)) return range;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const open = base.openTime[i], close = candleCloseTimeMs(open, base.intervalMs);
    while (j < detail.length && detail.openTime[j] < open) j++;
    let end = j;
    while (end < detail.length && detail.openTime[end] < close) end++;
    const expected = Math.round((close - open) / detail.intervalMs);
    const complete = end - j === expected && (end === j || candleCloseTimeMs(detail.openTime[end - 1], detail.intervalMs) <= close);
    range[2 * i] = j;
    range[2 * i + 1] = complete ? end : j;
    j = end;
  }
  return range;
}

/** Bars from `fromBar` on without complete detail, merged into stretches. */
export function detailGaps(base: CandleSeries, range: Int32Array | null, fromBar: number): DetailGap[] {
  const gaps: DetailGap[] = [];
  let start = -1;
  for (let i = fromBar; i <= base.length; i++) {
    const missing = i < base.length && (range === null || range[2 * i + 1] === range[2 * i]);
    if (missing && start < 0) start = i;
    if (!missing && start >= 0) {
      gaps.push({ symbol: base.symbol, fromMs: base.openTime[start], toMs: candleCloseTimeMs(base.openTime[i - 1], base.intervalMs) });
      start = -1;
    }
  }
  return gaps;
}

/** The execution inputs of a run over `series` (symbols in the simulator's order). */
export function executionInputsOf(series: readonly CandleSeries[], config: BacktestConfig, data: ExecutionData, cache: IndicatorCache): ExecutionInputs {
  const useDetail = (config.detailTimeframe ?? 'OFF') !== 'OFF';
  const futures = config.marketType === 'FUTURES';
  const atrOffsets = (config.entryOrderType ?? 'MARKET') !== 'MARKET' && config.entryOffsetMode === 'ATR';
  const detail = series.map((s) => (useDetail ? (data.detail?.get(s.symbol) ?? null) : null));
  const firstTime = series.reduce((t, s) => (s.length > 0 ? Math.min(t, s.openTime[0]) : t), Infinity);
  const table = data.bracketTable ?? bracketTableAt(firstTime);
  return {
    detail,
    detailRange: series.map((s, i) => {
      const d = detail[i];
      return d === null ? (useDetail ? new Int32Array(2 * s.length) : null) : cache.get(d, `detail-range:${s.symbol}:${s.intervalMs}`, () => detailRanges(s, d));
    }),
    funding: series.map((s) => (futures ? (data.funding?.get(s.symbol) ?? null) : null)),
    brackets: futures ? series.map((s) => bracketsOf(table, s.symbol)) : null,
    bracketTableAsOf: futures ? table.asOf : null,
    atr: series.map((s) => (atrOffsets ? cache.get(s, `atr:${ENTRY_OFFSET_ATR_PERIOD}`, () => atr(s.high, s.low, s.close, ENTRY_OFFSET_ATR_PERIOD)) : null)),
  };
}

/** The counters of the execution model after a run (both result paths report the same). */
export function executionSummaryOf(sim: Simulation): ExecutionSummary {
  return {
    ambiguousExits: sim.ambiguous,
    ambiguityRule: sim.detailRequested
      ? 'resolved on detail candles in time order; a detail candle touching both stop and target fills the stop'
      : 'a bar touching both stop and target fills the stop (the path inside the bar is unknown)',
    barsWithoutDetail: sim.barsWithoutDetail,
    barsWithDetail: sim.barsWithDetail,
    cancelledOrders: sim.cancelled,
    fundingTotal: sim.portfolio.fundingTotal,
    liquidations: sim.portfolio.liquidations,
    lowestMarginLevel: sim.lowestMarginLevel === Infinity ? null : sim.lowestMarginLevel,
    bracketTableAsOf: sim.execution.bracketTableAsOf,
  };
}
