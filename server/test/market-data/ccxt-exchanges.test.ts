import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { QualifiedExchange } from '../../../domain/symbols.ts';
import { countCandles, findStoredGaps, loadCandles } from '../../market-data/candle-store.ts';
import { CCXT_EXCHANGES, CcxtSource, ExchangeRateLimitedError, UnsupportedIntervalError } from '../../market-data/ccxt-source.ts';
import { UnknownSymbolError } from '../../market-data/binance-client.ts';
import { fetchHistory } from '../../market-data/history-fetcher.ts';
import { FAKE_NOW, type FakeExchangeServer, startFakeExchange } from '../fixtures/fake-exchanges/fake-exchanges.ts';
import { type TestDb, openTestDb } from './test-db.ts';

/**
 * Each exchange ccxt reaches, against a local fake of its documented public REST API: a range
 * longer than one page is fetched page by page, a 429 is waited out for its Retry-After and retried,
 * and a second fetch asks only for what the store lacks (judged by the requests the fake received).
 */

const DAY = 86_400_000;
const FROM = Date.UTC(2024, 4, 1);
const TO = Date.UTC(2024, 5, 30); // 60 days of 1h: 1,440 bars, more than one page everywhere
const BARS = 1440;

const CASES: readonly { exchange: QualifiedExchange; symbol: string; market: { base: string; quote: string } }[] = [
  { exchange: 'BYBIT', symbol: 'BYBIT:BTC/USDT', market: { base: 'BTC', quote: 'USDT' } },
  { exchange: 'OKX', symbol: 'OKX:BTC/USDT', market: { base: 'BTC', quote: 'USDT' } },
  { exchange: 'KRAKEN', symbol: 'KRAKEN:BTC/USD', market: { base: 'BTC', quote: 'USD' } },
  { exchange: 'COINBASE', symbol: 'COINBASE:BTC/USD', market: { base: 'BTC', quote: 'USD' } },
];

let db: TestDb;
let fake: FakeExchangeServer | undefined;

