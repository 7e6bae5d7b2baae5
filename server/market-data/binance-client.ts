import { type Interval, closeTimeOf } from '../../domain/intervals.ts';
import type { OhlcvColumns } from '../engine/index.ts';
import { type RetryOptions, backoffDelay, retryAfterMs, retryDefaults } from './backoff.ts';

/**
 * Binance REST for klines and exchange info, written to stay on the right side of its rate limits:
 * it reads the used-weight header and waits for the next minute before reaching the limit, honours
 * Retry-After on 429, stops for good on 418 (an IP ban that grows if ignored), and retries network
 * errors and 5xx with exponential backoff and jitter. Clock, sleep and randomness are injectable
 * so every path is testable without real waiting.
 */

export type Market = 'spot' | 'futures';

export interface BinanceClientOptions extends RetryOptions {
  readonly baseUrl: string;
  readonly market?: Market;
  readonly fetch?: typeof fetch;
  /** Request weight per minute the exchange allows (spot 6000, futures 2400). */
  readonly weightLimit?: number;
  /** Fraction of the limit at which to stop and wait for the next minute. */
  readonly weightSafety?: number;
  /** Requests in flight at once, across every symbol fetched in parallel. */
  readonly maxConcurrency?: number;
  readonly exchangeInfoTtlMs?: number;
  /** After a failed exchange-info request, how long symbol lookups answer from the cache without asking again. */
  readonly exchangeInfoRetryMs?: number;
}

export class BinanceBannedError extends Error {
  readonly code = 'BINANCE_BANNED';
  constructor(readonly bannedUntil: number) {
    super(`Binance has banned this IP until ${new Date(bannedUntil).toISOString()} for exceeding rate limits; no requests will be sent before then`);
    this.name = 'BinanceBannedError';
  }
}

export class BinanceApiError extends Error {
  readonly code = 'BINANCE_ERROR';
  constructor(
    readonly status: number,
    readonly binanceCode: number | null,
    message: string,
  ) {
    super(`Binance answered ${status}${binanceCode !== null ? ` (code ${binanceCode})` : ''}: ${message}`);
    this.name = 'BinanceApiError';
  }
}

export class UnknownSymbolError extends Error {
  readonly code = 'UNKNOWN_SYMBOL';
  constructor(readonly symbol: string, exchange = 'Binance') {
    super(`Unknown symbol "${symbol}": ${exchange} exchange info does not list it`);
    this.name = 'UnknownSymbolError';
  }
}

export interface ExchangeSymbol {
  readonly symbol: string;
  readonly status: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
}

export interface KlineQuery {
  readonly symbol: string;
  readonly interval: Interval;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly limit?: number;
}

