import type { Exchange as CcxtExchange } from 'ccxt';
import { INTERVALS, type Interval, alignDown, closeTimeOf, divides, intervalMs, isFixedLength } from '../../domain/intervals.ts';
import { type Exchange, type QualifiedExchange, parseMarketSymbol } from '../../domain/symbols.ts';
import type { OhlcvColumns } from '../engine/index.ts';
import { abortableSleep, UnknownSymbolError } from './binance-client.ts';
import { type RetryOptions, backoffDelay, retryAfterMs, retryDefaults } from './backoff.ts';
import type { CandleSource } from './history-fetcher.ts';

/**
 * OHLCV from the exchanges Binance's own client does not cover, through ccxt: the only module that
 * touches ccxt. Each exchange is asked for fixed windows of at most its page size (since = the
 * window's start, until = its end), because some answer the newest candles of a range first (Bybit,
 * OKX, Coinbase) and one has no end parameter at all (Kraken): a window can never hold more than one
 * page, so no candle is skipped whatever order the exchange answers in. An empty window is not the
 * end (a listing date or a maintenance gap), so every window of the range is asked once.
 *
 * Rate limits: ccxt's own throttle spaces requests by the exchange's documented rate; a 429 waits
 * its Retry-After (or an exponential backoff without one) and is retried; network errors and 5xx
 * are retried with backoff; after `maxRetries` the error reaches the caller with a code.
 */

export interface ExchangeProfile {
  /** ccxt's class name. */
  readonly ccxtId: 'bybit' | 'okx' | 'kraken' | 'coinbaseexchange';
  /** Candles one OHLCV request returns at most (the exchange's documented maximum). */
  readonly pageBars: number;
  /** ccxt options: spot markets only (the others cost requests and are never traded here). */
  readonly options: Record<string, unknown>;
  /** Intervals the exchange serves on other boundaries than ours (domain/intervals.ts), so never downloaded. */
  readonly offGrid?: readonly Interval[];
}

export const CCXT_EXCHANGES: Readonly<Record<QualifiedExchange, ExchangeProfile>> = {
  // GET /v5/market/kline: limit ≤ 1000, newest first; markets from /v5/market/instruments-info.
  BYBIT: { ccxtId: 'bybit', pageBars: 1000, options: { fetchMarkets: { types: ['spot'] } } },
  // GET /api/v5/market/history-candles: limit ≤ 100, newest first, after/before cursors; every age of
  // candle is there, so ccxt's choice between it and /candles by the wall clock is switched off.
  OKX: { ccxtId: 'okx', pageBars: 100, options: { fetchMarkets: { types: ['spot'] }, fetchOHLCV: { type: 'HistoryCandles' } } },
  // GET /0/public/OHLC: at most 720 rows after `since`, no end parameter; markets from /0/public/AssetPairs.
  // Its weeks open on Thursdays (counted from the epoch), ours on Mondays.
  KRAKEN: { ccxtId: 'kraken', pageBars: 720, options: {}, offGrid: ['1w'] },
  // GET /products/{id}/candles: at most 300 rows, newest first, between start and end; markets from /products.
  COINBASE: { ccxtId: 'coinbaseexchange', pageBars: 300, options: {} },
};

export interface CcxtSourceOptions extends RetryOptions {
  readonly exchange: QualifiedExchange;
  /** Replaces every REST base URL of the exchange (a local fake, a proxy); unset: the exchange's own. */
  readonly baseUrl?: string;
  /** Milliseconds between requests for ccxt's throttle; unset: ccxt's figure for the exchange. */
  readonly rateLimitMs?: number;
  /** A Retry-After longer than this is not waited out: the request fails with EXCHANGE_RATE_LIMITED. */
  readonly maxRetryAfterMs?: number;
  /** Per-request timeout of ccxt. */
  readonly timeoutMs?: number;
}

export class ExchangeApiError extends Error {
  readonly code = 'UPSTREAM_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'ExchangeApiError';
  }
}

export class ExchangeRateLimitedError extends Error {
  readonly code = 'EXCHANGE_RATE_LIMITED';
  constructor(exchange: Exchange, detail: string) {
    super(`${exchange} kept refusing requests for exceeding its rate limit (${detail})`);
    this.name = 'ExchangeRateLimitedError';
  }
}

export class UnsupportedIntervalError extends Error {
  readonly code = 'UNSUPPORTED_INTERVAL';
  constructor(exchange: Exchange, interval: string, supported: readonly string[]) {
    super(`${exchange} has no ${interval} candles (it serves ${supported.join(', ')}); store one of those and the ${interval} bars are resampled from it`);
    this.name = 'UnsupportedIntervalError';
  }
}

