import type { Pool } from 'pg';
import { type CandleSeries, resample } from '../engine/index.ts';
import { countStoredCandles, loadCandlesOfSymbols } from './candle-store.ts';
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
  const count = (among: readonly string[], intervals: readonly Interval[]) => countStoredCandles(pool, among, intervals, from, closedTo);
  // The target is the longest candidate, so when it holds every bar it is the choice: the shorter intervals
  // (many more rows to count) are counted only for the symbols it leaves open.
  const whole = new Set((await count(symbols, [target])).filter((row) => row.count >= countOpenTimes(target, from, closedTo)).map((row) => row.symbol));
  for (const symbol of whole) chosen.set(symbol, { interval: target, complete: true });
  const open = symbols.filter((symbol) => !whole.has(symbol));
  if (open.length === 0) return chosen;
  const rows = await count(open, INTERVALS.filter((base) => divides(base, target)));
  const best = new Map<string, { interval: Interval; share: number }>();
  for (const row of rows) {
    const share = row.count / countOpenTimes(row.interval, from, closedTo);
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
 * loadSeries for several symbols over the same range. The requested interval is loaded first, as stored:
 * a symbol that holds every closed bar of the range there (the usual case) needs nothing else, and the
 * length of what came back says so, with no count query. Only the symbols it leaves short have their base
 * intervals chosen (chooseBaseIntervals), and are loaded from a shorter one when that holds more. The
 * candles of symbols sharing an interval come in few queries (as many symbols a query as CANDLES_PER_QUERY allows).
 */
export async function loadSeriesOfSymbols(
  pool: Pool,
  symbols: readonly string[],
  interval: Interval,
  fromMs: number,
  toMs: number,
  nowMs: number,
): Promise<Map<string, LoadedSeries>> {
  const stored = await loadGroups(pool, new Map([[interval, symbols]]), interval, fromMs, toMs);
  const from = alignUp(interval, fromMs);
  const closedTo = Math.min(alignUp(interval, toMs), alignDown(interval, nowMs));
  const loaded = new Map<string, LoadedSeries>();
  const short: string[] = [];
  for (const symbol of symbols) {
    const series = stored.get(symbol)!;
    if (from < closedTo && barsWithin(series.openTime, from, closedTo) >= countOpenTimes(interval, from, closedTo)) loaded.set(symbol, { series, baseInterval: interval });
    else short.push(symbol);
  }
  if (short.length > 0) {
    const choices = await chooseBaseIntervals(pool, short, interval, fromMs, toMs, nowMs);
    const byBase = new Map<Interval, string[]>();
    for (const symbol of short) {
      const choice = choices.get(symbol);
      if (!choice || choice.interval === interval) loaded.set(symbol, { series: stored.get(symbol)!, baseInterval: choice ? interval : null });
      else byBase.set(choice.interval, [...(byBase.get(choice.interval) ?? []), symbol]);
    }
    for (const [symbol, candles] of await loadGroups(pool, byBase, interval, fromMs, toMs)) {
      const base = choices.get(symbol)!.interval;
      loaded.set(symbol, { series: resample(candles, bucketCalendar(interval), { partialBuckets: 'drop' }).series, baseInterval: base });
    }
  }
  return new Map(symbols.map((symbol) => [symbol, loaded.get(symbol)!]));
}

/** Open times in [from, to) of a sorted column. */
function barsWithin(openTime: Float64Array, from: number, to: number): number {
  let n = 0;
  for (let i = 0; i < openTime.length; i++) if (openTime[i] >= from && openTime[i] < to) n++;
  return n;
}

/**
 * The stored candles of each group's symbols at the group's interval, for `interval` bars with open time
 * in [fromMs, toMs), two queries at a time (the database's side, reading and packing rows, is most of a
 * load: two keep two of its processes busy).
 */
async function loadGroups(pool: Pool, groups: ReadonlyMap<Interval, readonly string[]>, interval: Interval, fromMs: number, toMs: number): Promise<Map<string, CandleSeries>> {
  const queries: Array<{ base: Interval; group: readonly string[]; from: number; to: number }> = [];
  for (const [base, group] of groups) {
    // A requested interval resampled from a shorter base needs the base bars of every requested bar: from the first one's open to the last one's close.
    const [from, to] = base === interval ? [fromMs, toMs] : [alignUp(interval, fromMs), alignUp(interval, toMs)];
    const mostPerQuery = Math.max(1, Math.floor(CANDLES_PER_QUERY / Math.max(1, countOpenTimes(base, alignUp(base, from), Math.max(alignUp(base, from), to)))));
    // As many queries as the candles need, at least as many as run at once, the symbols shared out evenly.
    const count = Math.min(group.length, Math.max(CONCURRENT_QUERIES, Math.ceil(group.length / mostPerQuery)));
    for (let q = 0; q < count; q++) queries.push({ base, group: group.slice(Math.floor((q * group.length) / count), Math.floor(((q + 1) * group.length) / count)), from, to });
  }
  const loaded = new Map<string, CandleSeries>();
  let next = 0;
  const loadInTurn = async (): Promise<void> => {
    for (let q = next++; q < queries.length; q = next++) {
      const { base, group, from, to } = queries[q];
      for (const [symbol, candles] of await loadCandlesOfSymbols(pool, group, base, from, to)) loaded.set(symbol, candles);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_QUERIES, queries.length) }, loadInTurn));
  return loaded;
}