beforeAll(async () => {
  db = await openTestDb('ccxt_exchanges');
});
afterAll(async () => {
  await db?.close();
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function source(exchange: QualifiedExchange, extra: Partial<ConstructorParameters<typeof CcxtSource>[0]> = {}) {
  const sleeps: number[] = [];
  const s = new CcxtSource({ exchange, baseUrl: fake!.url, now: () => FAKE_NOW, rateLimitMs: 1, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms), ...extra });
  return { s, sleeps };
}

describe.each(CASES)('$exchange through ccxt', ({ exchange, symbol, market }) => {
  const pageBars = CCXT_EXCHANGES[exchange].pageBars;

  it('fetches a range longer than one page, waits out a 429 for its Retry-After, and stores exactly the exchange\'s candles', async () => {
    fake = await startFakeExchange(exchange);
    const { s, sleeps } = source(exchange);
    const run = fetchHistory(db.pool, s, { symbol, interval: '1h', fromMs: FROM, toMs: TO });
    await fake.waitForOhlcvRequests(1);
    fake.fail({ kind: 'rateLimit', retryAfterSeconds: 3 });
    const result = await run;

    expect(result.candlesStored).toBe(BARS);
    expect(await countCandles(db.pool, symbol, '1h')).toBe(BARS);
    expect(await findStoredGaps(db.pool, symbol, '1h', FROM, TO)).toEqual([]);
    const stored = await loadCandles(db.pool, symbol, '1h', FROM, TO);
    const expected = fake.expectedCandles({ ...market, listedAt: 0 }, '1h', FROM, TO);
    expect(Array.from(stored.openTime)).toEqual(Array.from(expected.openTime));
    expect(Array.from(stored.close)).toEqual(Array.from(expected.close));
    expect(Array.from(stored.volume)).toEqual(Array.from(expected.volume));

    const requests = fake.ohlcvRequests();
    const refused = requests.filter((r) => r.status === 429);
    const answered = requests.filter((r) => r.status === 200);
    expect(refused).toHaveLength(1);
    expect(sleeps).toEqual([3000]);
    // One request per page-sized window, and the refused one asked again.
    expect(answered).toHaveLength(Math.ceil(BARS / pageBars));
    expect(answered.every((r) => r.candles <= pageBars)).toBe(true);
    expect(answered.reduce((sum, r) => sum + r.candles, 0)).toBeGreaterThanOrEqual(BARS);
  });

  it('refetches only what the store lacks', async () => {
    fake = await startFakeExchange(exchange);
    const { s } = source(exchange);
    const inner = { fromMs: FROM + 10 * DAY, toMs: FROM + 20 * DAY };
    const other = { ...market, base: 'ETH' };
    const ethSymbol = symbol.replace('BTC', 'ETH');
    await fetchHistory(db.pool, s, { symbol: ethSymbol, interval: '1h', ...inner });
    const before = fake.ohlcvRequests().length;

    const second = await fetchHistory(db.pool, s, { symbol: ethSymbol, interval: '1h', fromMs: FROM, toMs: TO });
    expect(second.plannedGaps).toEqual([
      { fromMs: FROM, toMs: inner.fromMs, missing: 240 },
      { fromMs: inner.toMs, toMs: TO, missing: 1440 - 480 },
    ]);
    expect(second.candlesStored).toBe(BARS - 240);
    const asked = fake.ohlcvRequests().slice(before);
    expect(asked.length).toBeGreaterThan(0);
    // No request reaches into the stored stretch (Kraken has no end parameter: it answers from `since` on, and the window is cut client-side).
    for (const r of asked) {
      const inFirstGap = r.range!.fromMs >= FROM && (exchange === 'KRAKEN' || r.range!.toMs <= inner.fromMs);
      const inSecondGap = r.range!.fromMs >= inner.toMs && r.range!.toMs <= TO;
      expect(inFirstGap || inSecondGap, JSON.stringify(r.range)).toBe(true);
    }
    const stored = await loadCandles(db.pool, ethSymbol, '1h', FROM, TO);
    expect(Array.from(stored.close)).toEqual(Array.from(fake.expectedCandles({ ...other, listedAt: 0 }, '1h', FROM, TO).close));

    const settled = fake.ohlcvRequests().length;
    const third = await fetchHistory(db.pool, s, { symbol: ethSymbol, interval: '1h', fromMs: FROM, toMs: TO });
    expect(third.candlesStored).toBe(0);
    expect(fake.ohlcvRequests().length).toBe(settled);
  });
});

describe('intervals an exchange does not serve', () => {
  it.each([
    ['COINBASE', '4h', '1h'],
    ['COINBASE', '1h', '1h'],
    ['KRAKEN', '1w', '1d'],
    ['KRAKEN', '2h', '1h'],
    ['BYBIT', '8h', '4h'],
    ['OKX', '3d', '1d'],
  ] as const)('%s %s bars are downloaded as %s', async (exchange, interval, served) => {
    fake = await startFakeExchange(exchange);
    expect(await source(exchange).s.intervalFor(interval)).toBe(served);
  });
});

describe('ccxt errors reach the caller with a code', () => {
  it('an unknown pair, an interval the exchange does not serve, and a 429 that never ends', async () => {
    fake = await startFakeExchange('COINBASE');
    const { s, sleeps } = source('COINBASE', { maxRetries: 2 });
    await expect(s.validateSymbol('COINBASE:DOGE/USD')).rejects.toBeInstanceOf(UnknownSymbolError);
    await expect(fetchHistory(db.pool, s, { symbol: 'COINBASE:BTC/USD', interval: '4h', fromMs: FROM, toMs: TO })).rejects.toBeInstanceOf(UnsupportedIntervalError);
    fake.fail(...Array.from({ length: 3 }, () => ({ kind: 'rateLimit' as const })));
    await expect(fetchHistory(db.pool, s, { symbol: 'COINBASE:BTC/USD', interval: '1d', fromMs: FROM, toMs: TO })).rejects.toBeInstanceOf(ExchangeRateLimitedError);
    // Without Retry-After: exponential backoff with jitter (random 0.5 → ¾ of 500 ms, then of 1000 ms).
    expect(sleeps).toEqual([375, 750]);
  });
});