export const MAX_KLINE_LIMIT = 1000;
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class BinanceClient {
  readonly baseUrl: string;
  readonly market: Market;
  private readonly fetchImpl: typeof fetch;
  readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly weightLimit: number;
  private readonly weightSafety: number;
  private readonly maxRetries: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly maxConcurrency: number;
  private readonly exchangeInfoTtlMs: number;
  private usedWeight = 0;
  private weightMinute = -1;
  private bannedUntil = 0;
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private readonly earliestCache = new Map<string, number>();
  private exchangeInfoCache: { at: number; symbols: Map<string, ExchangeSymbol> } | null = null;
  private readonly exchangeInfoRetryMs: number;
  private exchangeInfoRefresh: Promise<Map<string, ExchangeSymbol>> | null = null;
  private exchangeInfoFailure: { at: number; message: string } | null = null;

  constructor(options: BinanceClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.market = options.market ?? 'spot';
    this.fetchImpl = options.fetch ?? fetch;
    const retry = retryDefaults(options, abortableSleep);
    this.now = retry.now;
    this.sleep = retry.sleep;
    this.random = retry.random;
    this.weightLimit = options.weightLimit ?? (this.market === 'spot' ? 6000 : 2400);
    this.weightSafety = options.weightSafety ?? 0.8;
    this.maxRetries = retry.maxRetries;
    this.backoffBaseMs = retry.backoffBaseMs;
    this.backoffMaxMs = retry.backoffMaxMs;
    this.maxConcurrency = options.maxConcurrency ?? 4;
    this.exchangeInfoTtlMs = options.exchangeInfoTtlMs ?? 3_600_000;
    this.exchangeInfoRetryMs = options.exchangeInfoRetryMs ?? 30_000;
  }

  private get prefix(): string {
    return this.market === 'spot' ? '/api/v3' : '/fapi/v1';
  }

  /** One GET with throttling, retries (up to `maxRetries`, default the client's) and the concurrency cap. */
  async get(path: string, params: Record<string, string | number | undefined>, weight: number, signal?: AbortSignal, maxRetries = this.maxRetries): Promise<unknown> {
    await this.acquire(signal);
    try {
      return await this.getWithRetries(path, params, weight, signal, maxRetries);
    } finally {
      this.release();
    }
  }

  private async getWithRetries(path: string, params: Record<string, string | number | undefined>, weight: number, signal: AbortSignal | undefined, maxRetries: number): Promise<unknown> {
    const url = new URL(`${this.baseUrl}${this.prefix}${path}`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      if (this.bannedUntil > this.now()) throw new BinanceBannedError(this.bannedUntil);
      await this.throttle(weight, signal);
      let response: Response;
      try {
        response = await this.fetchImpl(url, { signal });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (attempt >= maxRetries) throw new Error(`Binance unreachable at ${this.baseUrl} after ${attempt + 1} attempts: ${String(error)}`);
        await this.sleep(this.backoffDelay(attempt), signal);
        continue;
      }
      this.recordWeight(response.headers);
      if (response.ok) return response.json();
      const body = (await response.json().catch(() => null)) as { code?: number; msg?: string } | null;
      const retryAfter = retryAfterMs(response.headers.get('retry-after'), this.now());
      if (response.status === 418) {
        const fromMessage = /banned until (\d{12,})/.exec(body?.msg ?? '')?.[1];
        this.bannedUntil = fromMessage ? Number(fromMessage) : this.now() + (retryAfter ?? 120_000);
        throw new BinanceBannedError(this.bannedUntil);
      }
      if (response.status === 429) {
        if (attempt >= maxRetries) throw new BinanceApiError(429, body?.code ?? null, body?.msg ?? 'Too many requests');
        // Without a Retry-After the safest wait is until the weight window rolls over.
        await this.sleep(retryAfter ?? this.msToNextMinute(), signal);
        this.usedWeight = 0;
        continue;
      }
      if (TRANSIENT_STATUS.has(response.status) && attempt < maxRetries) {
        await this.sleep(this.backoffDelay(attempt), signal);
        continue;
      }
      if (body?.code === -1121) throw new UnknownSymbolError(String(params.symbol));
      throw new BinanceApiError(response.status, body?.code ?? null, body?.msg ?? response.statusText);
    }
  }

  backoffDelay(attempt: number): number {
    return backoffDelay(attempt, this.backoffBaseMs, this.backoffMaxMs, this.random);
  }

  private msToNextMinute(): number {
    return 60_000 - (this.now() % 60_000) + 250;
  }

  private recordWeight(headers: Headers): void {
    const used = Number(headers.get('x-mbx-used-weight-1m') ?? headers.get('x-mbx-used-weight'));
    if (Number.isFinite(used) && headers.has('x-mbx-used-weight-1m')) {
      this.usedWeight = used;
      this.weightMinute = Math.floor(this.now() / 60_000);
    }
  }

  /** Waits for the next weight window when this request would take us past the safety margin. */
  private async throttle(weight: number, signal?: AbortSignal): Promise<void> {
    if (Math.floor(this.now() / 60_000) !== this.weightMinute) return;
    if (this.usedWeight + weight <= this.weightLimit * this.weightSafety) return;
    await this.sleep(this.msToNextMinute(), signal);
    this.usedWeight = 0;
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (this.active < this.maxConcurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve();
      };
      const onAbort = () => {
        this.queue.splice(this.queue.indexOf(grant), 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(grant);
    });
  }

  private release(): void {
    this.active--;
    this.queue.shift()?.();
  }

  async ping(signal?: AbortSignal, maxRetries = this.maxRetries): Promise<void> {
    await this.get('/ping', {}, 1, signal, maxRetries);
  }

  /** Binance serves every interval. */
  async intervalFor(interval: Interval): Promise<Interval> {
    return interval;
  }

  async reachable(timeoutMs: number): Promise<void> {
    await this.ping(AbortSignal.timeout(timeoutMs));
  }

  async exchangeSymbols(signal?: AbortSignal, maxRetries = this.maxRetries): Promise<Map<string, ExchangeSymbol>> {
    if (this.exchangeInfoCache && this.now() - this.exchangeInfoCache.at < this.exchangeInfoTtlMs) return this.exchangeInfoCache.symbols;
    const info = (await this.get('/exchangeInfo', {}, 20, signal, maxRetries)) as { symbols?: ExchangeSymbol[] };
    const symbols = new Map((info.symbols ?? []).map((s) => [s.symbol, { symbol: s.symbol, status: s.status, baseAsset: s.baseAsset, quoteAsset: s.quoteAsset }]));
    this.exchangeInfoCache = { at: this.now(), symbols };
    return symbols;
  }

  /**
   * Exchange symbols for an interactive search, which must not hang on an unreachable exchange: the
   * cached list when fresh; otherwise one shared request without retries that the caller waits on
   * for at most `waitMs` (it goes on in the background and fills the cache for the next search).
   * When it fails or is slow, the stale cache (or null) comes back with the reason, and for
   * `exchangeInfoRetryMs` after a failure searches answer at once without asking again.
   */
  async searchableSymbols(waitMs: number, requestTimeoutMs: number): Promise<{ symbols: Map<string, ExchangeSymbol> | null; error: string | null }> {
    const cache = this.exchangeInfoCache;
    if (cache && this.now() - cache.at < this.exchangeInfoTtlMs) return { symbols: cache.symbols, error: null };
    const failure = this.exchangeInfoFailure;
    if (failure && this.now() - failure.at < this.exchangeInfoRetryMs) return { symbols: cache?.symbols ?? null, error: failure.message };
    this.exchangeInfoRefresh ??= this.exchangeSymbols(AbortSignal.timeout(requestTimeoutMs), 0)
      .then((symbols) => {
        this.exchangeInfoFailure = null;
        return symbols;
      })
      .catch((error: unknown) => {
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        const message = timedOut ? `Binance at ${this.baseUrl} did not answer within ${requestTimeoutMs / 1000} s` : error instanceof Error ? error.message : String(error);
        this.exchangeInfoFailure = { at: this.now(), message };
        throw error;
      })
      .finally(() => {
        this.exchangeInfoRefresh = null;
      });
    const patience = new AbortController();
    const outcome = await Promise.race([
      this.exchangeInfoRefresh.then(
        (symbols) => ({ symbols, error: null }),
        () => ({ symbols: cache?.symbols ?? null, error: this.exchangeInfoFailure?.message ?? `Binance at ${this.baseUrl} cannot be reached` }),
      ),
      this.sleep(waitMs, patience.signal).then(
        () => ({ symbols: cache?.symbols ?? null, error: `Binance at ${this.baseUrl} did not answer within ${waitMs / 1000} s; showing stored and cached symbols` }),
        () => null,
      ),
    ]);
    patience.abort();
    return outcome!;
  }

  async validateSymbol(symbol: string, signal?: AbortSignal, maxRetries = this.maxRetries): Promise<ExchangeSymbol> {
    const found = (await this.exchangeSymbols(signal, maxRetries)).get(symbol.toUpperCase());
    if (!found) throw new UnknownSymbolError(symbol);
    return found;
  }

  /** One raw page, parsed into columns; the still-open candle (closeTime ≥ now) is dropped. */
  async klines(query: KlineQuery, signal?: AbortSignal): Promise<OhlcvColumns> {
    const limit = Math.min(MAX_KLINE_LIMIT, query.limit ?? MAX_KLINE_LIMIT);
    const rows = (await this.get('/klines', { symbol: query.symbol, interval: query.interval, startTime: query.startTime, endTime: query.endTime, limit }, 2, signal)) as unknown[];
    return parseKlines(rows, query.interval, this.now());
  }

  /** Open time of the first candle Binance has (startTime=0 returns the listing candle), or null. */
  async earliestOpenTime(symbol: string, interval: Interval, signal?: AbortSignal): Promise<number | null> {
    const key = `${symbol}|${interval}`;
    const cached = this.earliestCache.get(key);
    if (cached !== undefined) return cached;
    const page = await this.klines({ symbol, interval, startTime: 0, limit: 1 }, signal);
    const earliest = page.openTime.length ? page.openTime[0] : null;
    // A listing date never changes; "nothing yet" might, so only hits are cached.
    if (earliest !== null) this.earliestCache.set(key, earliest);
    return earliest;
  }

  /**
   * Funding settlements with time in [fromMs, toMs) (futures only: GET /fapi/v1/fundingRate, weight 1,
   * startTime paging, limit 1000), page by page.
   */
  async *fundingPages(symbol: string, fromMs: number, toMs: number, signal?: AbortSignal): AsyncGenerator<{ timeMs: number[]; rate: number[] }> {
    let cursor = fromMs;
    while (cursor < toMs) {
      const rows = await this.get('/fundingRate', { symbol, startTime: cursor, endTime: toMs - 1, limit: MAX_FUNDING_LIMIT }, 1, signal);
      const page = parseFundingRates(rows);
      if (page.timeMs.length === 0) return;
      yield page;
      const next = page.timeMs[page.timeMs.length - 1] + 1;
      if (next <= cursor) throw new BinanceApiError(200, null, `fundingRate did not advance past ${new Date(cursor).toISOString()}`);
      cursor = next;
    }
  }

  /**
   * Every closed candle with open time in [fromMs, toMs), page by page (startTime paging, limit 1000).
   * A short page is not taken as the end (Binance may return fewer rows than asked); only an empty
   * page or reaching toMs ends the walk.
   */
  async *pages(symbol: string, interval: Interval, fromMs: number, toMs: number, signal?: AbortSignal): AsyncGenerator<OhlcvColumns> {
    let cursor = fromMs;
    while (cursor < toMs) {
      const page = await this.klines({ symbol, interval, startTime: cursor, endTime: toMs - 1 }, signal);
      if (page.openTime.length === 0) return;
      yield page;
      const next = closeTimeOf(interval, page.openTime[page.openTime.length - 1]) + 1;
      if (next <= cursor) throw new BinanceApiError(200, null, `klines did not advance past ${new Date(cursor).toISOString()}`);
      cursor = next;
    }
  }
}

