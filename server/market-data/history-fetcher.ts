import type { Pool } from 'pg';
import type { OhlcvColumns } from '../engine/index.ts';
import { findStoredGaps, insertCandles } from './candle-store.ts';
import { type Gap, totalMissing } from './gaps.ts';
import { type Interval, alignDown, alignUp, countOpenTimes } from '../../domain/intervals.ts';

/**
 * Downloads only what the store lacks: the plan is the store's own gap list for the range, so a
 * repeated or resumed fetch (job retry, crash, second click) sends no request for stored bars.
 * The range is clipped to closed candles (the still-open one would be stored with wrong values)
 * and to the symbol's listing, so bars that can never exist are not re-requested on every run.
 */

/**
 * Where candles are downloaded from: the Binance client, or one exchange through ccxt
 * (ccxt-source.ts). Symbols are the store's keys (domain/symbols.ts).
 */
export interface CandleSource {
  /** The exchange's clock as the source sees it: bars not closed by then are never stored. */
  readonly now: () => number;
  /** Resolves when the exchange answers within `timeoutMs` (a reachability check before a download). */
  reachable(timeoutMs: number): Promise<void>;
  /** Resolves when the exchange lists the symbol; UnknownSymbolError otherwise. */
  validateSymbol(symbol: string, signal?: AbortSignal, maxRetries?: number): Promise<unknown>;
  /** The interval to download for bars of `interval`: itself when served, else the longest served one that tiles it (null: none does). */
  intervalFor(interval: Interval): Promise<Interval | null>;
  /** The first candle's open time (null: the exchange has none); a source that cannot tell answers 0. */
  earliestOpenTime(symbol: string, interval: Interval, signal?: AbortSignal): Promise<number | null>;
  /** Every closed candle with open time in [fromMs, toMs), in time order, page by page. */
  pages(symbol: string, interval: Interval, fromMs: number, toMs: number, signal?: AbortSignal): AsyncIterable<OhlcvColumns>;
}

export interface FetchHistoryRequest {
  readonly symbol: string;
  readonly interval: Interval;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface FetchProgress {
  readonly symbol: string;
  readonly interval: Interval;
  readonly fromMs: number;
  readonly toMs: number;
  readonly candlesStored: number;
  readonly coveredToMs: number;
  readonly percent: number;
  readonly etaSeconds: number | null;
}

export interface FetchHistoryResult {
  readonly candlesStored: number;
  /** Bars that were missing from the store when the fetch started. */
  readonly plannedGaps: Gap[];
  /** Bars the exchange itself does not have (maintenance windows), after the fetch. */
  readonly remainingGaps: Gap[];
  readonly fromMs: number;
  readonly toMs: number;
}

export interface FetchHistoryOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: FetchProgress) => void | Promise<void>;
  /** Wall clock for the ETA (the client's clock decides which candle is still open). */
  readonly clock?: () => number;
}

export async function fetchHistory(pool: Pool, client: CandleSource, request: FetchHistoryRequest, options: FetchHistoryOptions = {}): Promise<FetchHistoryResult> {
  const { symbol, interval } = request;
  const clock = options.clock ?? Date.now;
  const signal = options.signal;
  await client.validateSymbol(symbol, signal);
  // Bars opening before the current bar's open time are closed.
  const toMs = Math.min(alignUp(interval, request.toMs), alignDown(interval, client.now()));
  let fromMs = alignDown(interval, request.fromMs);
  let gaps = fromMs < toMs ? await findStoredGaps(pool, symbol, interval, fromMs, toMs) : [];
  if (gaps.length > 0 && gaps[0].fromMs === fromMs) {
    const earliest = await client.earliestOpenTime(symbol, interval, signal);
    if (earliest === null || earliest >= toMs) gaps = [];
    else if (earliest > fromMs) {
      fromMs = earliest;
      gaps = await findStoredGaps(pool, symbol, interval, fromMs, toMs);
    }
  }
  const planned = totalMissing(gaps);
  const started = clock();
  let stored = 0;
  let done = 0;
  const report = async (coveredToMs: number) => {
    const elapsed = (clock() - started) / 1000;
    const rate = done > 0 && elapsed > 0 ? done / elapsed : null;
    await options.onProgress?.({
      symbol,
      interval,
      fromMs,
      toMs,
      candlesStored: stored,
      coveredToMs,
      percent: planned === 0 ? 100 : Math.min(100, (done / planned) * 100),
      etaSeconds: rate ? Math.max(0, (planned - done) / rate) : planned === done ? 0 : null,
    });
  };

  for (const gap of gaps) {
    let coveredTo = gap.fromMs;
    for await (const page of client.pages(symbol, interval, gap.fromMs, gap.toMs, signal)) {
      stored += await insertCandles(pool, symbol, interval, page);
      const next = page.openTime[page.openTime.length - 1] + 1;
      done += countOpenTimes(interval, coveredTo, next);
      coveredTo = next;
      await report(coveredTo);
    }
    done += countOpenTimes(interval, coveredTo, gap.toMs);
  }
  await report(toMs);
  const remainingGaps = gaps.length ? await findStoredGaps(pool, symbol, interval, fromMs, toMs) : [];
  return { candlesStored: stored, plannedGaps: gaps, remainingGaps, fromMs, toMs };
}

/** Several symbols at once, at most `concurrency` in parallel (the client caps requests on top). */
export async function fetchMany(
  pool: Pool,
  client: CandleSource,
  requests: readonly FetchHistoryRequest[],
  concurrency: number,
  options: FetchHistoryOptions = {},
): Promise<FetchHistoryResult[]> {
  const results: FetchHistoryResult[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      results[i] = await fetchHistory(pool, client, requests[i], options);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, requests.length)) }, worker));
  return results;
}
