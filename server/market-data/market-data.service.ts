import { randomUUID } from 'node:crypto';
import { isUuid } from '../graphql/ids.ts';
import { parseSymbol } from './symbols.ts';
import type { Pool } from 'pg';
import { AppError } from '../graphql/errors.ts';
import { wakeWorkers } from '../jobs/enqueue.ts';
import { QUEUES } from '../jobs/queues.ts';
import type { AppServices } from '../services.ts';
import { BinanceApiError, BinanceBannedError, BinanceClient, type Market, UnknownSymbolError } from './binance-client.ts';
import { coverage, findStoredGaps } from './candle-store.ts';
import { CcxtSource, ExchangeApiError, ExchangeRateLimitedError, UnsupportedIntervalError } from './ccxt-source.ts';
import type { CandleSource } from './history-fetcher.ts';
import { DEFAULT_EXCHANGE, type Exchange, parseMarketSymbol } from '../../domain/symbols.ts';
import { DataGapError, NoCandlesError } from './gap-policy.ts';
import type { Gap } from './gaps.ts';
import { type UploadedCandles, type ImportResult, importContent, importRefusal } from './import/importer.ts';
import { type Interval, InvalidIntervalError, countOpenTimes, nextOpenTime, parseInterval } from '../../domain/intervals.ts';
import type { DataFetchProgressEvent, DataFetchStatus } from './market-data.events.ts';
import { type QualityOptions, type QualityReport, storedQualityReport } from './quality.ts';
import { type SampleDataResult, seedSampleDataIfOffline } from './sample-data.ts';
import { loadSeries } from './series-loader.ts';
import { SyntheticSymbolError, isSyntheticSymbol } from './synthetic.ts';

/** What the market-data API does, independent of GraphQL. */

export interface FetchHistoryJobPayload {
  readonly fetchId: string;
  readonly symbol: string;
  readonly interval: Interval;
  readonly fromMs: number;
  readonly toMs: number;
  readonly market: Market;
}

/** One Binance client per process and market: its weight counter and caches must be shared. */
const clients = new WeakMap<AppServices, Map<Market, BinanceClient>>();
/** One ccxt source per process and exchange, for the same reason (ccxt's throttle, the markets). */
const ccxtSources = new WeakMap<AppServices, Map<Exchange, CcxtSource>>();

export function binanceClient(services: AppServices, market: Market = 'spot'): BinanceClient {
  let perMarket = clients.get(services);
  if (!perMarket) clients.set(services, (perMarket = new Map()));
  let client = perMarket.get(market);
  if (!client) {
    const baseUrl = market === 'spot' ? services.config.binance.spotBaseUrl : services.config.binance.futuresBaseUrl;
    perMarket.set(market, (client = new BinanceClient({ baseUrl, market })));
  }
  return client;
}

/**
 * Where a symbol's candles are downloaded from: Binance's client (spot or futures) for plain
 * symbols, its exchange through ccxt for qualified ones (domain/symbols.ts).
 */
export function candleSource(services: AppServices, symbol: string, market: Market = 'spot'): CandleSource {
  const { exchange } = parseMarketSymbol(symbol);
  if (exchange === DEFAULT_EXCHANGE) return binanceClient(services, market);
  let perExchange = ccxtSources.get(services);
  if (!perExchange) ccxtSources.set(services, (perExchange = new Map()));
  let source = perExchange.get(exchange);
  if (!source) perExchange.set(exchange, (source = new CcxtSource({ exchange, baseUrl: services.config.exchangeBaseUrls[exchange] })));
  return source;
}

/** The exchange a symbol is downloaded from, as messages name it. */
export function exchangeName(symbol: string): string {
  const { exchange } = parseMarketSymbol(symbol);
  return exchange === DEFAULT_EXCHANGE ? 'Binance' : exchange;
}