/** What a failed ccxt request carries besides ccxt's error: the HTTP status and Retry-After. */
interface HttpFailure {
  httpStatus?: number;
  retryAfter?: string;
}

const MARKETS_TTL_MS = 3_600_000;

type CcxtModule = typeof import('ccxt');
let ccxtModule: Promise<CcxtModule> | null = null;
/** ccxt is large; a process that never meets another exchange's symbol never loads it. */
const loadCcxt = () => (ccxtModule ??= import('ccxt'));

export class CcxtSource implements CandleSource {
  readonly exchange: QualifiedExchange;
  readonly now: () => number;
  private readonly profile: ExchangeProfile;
  private readonly retry: Required<RetryOptions>;
  private readonly maxRetryAfterMs: number;
  private client: Promise<{ ccxt: CcxtModule; api: CcxtExchange }> | null = null;
  private markets: Promise<void> | null = null;
  private marketsAt = Infinity;

  constructor(private readonly options: CcxtSourceOptions) {
    this.exchange = options.exchange;
    this.profile = CCXT_EXCHANGES[options.exchange];
    this.retry = retryDefaults(options, abortableSleep);
    this.now = this.retry.now;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
  }

  private api(): Promise<{ ccxt: CcxtModule; api: CcxtExchange }> {
    this.client ??= loadCcxt().then((ccxt) => ({ ccxt, api: this.createApi(ccxt) }));
    return this.client;
  }

  private createApi(ccxt: CcxtModule): CcxtExchange {
    const Api = ccxt[this.profile.ccxtId] as unknown as new (config: Record<string, unknown>) => CcxtExchange;
    const api = new Api({
      enableRateLimit: true,
      ...(this.options.rateLimitMs !== undefined && { rateLimit: this.options.rateLimitMs }),
      timeout: this.options.timeoutMs ?? 15_000,
      options: this.profile.options,
    });
    // Currencies are not needed for candles, and some exchanges list them only with an API key.
    api.has.fetchCurrencies = false;
    if (this.options.baseUrl) api.urls.api = pointAt(api.urls.api, this.options.baseUrl.replace(/\/+$/, ''));
    // ccxt turns an HTTP error into its own exception without the response: keep the status and Retry-After.
    const handle = api.handleRestResponse.bind(api);
    api.handleRestResponse = (response: { status: number }, ...rest: unknown[]) =>
      (handle as (r: unknown, ...a: unknown[]) => Promise<unknown>)(response, ...rest).catch((error: unknown) => {
        if (error && typeof error === 'object') {
          const headers = api.getResponseHeaders(response) as Record<string, string | undefined>;
          Object.assign(error, { httpStatus: response.status, retryAfter: headers['Retry-After'] ?? headers['retry-after'] } satisfies HttpFailure);
        }
        throw error;
      });
    return api;
  }

