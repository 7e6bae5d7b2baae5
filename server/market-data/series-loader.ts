import type { Pool } from 'pg';
import { type CandleSeries, resample } from '../engine/index.ts';
import { loadCandlesOfSymbols } from './candle-store.ts';
import { INTERVALS, type Interval, alignDown, alignUp, bucketCalendar, countOpenTimes, divides, intervalMs } from '../../domain/intervals.ts';

/**
 * Candles of any interval from what is stored: the interval itself when it is stored, otherwise
 * resampled on load from a shorter stored one, so a store holding 5m serves 15m, 1h, 4h, 1d and
 * months as well. Resampling drops a bucket with a missing base bar (engine/resample.ts
 * `partialBuckets: 'drop'`): that bar is then missing at the requested interval too, and the gap
 * policy judges it like any other gap.
 */

export interface BaseIntervalChoice {
  readonly interval: Interval;
  /** It holds every closed bar of the range. */
  readonly complete: boolean;
}

export interface LoadedSeries {
  readonly series: CandleSeries;
  /** The stored interval the series was built from (the requested one when stored), or null when nothing usable is stored. */
  readonly baseInterval: Interval | null;
}

/**
 * The stored interval to build `target` bars with open time in [fromMs, toMs) from: among the stored
 * intervals that tile `target` (itself included), the one holding the largest share of the range's
 * closed bars; on a tie the longest, which has the fewest bars to load and merge. Bars that have not
 * closed by `nowMs` cannot be stored yet, so they do not count as missing.
 */
export async function chooseBaseInterval(pool: Pool, symbol: string, target: Interval, fromMs: number, toMs: number, nowMs: number): Promise<BaseIntervalChoice | null> {
  return (await chooseBaseIntervals(pool, [symbol], target, fromMs, toMs, nowMs)).get(symbol) ?? null;
}

/** chooseBaseInterval for several symbols with one count query. */
export async function chooseBaseIntervals(
  pool: Pool,
  symbols: readonly string[],
  target: Interval,
  fromMs: number,
  toMs: number,
  nowMs: number,
): Promise<Map<string, BaseIntervalChoice | null>> {
  const chosen = new Map<string, BaseIntervalChoice | null>(symbols.map((symbol) => [symbol, null]));
  const from = alignUp(target, fromMs);
  const closedTo = Math.min(alignUp(target, toMs), alignDown(target, nowMs));
  if (from >= closedTo) return chosen;
  const count = async (among: readonly string[], intervals: readonly Interval[]) =>
    (
      await pool.query<{ symbol: string; interval: Interval; n: string }>(
        `SELECT symbol, interval, count(*) AS n FROM candle
         WHERE symbol = ANY($1::text[]) AND interval = ANY($2::text[]) AND open_time >= $3 AND open_time < $4 GROUP BY symbol, interval`,
        [among, intervals, String(from), String(closedTo)],
      )
    ).rows;
  // The target is the longest candidate, so when it holds every bar it is the choice: the shorter intervals
  // (many more rows to count) are counted only for the symbols it leaves open.
  const whole = new Set((await count(symbols, [target])).filter((row) => Number(row.n) >= countOpenTimes(target, from, closedTo)).map((row) => row.symbol));
  for (const symbol of whole) chosen.set(symbol, { interval: target, complete: true });
  const open = symbols.filter((symbol) => !whole.has(symbol));
  if (open.length === 0) return chosen;
  const rows = await count(open, INTERVALS.filter((base) => divides(base, target)));
  const best = new Map<string, { interval: Interval; share: number }>();
  for (const row of rows) {
    const share = Number(row.n) / countOpenTimes(row.interval, from, closedTo);
    const current = best.get(row.symbol);
    if (!current || share > current.share || (share === current.share && intervalMs(row.interval) > intervalMs(current.interval))) best.set(row.symbol, { interval: row.interval, share });
  }
  for (const [symbol, choice] of best) chosen.set(symbol, { interval: choice.interval, complete: choice.share >= 1 });
  return chosen;
}

/** `interval` candles with open time in [fromMs, toMs), from the best stored base interval. */
export async function loadSeries(pool: Pool, symbol: string, interval: Interval, fromMs: number, toMs: number, nowMs: number): Promise<LoadedSeries> {
  return (await loadSeriesOfSymbols(pool, [symbol], interval, fromMs, toMs, nowMs)).get(symbol)!;
}

/** Candles a query may carry: its text (hex) stays in the tens of megabytes however many symbols ask. */
const CANDLES_PER_QUERY = 250_000;
/** Queries of one load in flight at once (each on a connection of its own). */
const CONCURRENT_QUERIES = 2;

/**
 * loadSeries for several symbols over the same range: one query chooses every base interval, and the
 * candles of symbols sharing a base come in few queries (as many symbols a query as CANDLES_PER_QUERY allows).
 */
export async function loadSeriesOfSymbols(
  pool: Pool,
  symbols: readonly string[],
  interval: Interval,
  fromMs: number,
  toMs: number,
  nowMs: number,
): Promise<Map<string, LoadedSeries>> {
  const choices = await chooseBaseIntervals(pool, symbols, interval, fromMs, toMs, nowMs);
  const byBase = new Map<Interval, string[]>();
  for (const symbol of symbols) {
    const base = choices.get(symbol)?.interval ?? interval;
    byBase.set(base, [...(byBase.get(base) ?? []), symbol]);
  }
  const queries: Array<{ base: Interval; group: readonly string[]; from: number; to: number }> = [];
  for (const [base, group] of byBase) {
    // A requested interval resampled from a shorter base needs the base bars of every requested bar: from the first one's open to the last one's close.
    const [from, to] = base === interval ? [fromMs, toMs] : [alignUp(interval, fromMs), alignUp(interval, toMs)];
    const perQuery = Math.max(1, Math.floor(CANDLES_PER_QUERY / Math.max(1, countOpenTimes(base, alignUp(base, from), Math.max(alignUp(base, from), to)))));
    for (let start = 0; start < group.length; start += perQuery) queries.push({ base, group: group.slice(start, start + perQuery), from, to });
  }
  const loaded = new Map<string, LoadedSeries>();
  // The database's side of a query (reading and packing the rows) is most of a load: two at a time keep two of its processes busy.
  let next = 0;
  const loadInTurn = async (): Promise<void> => {
    for (let q = next++; q < queries.length; q = next++) {
      const { base, group, from, to } = queries[q];
      for (const [symbol, candles] of await loadCandlesOfSymbols(pool, group, base, from, to)) {
        const choice = choices.get(symbol);
        if (!choice || base === interval) loaded.set(symbol, { series: candles, baseInterval: choice ? interval : null });
        else loaded.set(symbol, { series: resample(candles, bucketCalendar(interval), { partialBuckets: 'drop' }).series, baseInterval: base });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_QUERIES, queries.length) }, loadInTurn));
  return new Map(symbols.map((symbol) => [symbol, loaded.get(symbol)!]));
}
