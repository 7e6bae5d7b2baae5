import type { Pool } from 'pg';
import type { CandleSeries } from '../engine/contract.ts';
import { coverage } from './candle-store.ts';
import { type Gap, describeGaps, findGaps, totalMissing } from './gaps.ts';
import { type Interval, alignDown, alignUp, countOpenTimes, nextOpenTime, parseInterval } from '../../domain/intervals.ts';
import { type LoadedSeries, loadSeries } from './series-loader.ts';

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
    super(`${gaps.length} gap(s), ${totalMissing(gaps)} missing candles: ${describeGaps(gaps)}. Run with gap policy SKIP (trade through the gaps) or FILL (flat candles in them), or import the missing candles`);
    this.name = 'DataGapError';
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

export class NoCandlesError extends Error {
  readonly code = 'NO_DATA';
  constructor(symbol: string, interval: string, fromMs: number, toMs: number, stored: string | null = null) {
    super(
      `No ${symbol} ${interval} candles stored between ${iso(fromMs)} and ${iso(toMs)}` +
        (stored ? ` (stored for ${symbol}: ${stored})` : '; fetch or import them first'),
    );
    this.name = 'NoCandlesError';
  }
}

/** Requested bars before the first stored one and after the last one: the range reaches outside the data. */
export interface MissingEdges {
  readonly leadingMissing: Gap | null;
  readonly trailingMissing: Gap | null;
}

export class DataRangeError extends Error {
  readonly code = 'DATA_RANGE';
  constructor(
    readonly symbol: string,
    readonly interval: string,
    readonly requested: { readonly fromMs: number; readonly toMs: number },
    readonly covered: { readonly fromMs: number; readonly toMs: number },
    readonly edges: MissingEdges,
  ) {
    super(
      `${symbol} ${interval}: the stored candles cover only ${iso(covered.fromMs)} → ${iso(covered.toMs)} of the requested ` +
        `${iso(requested.fromMs)} → ${iso(requested.toMs)} (${describeEdges(edges)}). Choose dates inside the covered range, ` +
        'or gap policy SKIP or FILL to run on the covered part',
    );
    this.name = 'DataRangeError';
  }
}

export function describeEdges(edges: MissingEdges): string {
  const parts: string[] = [];
  const { leadingMissing: lead, trailingMissing: trail } = edges;
  if (lead) parts.push(`${lead.missing} bars missing at the start, ${iso(lead.fromMs)} → ${iso(lead.toMs)}`);
  if (trail) parts.push(`${trail.missing} bars missing at the end, ${iso(trail.fromMs)} → ${iso(trail.toMs)}`);
  return parts.join('; ');
}

/**
 * The bars of [fromMs, toMs) outside the stored span [first, last]. Bars not closed by `nowMs` are
 * not expected: a range ending today misses nothing the exchange could have.
 */
export function missingEdges(series: CandleSeries, interval: Interval, fromMs: number, toMs: number, nowMs: number): MissingEdges {
  const n = series.length;
  if (n === 0) return { leadingMissing: null, trailingMissing: null };
  const expectedFrom = alignUp(interval, fromMs);
  const expectedTo = Math.min(alignUp(interval, toMs), alignDown(interval, nowMs));
  const first = series.openTime[0];
  const afterLast = nextOpenTime(interval, series.openTime[n - 1]);
  const span = (from: number, to: number): Gap | null => {
    const missing = from < to ? countOpenTimes(interval, from, to) : 0;
    return missing > 0 ? { fromMs: from, toMs: to, missing } : null;
  };
  return { leadingMissing: span(expectedFrom, first), trailingMissing: span(afterLast, expectedTo) };
}

export interface GapPolicyResult {
  readonly series: CandleSeries;
  readonly gaps: Gap[];
  readonly filledBars: number;
}

/**
 * Inner gaps, between the first and last stored bar in the range. The edges of the range (data
 * starting later or ending earlier) are judged by loadCandlesForBacktest with missingEdges: FILL
 * cannot invent bars before the first real one, so edges are never filled.
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
  /** The clock deciding which bars have closed (default: now). */
  readonly nowMs?: number;
}

export interface BacktestCandles extends GapPolicyResult, MissingEdges {
  /** The stored interval the candles were built from (resampled when it differs from the requested one). */
  readonly baseInterval: Interval;
  /** First stored bar's open and last stored bar's close in the range. */
  readonly coveredFromMs: number;
  readonly coveredToMs: number;
}

/**
 * The backtest job's one call: candles with open time in [fromMs, toMs) from the best stored base
 * interval, with the gap policy applied. A range reaching outside the stored span fails under FAIL
 * (DataRangeError, naming the covered range); under SKIP and FILL the run uses the covered part and
 * the missing edges are returned for the data report. `preloaded`: the request's series, already loaded
 * (with others: loadSeriesOfSymbols).
 */
export async function loadCandlesForBacktest(pool: Pool, request: BacktestCandleRequest, preloaded?: LoadedSeries): Promise<BacktestCandles> {
  const interval = parseInterval(request.interval);
  const nowMs = request.nowMs ?? Date.now();
  const { series, baseInterval } = preloaded ?? (await loadSeries(pool, request.symbol, interval, request.fromMs, request.toMs, nowMs));
  if (series.length === 0 || baseInterval === null) {
    const stored = (await coverage(pool, { symbol: request.symbol })).map((row) => `${row.interval} ${iso(row.firstOpenTime)} → ${iso(row.lastOpenTime)}`);
    throw new NoCandlesError(request.symbol, interval, request.fromMs, request.toMs, stored.length ? stored.join(', ') : null);
  }
  const covered = { fromMs: series.openTime[0], toMs: nextOpenTime(interval, series.openTime[series.length - 1]) };
  const edges = missingEdges(series, interval, request.fromMs, request.toMs, nowMs);
  if (request.gapPolicy === 'FAIL' && (edges.leadingMissing || edges.trailingMissing)) {
    throw new DataRangeError(request.symbol, interval, { fromMs: request.fromMs, toMs: request.toMs }, covered, edges);
  }
  return { ...applyGapPolicy(series, interval, request.gapPolicy), ...edges, baseInterval, coveredFromMs: covered.fromMs, coveredToMs: covered.toMs };
}
