import type { Pool } from 'pg';
import type { CandleSeries } from '../engine/contract.ts';
import { loadCandles } from './candle-store.ts';
import { type Gap, describeGaps, findGaps, totalMissing } from './gaps.ts';
import { type Interval, alignUp, nextOpenTime, parseInterval } from './intervals.ts';

/**
 * What a backtest does about missing candles. FAIL is the default because silently trading
 * through a hole (or over invented bars) makes results look better-founded than they are.
 */
export type GapPolicy = 'FAIL' | 'SKIP' | 'FILL';

export class DataGapError extends Error {
  readonly code = 'DATA_GAPS';
  constructor(
    readonly symbol: string,
    readonly interval: string,
    readonly gaps: readonly Gap[],
  ) {
    super(`${gaps.length} gap(s), ${totalMissing(gaps)} missing candles: ${describeGaps(gaps)}`);
    this.name = 'DataGapError';
  }
}

export class NoCandlesError extends Error {
  readonly code = 'NO_DATA';
  constructor(symbol: string, interval: string, fromMs: number, toMs: number) {
    super(
      `No ${symbol} ${interval} candles stored between ${new Date(fromMs).toISOString()} and ${new Date(toMs).toISOString()}; fetch or import them first`,
    );
    this.name = 'NoCandlesError';
  }
}

export interface GapPolicyResult {
  readonly series: CandleSeries;
  readonly gaps: Gap[];
  readonly filledBars: number;
}

/**
 * Gaps are judged between the first and last stored bar in the range: data that simply starts
 * later (a listing date) or ends earlier is a shorter run, not a hole, and must not fail a backtest.
 */
export function applyGapPolicy(series: CandleSeries, interval: Interval, policy: GapPolicy): GapPolicyResult {
  const n = series.length;
  if (n === 0) return { series, gaps: [], filledBars: 0 };
  const first = series.openTime[0];
  const last = series.openTime[n - 1];
  const gaps = findGaps(series.openTime, interval, first, nextOpenTime(interval, last));
  if (gaps.length === 0 || policy === 'SKIP') return { series, gaps, filledBars: 0 };
  if (policy === 'FAIL') throw new DataGapError(series.symbol, interval, gaps);
  return { series: fillGaps(series, interval, gaps), gaps, filledBars: totalMissing(gaps) };
}

/** Flat bars at the previous close with zero volume, flagged in `filled`. */
function fillGaps(series: CandleSeries, interval: Interval, gaps: readonly Gap[]): CandleSeries {
  const total = series.length + totalMissing(gaps);
  const out = {
    openTime: new Float64Array(total),
    open: new Float64Array(total),
    high: new Float64Array(total),
    low: new Float64Array(total),
    close: new Float64Array(total),
    volume: new Float64Array(total),
    filled: new Uint8Array(total),
  };
  let j = 0;
  let g = 0;
  for (let i = 0; i < series.length; i++) {
    while (g < gaps.length && gaps[g].toMs <= series.openTime[i]) {
      const prevClose = out.close[j - 1];
      for (let t = alignUp(interval, gaps[g].fromMs); t < gaps[g].toMs; t = nextOpenTime(interval, t)) {
        out.openTime[j] = t;
        out.open[j] = out.high[j] = out.low[j] = out.close[j] = prevClose;
        out.volume[j] = 0;
        out.filled[j] = 1;
        j++;
      }
      g++;
    }
    out.openTime[j] = series.openTime[i];
    out.open[j] = series.open[i];
    out.high[j] = series.high[i];
    out.low[j] = series.low[i];
    out.close[j] = series.close[i];
    out.volume[j] = series.volume[i];
    j++;
  }
  return { symbol: series.symbol, intervalMs: series.intervalMs, length: total, ...out };
}

export interface BacktestCandleRequest {
  readonly symbol: string;
  readonly interval: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly gapPolicy: GapPolicy;
}

/** The backtest job's one call: stored candles in [fromMs, toMs) with the gap policy applied. */
export async function loadCandlesForBacktest(pool: Pool, request: BacktestCandleRequest): Promise<GapPolicyResult> {
  const interval = parseInterval(request.interval);
  const series = await loadCandles(pool, request.symbol, interval, request.fromMs, request.toMs);
  if (series.length === 0) throw new NoCandlesError(request.symbol, interval, request.fromMs, request.toMs);
  return applyGapPolicy(series, interval, request.gapPolicy);
}