/** Funding settlements per page of GET /fapi/v1/fundingRate (its maximum). */
export const MAX_FUNDING_LIMIT = 1000;

/** Binance funding rows ({ symbol, fundingTime, fundingRate, markPrice }) → columns. */
export function parseFundingRates(rows: unknown): { timeMs: number[]; rate: number[] } {
  if (!Array.isArray(rows)) throw new BinanceApiError(200, null, 'fundingRate response is not an array');
  const timeMs: number[] = [], rate: number[] = [];
  rows.forEach((row, i) => {
    const r = row as { fundingTime?: unknown; fundingRate?: unknown };
    const t = Number(r.fundingTime), f = Number(r.fundingRate);
    if (!Number.isFinite(t) || !Number.isFinite(f)) throw new BinanceApiError(200, null, `fundingRate row ${i} is malformed`);
    timeMs.push(t);
    rate.push(f);
  });
  return { timeMs, rate };
}

/** Binance kline arrays → columns. Rows: [openTime, open, high, low, close, volume, closeTime, …]. */
export function parseKlines(rows: unknown[], interval: Interval, now: number): OhlcvColumns {
  if (!Array.isArray(rows)) throw new BinanceApiError(200, null, 'klines response is not an array');
  let n = rows.length;
  while (n > 0 && Number((rows[n - 1] as unknown[])[6] ?? closeTimeOf(interval, Number((rows[n - 1] as unknown[])[0]))) >= now) n--;
  const cols = {
    openTime: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i] as unknown[];
    if (!Array.isArray(r) || r.length < 6) throw new BinanceApiError(200, null, `kline row ${i} is malformed`);
    cols.openTime[i] = Number(r[0]);
    cols.open[i] = Number(r[1]);
    cols.high[i] = Number(r[2]);
    cols.low[i] = Number(r[3]);
    cols.close[i] = Number(r[4]);
    cols.volume[i] = Number(r[5]);
  }
  return cols;
}
