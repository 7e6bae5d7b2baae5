import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BinanceClient, UnknownSymbolError } from '../../market-data/binance-client.ts';
import { countCandles, findStoredGaps, loadCandles } from '../../market-data/candle-store.ts';
import { type FetchProgress, fetchHistory, fetchMany } from '../../market-data/history-fetcher.ts';
import { type FakeBinance, startFakeBinance } from '../fixtures/fake-binance/fake-binance.ts';
import { type TestDb, openTestDb } from './test-db.ts';

const NOW = Date.UTC(2024, 6, 1, 12, 2, 30);
const FROM = Date.UTC(2024, 2, 1);
const TO = Date.UTC(2024, 5, 1); // 3 months: 92 days × 288 = 26,496 bars
let db: TestDb;
let fake: FakeBinance;

beforeAll(async () => {
  db = await openTestDb('fetch_history');
});
afterAll(async () => {
  await db?.close();
});
afterEach(async () => {
  await fake?.close();
});

function client(extra: Partial<ConstructorParameters<typeof BinanceClient>[0]> = {}) {
  const sleeps: number[] = [];
  const c = new BinanceClient({ baseUrl: fake.url, now: () => NOW, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms), ...extra });
  return { c, sleeps };
}

describe('fetching history into the store', () => {
  it('downloads a 3-month 5m range page by page, survives a 429, stores exactly the expected candles, and refetches nothing', async () => {
    fake = await startFakeBinance({ now: () => NOW });
    const { c, sleeps } = client();
    // The 429 lands in the middle of the paging.
    const progress: FetchProgress[] = [];
    const run = fetchHistory(db.pool, c, { symbol: 'BTCUSDT', interval: '5m', fromMs: FROM, toMs: TO }, { onProgress: (p) => void progress.push(p) });
    await fake.waitForRequests(5, '/klines');
    fake.fail({ kind: 'status', status: 429, retryAfterSeconds: 2 });
    const result = await run;

    expect(result.candlesStored).toBe(26_496);
    expect(await countCandles(db.pool, 'BTCUSDT', '5m')).toBe(26_496);
    expect(sleeps).toContain(2000);
    const klines = fake.klineRequests();
    expect(klines.filter((r) => r.status === 429)).toHaveLength(1);
    const ok = klines.filter((r) => r.status === 200);
    const pages = ok.filter((r) => r.params.startTime !== '0');
    expect(pages.every((r) => r.params.limit === '1000')).toBe(true);
    expect(pages).toHaveLength(27); // 26 full pages + 496
    expect(ok.reduce((s, r) => s + r.candles, 0)).toBe(26_496 + 1); // +1: the earliest-candle probe
    expect(await findStoredGaps(db.pool, 'BTCUSDT', '5m', FROM, TO)).toEqual([]);
    const stored = await loadCandles(db.pool, 'BTCUSDT', '5m', FROM, TO);
    const expected = fake.expectedCandles('BTCUSDT', '5m', FROM, TO);
    expect(Array.from(stored.close)).toEqual(Array.from(expected.close));
    expect(Array.from(stored.volume)).toEqual(Array.from(expected.volume));
    expect(progress.at(-1)).toMatchObject({ candlesStored: 26_496, percent: 100, etaSeconds: 0, coveredToMs: TO });

    const before = fake.klineRequests().length;
    const again = await fetchHistory(db.pool, c, { symbol: 'BTCUSDT', interval: '5m', fromMs: FROM, toMs: TO });
    expect(again.candlesStored).toBe(0);
    expect(fake.klineRequests().length).toBe(before);
    // A fresh client (another job, another process) sends no kline request either.
    const fresh = client().c;
    await fetchHistory(db.pool, fresh, { symbol: 'BTCUSDT', interval: '5m', fromMs: FROM, toMs: TO });
    expect(fake.klineRequests().length).toBe(before);
  });

  it('fetches only the missing stretches of a range', async () => {
    fake = await startFakeBinance({ now: () => NOW });
    const { c } = client();
    const a = Date.UTC(2024, 5, 1);
    await fetchHistory(db.pool, c, { symbol: 'BTCUSDT', interval: '5m', fromMs: a + 86_400_000, toMs: a + 2 * 86_400_000 });
    const before = fake.klineRequests().length;
    const r = await fetchHistory(db.pool, c, { symbol: 'BTCUSDT', interval: '5m', fromMs: a, toMs: a + 3 * 86_400_000 });
    expect(r.plannedGaps).toEqual([
      { fromMs: a, toMs: a + 86_400_000, missing: 288 },
      { fromMs: a + 2 * 86_400_000, toMs: a + 3 * 86_400_000, missing: 288 },
    ]);
    const newRequests = fake.klineRequests().slice(before);
    expect(newRequests.map((q) => Number(q.params.startTime))).toEqual([a, a + 2 * 86_400_000]);
    expect(r.candlesStored).toBe(576);
  });

  it('never stores the still-open candle and clips to the listing date', async () => {
    const listedAt = Date.UTC(2024, 5, 28, 6);
    fake = await startFakeBinance({ now: () => NOW, symbols: [{ symbol: 'NEWUSDT', listedAt }] });
    const { c } = client();
    const r = await fetchHistory(db.pool, c, { symbol: 'NEWUSDT', interval: '1h', fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2025, 0, 1) });
    expect(r.fromMs).toBe(listedAt);
    const series = await loadCandles(db.pool, 'NEWUSDT', '1h', 0, Date.UTC(2030, 0, 1));
    expect(series.openTime[0]).toBe(listedAt);
    // 12:00 is still open at 12:02:30; the last stored bar is 11:00.
    expect(series.openTime[series.length - 1]).toBe(Date.UTC(2024, 6, 1, 11));
    expect(series.length).toBe(18 + 24 + 24 + 12);
    const before = fake.klineRequests().length;
    await fetchHistory(db.pool, c, { symbol: 'NEWUSDT', interval: '1h', fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2025, 0, 1) });
    expect(fake.klineRequests().length).toBe(before);
  });

  it('reports bars the exchange itself lacks instead of looping on them', async () => {
    fake = await startFakeBinance({ now: () => NOW });
    const d = Date.UTC(2024, 4, 10);
    fake.removeCandles('ETHUSDT', '5m', d + 3_600_000, d + 7_200_000);
    const { c } = client();
    const r = await fetchHistory(db.pool, c, { symbol: 'ETHUSDT', interval: '5m', fromMs: d, toMs: d + 86_400_000 });
    expect(r.candlesStored).toBe(288 - 12);
    expect(r.remainingGaps).toEqual([{ fromMs: d + 3_600_000, toMs: d + 7_200_000, missing: 12 }]);
  });

  it('rejects unknown symbols before downloading', async () => {
    fake = await startFakeBinance({ now: () => NOW });
    const { c } = client();
    await expect(fetchHistory(db.pool, c, { symbol: 'DOGEFOO', interval: '5m', fromMs: FROM, toMs: TO })).rejects.toBeInstanceOf(UnknownSymbolError);
    expect(fake.klineRequests()).toHaveLength(0);
  });

  it('fetches several symbols in parallel within the concurrency cap, and can be cancelled', async () => {
    fake = await startFakeBinance({ now: () => NOW, latencyMs: 5 });
    const { c } = client({ maxConcurrency: 2 });
    const from = Date.UTC(2024, 0, 1);
    const results = await fetchMany(db.pool, c, [
      { symbol: 'BTCUSDT', interval: '15m', fromMs: from, toMs: from + 30 * 86_400_000 },
      { symbol: 'ETHUSDT', interval: '15m', fromMs: from, toMs: from + 30 * 86_400_000 },
    ], 2);
    expect(results.map((r) => r.candlesStored)).toEqual([2880, 2880]);
    expect(fake.maxInFlight).toBeLessThanOrEqual(2);

    const controller = new AbortController();
    const pending = fetchHistory(db.pool, c, { symbol: 'ETHUSDT', interval: '1m', fromMs: Date.UTC(2024, 5, 1), toMs: Date.UTC(2024, 5, 20) }, { signal: controller.signal });
    const seen = fake.klineRequests().length;
    await fake.waitForRequests(fake.requests.length + 3, '/klines');
    controller.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');
    expect(fake.klineRequests().length - seen).toBeLessThan(27);
  });
});