/** Domain errors → GraphQL errors with stable codes; anything else is rethrown (and masked). */
export function toAppError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof BinanceBannedError) return new AppError('BINANCE_BANNED', error.message, { bannedUntil: new Date(error.bannedUntil).toISOString() });
  if (error instanceof UnknownSymbolError) return new AppError('UNKNOWN_SYMBOL', error.message, { symbol: error.symbol });
  if (error instanceof DataGapError) return new AppError('DATA_GAPS', error.message, { gaps: error.gaps.slice(0, 200) });
  if (error instanceof NoCandlesError) return new AppError('NO_DATA', error.message);
  const refusal = importRefusal(error);
  if (refusal) return new AppError('BAD_USER_INPUT', (error as Error).message, refusal);
  if (error instanceof InvalidIntervalError || error instanceof SyntheticSymbolError) {
    return new AppError('BAD_USER_INPUT', error.message);
  }
  if (error instanceof BinanceApiError || error instanceof ExchangeApiError) return new AppError('UPSTREAM_ERROR', error.message);
  if (error instanceof ExchangeRateLimitedError) return new AppError('EXCHANGE_RATE_LIMITED', error.message);
  if (error instanceof UnsupportedIntervalError) return new AppError('UNSUPPORTED_INTERVAL', error.message);
  if (error instanceof Error && /Binance unreachable/.test(error.message)) return new AppError('UPSTREAM_ERROR', error.message);
  return error;
}

export async function mapErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toAppError(error);
  }
}

/** An API request must not hang through a long retry ladder when the exchange is unreachable. */
const UPSTREAM_TIMEOUT_MS = 15_000;
/** Retries of a request someone waits on in a form (a transient error gets one more try; the job behind it has the full ladder). */
const INTERACTIVE_RETRIES = 1;

async function withUpstreamTimeout<T>(exchange: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signal = AbortSignal.timeout(UPSTREAM_TIMEOUT_MS);
  try {
    return await work(signal);
  } catch (error) {
    if (signal.aborted) throw new AppError('UPSTREAM_ERROR', `${exchange} did not answer within ${UPSTREAM_TIMEOUT_MS / 1000} s`);
    throw error;
  }
}

function checkRange(fromMs: number, toMs: number): void {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs >= toMs) {
    throw new AppError('INVALID_DATE_RANGE', `"from" (${new Date(fromMs).toISOString()}) must be before "to" (${new Date(toMs).toISOString()})`);
  }
}

export interface CoverageEntry {
  readonly symbol: string;
  readonly interval: string;
  readonly synthetic: boolean;
  readonly firstOpenTime: number;
  readonly lastOpenTime: number;
  readonly count: number;
  readonly missingCandles: number;
  readonly gaps: Gap[];
}

export async function marketDataCoverage(pool: Pool, filter: { symbol?: string | null; interval?: string | null } = {}): Promise<CoverageEntry[]> {
  const rows = await coverage(pool, { symbol: filter.symbol?.toUpperCase() ?? undefined, interval: filter.interval ?? undefined });
  return Promise.all(
    rows.map(async (row) => {
      const interval = parseInterval(row.interval);
      const end = nextOpenTime(interval, row.lastOpenTime);
      // A market holding every candle of its span has no gap to look for (the usual case, and the scan is the cost).
      const complete = countOpenTimes(interval, row.firstOpenTime, end) === row.count;
      const gaps = complete ? [] : await findStoredGaps(pool, row.symbol, interval, row.firstOpenTime, end);
      return { ...row, synthetic: isSyntheticSymbol(row.symbol), missingCandles: gaps.reduce((s, g) => s + g.missing, 0), gaps };
    }),
  );
}

