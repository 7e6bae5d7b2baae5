/**
 * Funding-rate history: the idempotent table, paged download from the fake exchange (its documented
 * format, limit and errors), the CSV import, and the offline sample's generated funding.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BinanceClient } from '../../market-data/binance-client.ts';
import { CandleDataError } from '../../market-data/candle-store.ts';
import { FUNDING_INTERVAL_MS, fundingSpan, generatedFunding, insertFundingRates, loadFundingRates, parseFundingCsv } from '../../market-data/funding-store.ts';
import { FakeBinance, startFakeBinance } from '../fixtures/fake-binance/fake-binance.ts';
import { type TestDb, openTestDb } from './test-db.ts';

const NOW = Date.UTC(2024, 6, 1, 12, 2, 30);
let db: TestDb;
const fakes: FakeBinance[] = [];
beforeAll(async () => {
  db = await openTestDb('funding');
});
afterAll(async () => {
  await db?.close();
});
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function fake() {
  const f = await startFakeBinance({ now: () => NOW });
  fakes.push(f);
  const sleeps: number[] = [];
  const client = new BinanceClient({ baseUrl: f.url, market: 'futures', now: () => NOW, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 });
  return { fake: f, client, sleeps };
}

describe('funding rates', () => {
  it('pages GET /fapi/v1/fundingRate by startTime with limit 1000 and stores every settlement once', async () => {
    const { fake: f, client } = await fake();
    const from = Date.UTC(2023, 11, 2), to = Date.UTC(2024, 6, 1);
    let stored = 0;
    for await (const page of client.fundingPages('BTCUSDT', from, to)) stored += await insertFundingRates(db.pool, 'BTCUSDT', page.timeMs, page.rate);
    const expected = f.expectedFunding('BTCUSDT', from, to);
    expect(expected.timeMs.length).toBeGreaterThan(600);
    expect(stored).toBe(expected.timeMs.length);
    const requests = f.requests.filter((r) => r.path === '/fapi/v1/fundingRate');
    expect(requests.every((r) => r.params.limit === '1000')).toBe(true);
    const loaded = await loadFundingRates(db.pool, 'BTCUSDT', from, to);
    expect(Array.from(loaded.timeMs)).toEqual(expected.timeMs);
    expect(Array.from(loaded.rate)).toEqual(expected.rate);
    // Again: nothing new.
    expect(await insertFundingRates(db.pool, 'BTCUSDT', expected.timeMs, expected.rate)).toBe(0);
    expect(await fundingSpan(db.pool, 'BTCUSDT')).toEqual({ fromMs: expected.timeMs[0], toMs: expected.timeMs[expected.timeMs.length - 1] });
  });

  it('walks several pages when the exchange answers short pages, and retries a 429 after Retry-After', async () => {
    const f = await startFakeBinance({ now: () => NOW, pageCap: 200 });
    fakes.push(f);
    const sleeps: number[] = [];
    const client = new BinanceClient({ baseUrl: f.url, market: 'futures', now: () => NOW, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 });
    f.fail({ kind: 'status', status: 429, retryAfterSeconds: 3 });
    const from = Date.UTC(2024, 0, 1), to = Date.UTC(2024, 4, 1);
    const times: number[] = [];
    for await (const page of client.fundingPages('ETHUSDT', from, to)) times.push(...page.timeMs);
    expect(times).toEqual(f.expectedFunding('ETHUSDT', from, to).timeMs);
    expect(f.requests.filter((r) => r.path === '/fapi/v1/fundingRate' && r.status === 200).length).toBeGreaterThan(1);
    expect(sleeps).toContain(3000);
  });

  it('refuses an unknown symbol with Binance’s error', async () => {
    const { client } = await fake();
    await expect(async () => {
      for await (const _ of client.fundingPages('NOPEUSDT', 0, NOW)) void _;
    }).rejects.toThrow(/Unknown symbol "NOPEUSDT"/);
  });

  it('imports CSV: epoch or ISO times, plain or percent rates, with a header; refuses a bad line by number', async () => {
    const parsed = parseFundingCsv('time,rate\n2024-01-01T08:00:00Z,0.0001\n1704067200000,-0.00005\n2024-01-01 16:00:00,0.0120%\n');
    expect(parsed.timeMs).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1, 8), Date.UTC(2024, 0, 1, 16)]);
    expect(parsed.rate[0]).toBe(-0.00005);
    expect(parsed.rate[2]).toBeCloseTo(0.00012, 15);
    expect(await insertFundingRates(db.pool, 'SOLUSDT', parsed.timeMs, parsed.rate)).toBe(3);
    expect(() => parseFundingCsv('time,rate\n2024-01-01T08:00:00Z,abc\n')).toThrow(/line 2/);
    await expect(insertFundingRates(db.pool, 'SOLUSDT', [1.5], [0.1])).rejects.toBeInstanceOf(CandleDataError);
  });

  it('generates the offline sample’s funding every 8 h, the same for the same seed', () => {
    const a = generatedFunding(Date.UTC(2025, 0, 1), Date.UTC(2025, 1, 1), 7);
    expect(a.timeMs).toHaveLength(31 * 3);
    expect(a.timeMs[1] - a.timeMs[0]).toBe(FUNDING_INTERVAL_MS);
    expect(generatedFunding(Date.UTC(2025, 0, 1), Date.UTC(2025, 1, 1), 7)).toEqual(a);
    expect(a.rate.some((r) => r < 0) && a.rate.some((r) => r > 0)).toBe(true);
  });
});