  /** One ccxt call with the retry policy of the module comment. */
  private async call<T>(what: string, work: (api: CcxtExchange) => Promise<T>, signal?: AbortSignal, maxRetries = this.retry.maxRetries): Promise<T> {
    const { ccxt, api } = await this.api();
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      try {
        return await work(api);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const failure = error as HttpFailure & Error;
        if (failure.httpStatus === 429 || error instanceof ccxt.RateLimitExceeded || error instanceof ccxt.DDoSProtection) {
          const wait = retryAfterMs(failure.retryAfter, this.now());
          if (attempt >= maxRetries) throw new ExchangeRateLimitedError(this.exchange, `${what}: ${attempt + 1} attempts`);
          if (wait !== null && wait > this.maxRetryAfterMs) throw new ExchangeRateLimitedError(this.exchange, `${what}: Retry-After ${Math.round(wait / 1000)} s`);
          await this.retry.sleep(wait ?? this.backoff(attempt), signal);
          continue;
        }
        if (error instanceof ccxt.BadSymbol) throw new ExchangeApiError(`${this.exchange} ${what}: ${failure.message}`);
        const transient = error instanceof ccxt.NetworkError || (failure.httpStatus !== undefined && failure.httpStatus >= 500);
        if (transient && attempt < maxRetries) {
          await this.retry.sleep(this.backoff(attempt), signal);
          continue;
        }
        const reason = transient ? `unreachable after ${attempt + 1} attempts` : 'answered';
        throw new ExchangeApiError(`${this.exchange} ${reason} (${what}): ${failure.message.slice(0, 300)}`);
      }
    }
  }

  private backoff(attempt: number): number {
    return backoffDelay(attempt, this.retry.backoffBaseMs, this.retry.backoffMaxMs, this.retry.random);
  }

  /** The exchange's markets, asked for again after MARKETS_TTL_MS (new listings) or after a failure. */
  private loadMarkets(signal?: AbortSignal, maxRetries?: number): Promise<void> {
    if (this.markets && this.now() - this.marketsAt > MARKETS_TTL_MS) this.markets = null;
    this.markets ??= this.call('markets', async (api) => void (await api.loadMarkets(true)), signal, maxRetries).then(
      () => void (this.marketsAt = this.now()),
      (error: unknown) => {
        this.markets = null;
        throw error;
      },
    );
    return this.markets;
  }

  /** The markets request without retries, given up after `timeoutMs` (loading ccxt itself is not the exchange's delay). */
  async reachable(timeoutMs: number): Promise<void> {
    await this.api();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ExchangeApiError(`${this.exchange} did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    try {
      await Promise.race([this.loadMarkets(undefined, 0), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async validateSymbol(symbol: string, signal?: AbortSignal, maxRetries = this.retry.maxRetries): Promise<unknown> {
    const { pair } = this.ownMarket(symbol);
    await this.loadMarkets(signal, maxRetries);
    const market = (await this.api()).api.markets?.[pair];
    if (!market) throw new UnknownSymbolError(symbol, this.exchange);
    return market;
  }

  /** ccxt has no listing date for every exchange: the store's gaps decide, clipped only to closed candles. */
  async earliestOpenTime(): Promise<number | null> {
    return 0;
  }

  async *pages(symbol: string, interval: Interval, fromMs: number, toMs: number, signal?: AbortSignal): AsyncGenerator<OhlcvColumns> {
    const { pair } = this.ownMarket(symbol);
    await this.validateSymbol(symbol, signal);
    const served = await this.served();
    if (!served.includes(interval)) throw new UnsupportedIntervalError(this.exchange, interval, served);
    const windowMs = this.profile.pageBars * intervalMs(interval);
    for (let cursor = fromMs; cursor < toMs; cursor += windowMs) {
      const end = Math.min(toMs, cursor + windowMs);
      const rows = await this.call(`OHLCV ${pair} ${interval}`, (a) => a.fetchOHLCV(pair, interval, cursor, this.profile.pageBars, { until: end - 1 }), signal);
      const page = toColumns(rows, interval, cursor, end, this.now());
      if (page.openTime.length > 0) yield page;
    }
  }

  /** The intervals downloadable here: ccxt's timeframes of the exchange that are ours, of fixed length, on our boundaries. */
  async served(): Promise<Interval[]> {
    const { api } = await this.api();
    const offGrid = this.profile.offGrid ?? [];
    return INTERVALS.filter((i) => i in (api.timeframes ?? {}) && isFixedLength(i) && !offGrid.includes(i));
  }

  async intervalFor(interval: Interval): Promise<Interval | null> {
    const served = await this.served();
    if (served.includes(interval)) return interval;
    return served.filter((base) => divides(base, interval)).at(-1) ?? null;
  }

  private ownMarket(symbol: string) {
    const market = parseMarketSymbol(symbol);
    if (market.exchange !== this.exchange) throw new Error(`${symbol} is not a ${this.exchange} symbol`);
    return market;
  }
}

/** Every URL string of ccxt's `urls.api` (a string or a nested object of them) replaced by `baseUrl`. */
function pointAt(api: unknown, baseUrl: string): never {
  if (typeof api === 'string') return baseUrl as never;
  if (api && typeof api === 'object') return Object.fromEntries(Object.entries(api).map(([k, v]) => [k, pointAt(v, baseUrl)])) as never;
  return api as never;
}

/** ccxt rows [t, o, h, l, c, v] → columns: in [fromMs, toMs), on the interval's grid, closed by `now`, sorted, one per open time. */
function toColumns(rows: readonly (readonly (number | undefined)[])[], interval: Interval, fromMs: number, toMs: number, now: number): OhlcvColumns {
  const kept = rows
    .filter((r) => typeof r[0] === 'number' && r[0] >= fromMs && r[0] < toMs && alignDown(interval, r[0]) === r[0] && closeTimeOf(interval, r[0]) < now)
    .sort((a, b) => (a[0] as number) - (b[0] as number))
    .filter((r, i, all) => i === 0 || r[0] !== all[i - 1][0]);
  const column = (k: number) => Float64Array.from(kept, (r) => Number(r[k] ?? NaN));
  return { openTime: column(0), open: column(1), high: column(2), low: column(3), close: column(4), volume: column(5) };
}