export interface ChartCandle {
  readonly openTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface ChartCandles {
  readonly symbol: string;
  readonly interval: Interval;
  /** The stored interval the candles were built from (resampled when it differs), or null when nothing is stored. */
  readonly baseInterval: Interval | null;
  /** Candles in the range (after resampling, before downsampling). */
  readonly totalCount: number;
  /** Source candles per returned candle (1 = not downsampled). */
  readonly barsPerPoint: number;
  readonly candles: ChartCandle[];
}

/** Candles for a chart: merged OHLC buckets (first open, max high, min low, last close, summed volume) beyond maxPoints. */
export async function chartCandles(pool: Pool, symbol: string, intervalText: string, fromMs: number, toMs: number, maxPoints: number): Promise<ChartCandles> {
  const interval = parseInterval(intervalText);
  checkRange(fromMs, toMs);
  const { series: s, baseInterval } = await loadSeries(pool, parseSymbol(symbol), interval, fromMs, toMs, Date.now());
  const per = Math.max(1, Math.ceil(s.length / maxPoints));
  const candles: ChartCandle[] = [];
  for (let i = 0; i < s.length; i += per) {
    const end = Math.min(s.length, i + per);
    let high = -Infinity;
    let low = Infinity;
    let volume = 0;
    for (let j = i; j < end; j++) {
      high = Math.max(high, s.high[j]);
      low = Math.min(low, s.low[j]);
      volume += s.volume[j];
    }
    candles.push({ openTime: s.openTime[i], open: s.open[i], high, low, close: s.close[end - 1], volume });
  }
  return { symbol: s.symbol, interval, baseInterval, totalCount: s.length, barsPerPoint: per, candles };
}

/** Where a report is made: here, or (for an API request) on a compute thread (quality.compute.ts). */
export type QualityReporter = (symbol: string, interval: Interval, fromMs: number, toMs: number, options: QualityOptions) => Promise<QualityReport>;

export async function dataQuality(
  pool: Pool,
  symbol: string,
  intervalText: string,
  fromMs: number,
  toMs: number,
  options: { outlierSigmas?: number | null } = {},
  report: QualityReporter = (...args) => storedQualityReport(pool, ...args),
): Promise<QualityReport> {
  const interval = parseInterval(intervalText);
  checkRange(fromMs, toMs);
  return report(parseSymbol(symbol), interval, fromMs, toMs, { outlierSigmas: options.outlierSigmas ?? undefined });
}

export interface SymbolInfo {
  readonly symbol: string;
  readonly baseAsset: string | null;
  readonly quoteAsset: string | null;
  readonly status: string;
  readonly synthetic: boolean;
  readonly stored: boolean;
}

/** How long a symbol search waits for Binance's exchange info before answering from the store and the cache. */
const SYMBOL_SEARCH_WAIT_MS = 1500;

/**
 * Exchange symbols (cached exchange info) plus whatever the store holds. Offline, or with Binance
 * slow, it answers within SYMBOL_SEARCH_WAIT_MS from the store and the last exchange info it has,
 * with `exchangeError` saying why the exchange's list is missing or old.
 */
export async function searchSymbols(services: AppServices, query: string, limit: number): Promise<{ symbols: SymbolInfo[]; exchangeError: string | null }> {
  const q = query.trim().toUpperCase();
  const client = binanceClient(services);
  const [rows, exchange] = await Promise.all([coverage(services.pool), client.searchableSymbols(SYMBOL_SEARCH_WAIT_MS, UPSTREAM_TIMEOUT_MS)]);
  const stored = new Set(rows.map((r) => r.symbol));
  const out = new Map<string, SymbolInfo>();
  for (const s of stored) {
    if (s.includes(q)) out.set(s, { symbol: s, baseAsset: null, quoteAsset: null, status: 'STORED', synthetic: isSyntheticSymbol(s), stored: true });
  }
  for (const s of exchange.symbols?.values() ?? []) {
    if (s.symbol.includes(q) || s.baseAsset === q) out.set(s.symbol, { ...s, synthetic: false, stored: stored.has(s.symbol) });
  }
  const rank = (s: SymbolInfo) => (s.symbol === q ? 0 : s.symbol.startsWith(q) ? 1 : 2);
  const symbols = [...out.values()].sort((a, b) => rank(a) - rank(b) || a.symbol.localeCompare(b.symbol)).slice(0, limit);
  return { symbols, exchangeError: exchange.error };
}

export interface DataFetch {
  readonly id: string;
  readonly symbol: string;
  readonly interval: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly market: Market;
  readonly status: DataFetchStatus;
  readonly candlesStored: number;
  readonly percent: number;
  readonly etaSeconds: number | null;
  readonly message: string | null;
}

export async function startFetchHistory(
  services: AppServices,
  input: { symbol: string; interval: string; fromMs: number; toMs: number; market?: Market | null },
): Promise<DataFetch> {
  const symbol = parseSymbol(input.symbol);
  const interval = parseInterval(input.interval);
  checkRange(input.fromMs, input.toMs);
  if (isSyntheticSymbol(symbol)) throw new AppError('BAD_USER_INPUT', `${symbol} is a synthetic sample market; it cannot be downloaded from an exchange`);
  const market = input.market ?? 'spot';
  if (market !== 'spot' && parseMarketSymbol(symbol).exchange !== DEFAULT_EXCHANGE) {
    throw new AppError('BAD_USER_INPUT', `market: only Binance symbols have a futures market here; ${symbol} is fetched from its spot market`, { field: 'market' });
  }
  const client = candleSource(services, symbol, market);
  const where = client instanceof BinanceClient ? `Binance at ${client.baseUrl}` : exchangeName(symbol);
  // Someone is waiting on the form: one retry, not the job's ladder (offline, that kept the button grey for 15 s).
  await withUpstreamTimeout(where, (signal) => client.validateSymbol(symbol, signal, INTERACTIVE_RETRIES));
  const payload: FetchHistoryJobPayload = { fetchId: randomUUID(), symbol, interval, fromMs: input.fromMs, toMs: input.toMs, market };
  await services.boss.send(QUEUES.fetchHistory, payload, { id: payload.fetchId });
  wakeWorkers(services, QUEUES.fetchHistory);
  const event = progressEvent(payload, 'QUEUED', { candlesStored: 0, coveredToMs: payload.fromMs, percent: 0, etaSeconds: null, message: null });
  services.pubsub.publish('dataFetchProgress', payload.fetchId, event);
  return fetchOf(payload, event);
}

export function progressEvent(
  p: FetchHistoryJobPayload,
  status: DataFetchStatus,
  state: Pick<DataFetchProgressEvent, 'candlesStored' | 'coveredToMs' | 'percent' | 'etaSeconds' | 'message'>,
): DataFetchProgressEvent {
  return { fetchId: p.fetchId, symbol: p.symbol, interval: p.interval, fromMs: p.fromMs, toMs: p.toMs, status, ...state };
}

function fetchOf(p: FetchHistoryJobPayload, e: DataFetchProgressEvent): DataFetch {
  return { id: p.fetchId, symbol: p.symbol, interval: p.interval, fromMs: p.fromMs, toMs: p.toMs, market: p.market, status: e.status, candlesStored: e.candlesStored, percent: e.percent, etaSeconds: e.etaSeconds, message: e.message };
}

/** The job's output on completion (pg-boss stores it), which lets any process answer "how did it end". */
export interface FetchJobOutput {
  readonly status: 'COMPLETED' | 'FAILED';
  readonly candlesStored: number;
  readonly message: string | null;
  readonly code?: string;
  /** Where a completed fetch's coverage ends (the request's end, or now when that is later). */
  readonly coveredToMs?: number;
}

/** The fetch's state from its pg-boss job, shared by every process on the database. */
export async function getFetch(services: AppServices, id: string): Promise<DataFetch | null> {
  if (!isUuid(id)) return null;
  const job = await services.boss.getJobById<FetchHistoryJobPayload>(QUEUES.fetchHistory, id, { includeArchive: true });
  if (!job) return null;
  const output = (job.output ?? null) as Partial<FetchJobOutput> | null;
  const status: DataFetchStatus =
    job.state === 'completed' ? (output?.status ?? 'COMPLETED') : job.state === 'cancelled' ? 'CANCELLED' : job.state === 'failed' ? 'FAILED' : job.state === 'active' ? 'RUNNING' : 'QUEUED';
  const done = status === 'COMPLETED';
  return fetchOf(
    job.data,
    progressEvent(job.data, status, {
      candlesStored: output?.candlesStored ?? 0,
      coveredToMs: done ? (output?.coveredToMs ?? job.data.toMs) : job.data.fromMs,
      percent: done ? 100 : 0,
      etaSeconds: done ? 0 : null,
      message: output?.message ?? (job.state === 'failed' ? String((job.output as { message?: string } | null)?.message ?? 'failed') : null),
    }),
  );
}

export async function cancelFetch(services: AppServices, id: string): Promise<DataFetch> {
  const current = await getFetch(services, id);
  if (!current) throw new AppError('NOT_FOUND', `Data fetch ${id} does not exist`, { id });
  if (current.status !== 'QUEUED' && current.status !== 'RUNNING') return current;
  await services.boss.cancel(QUEUES.fetchHistory, id);
  const event: DataFetchProgressEvent = { fetchId: id, symbol: current.symbol, interval: current.interval, fromMs: current.fromMs, toMs: current.toMs, status: 'CANCELLED', candlesStored: current.candlesStored, coveredToMs: current.fromMs, percent: current.percent, etaSeconds: null, message: 'Cancelled' };
  services.pubsub.publish('dataFetchProgress', id, event);
  return { ...current, status: 'CANCELLED', message: 'Cancelled' };
}

export async function importCandles(services: AppServices, input: UploadedCandles): Promise<ImportResult> {
  return importContent(services.pool, input);
}

/** The first-start hook for app.ts: seeds the synthetic sample when the store is empty and Binance is unreachable. */
export async function seedSampleDataAtStart(services: AppServices): Promise<SampleDataResult | null> {
  return seedSampleDataIfOffline(services.pool, {
    enabled: services.config.sampleData,
    log: services.log,
    isOnline: async () => {
      try {
        // No retries: a refused connection means offline, and start-up should not wait to be sure.
        await binanceClient(services).ping(AbortSignal.timeout(3000), 0);
        return true;
      } catch {
        return false;
      }
    },
  });
}
