/**
 * Funding-rate history: the idempotent table, paged download from the fake exchange (its documented
 * format, limit and errors), the CSV import, and the offline sample's generated funding.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BinanceClient } from '../../market-data/binance-client.ts';
import { CandleDataError } from '../../market-data/candle-store.ts';
import { FUNDING_INTERVAL_MS, fundingSpan, generatedFunding, insertFundingRates, loadFundingRates } from '../../market-data/funding-store.ts';
import { importFundingCsv, parseFundingCsv } from '../../market-data/funding-import.ts';
import { CsvImportError } from '../../market-data/import/csv.ts';
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

  it('reads CSV: epoch or ISO times, plain or percent rates, with or without a header; refuses a bad line by number', async () => {
    const [parsed] = parseFundingCsv('time,rate\n2024-01-01T08:00:00Z,0.0001\n1704067200000,-0.00005\n2024-01-01 16:00:00,0.0120%\n', 'SOLUSDT');
    expect(parsed.symbol).toBe('SOLUSDT');
    expect(parsed.timeMs).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1, 8), Date.UTC(2024, 0, 1, 16)]);
    expect(parsed.rate[0]).toBe(-0.00005);
    expect(parsed.rate[2]).toBeCloseTo(0.00012, 15);
    expect(await insertFundingRates(db.pool, 'SOLUSDT', parsed.timeMs, parsed.rate)).toBe(3);
    expect(parseFundingCsv('1704067200000,0.0001\n', 'solusdt')).toEqual([{ symbol: 'SOLUSDT', timeMs: [Date.UTC(2024, 0, 1)], rate: [0.0001] }]);
    expect(() => parseFundingCsv('time,rate\n2024-01-01T08:00:00Z,abc\n', 'SOLUSDT')).toThrow(/line 2/);
    await expect(insertFundingRates(db.pool, 'SOLUSDT', [1.5], [0.1])).rejects.toBeInstanceOf(CandleDataError);
  });

  it('reads symbol,fundingTime,fundingRate, Binance’s export and Binance’s archive', () => {
    const simple = parseFundingCsv('symbol,fundingTime,fundingRate\nBTCUSDT,1704096000000,0.00010000\nETHUSDT,1704096000000,-0.00002\nBTCUSDT,1704067200000,0.00020000\n');
    expect(simple).toEqual([
      { symbol: 'BTCUSDT', timeMs: [1704067200000, 1704096000000], rate: [0.0002, 0.0001] },
      { symbol: 'ETHUSDT', timeMs: [1704096000000], rate: [-0.00002] },
    ]);
    // The funding-rate history page's export: the contract names the symbol, the rate is a percent.
    const exported = parseFundingCsv('"Time","Contracts","Funding Interval","Funding Rate"\n"2024-01-01 08:00:00","BTCUSDT Perpetual","8h","0.0100%"\n"2024-01-01 00:00:00","BTCUSDT Perpetual","8h","-0.0050%"\n');
    expect(exported).toHaveLength(1);
    expect(exported[0].symbol).toBe('BTCUSDT');
    expect(exported[0].timeMs).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1, 8)]);
    expect(exported[0].rate[0]).toBeCloseTo(-0.00005, 15);
    expect(exported[0].rate[1]).toBeCloseTo(0.0001, 15);
    // data.binance.vision …/fundingRate/<SYMBOL>-fundingRate-<month>.csv names no symbol: it is given.
    const archive = parseFundingCsv('calc_time,funding_interval_hours,last_funding_rate\n1704067200000,8,0.00037409\n1704096000000,8,0.00030000\n', 'BTCUSDT');
    expect(archive).toEqual([{ symbol: 'BTCUSDT', timeMs: [1704067200000, 1704096000000], rate: [0.00037409, 0.0003] }]);
  });

  it('refuses what it cannot store exactly, with the line at fault', () => {
    const refused = (text: string, symbol?: string) => {
      try {
        parseFundingCsv(text, symbol);
      } catch (error) {
        expect(error).toBeInstanceOf(CsvImportError);
        return [(error as CsvImportError).line, (error as Error).message];
      }
      throw new Error('accepted');
    };
    expect(refused('time,rate\n1704067200000,0.0001\n')).toEqual([null, expect.stringMatching(/name the symbol/)]);
    expect(refused('symbol,fundingTime,fundingRate\nBTCUSDT,1704067200000,0.0001\nBTCUSDT,yesterday,0.0001\n')).toEqual([3, expect.stringMatching(/not a time/)]);
    expect(refused('symbol,fundingTime,fundingRate\nBTCUSDT,1704067200000,1.5\n')).toEqual([2, expect.stringMatching(/not a funding rate/)]);
    expect(refused('symbol,fundingTime,fundingRate\nBTCUSDT,1704067200000,\n')).toEqual([2, expect.stringMatching(/not a funding rate/)]);
    expect(refused('symbol,fundingTime,fundingRate\nBTC USDT!,1704067200000,0.0001\n')).toEqual([2, expect.stringMatching(/not a symbol/)]);
    expect(refused('symbol,fundingTime,fundingRate\nETHUSDT,1704067200000,0.0001\n', 'BTCUSDT')).toEqual([2, expect.stringMatching(/for ETHUSDT, the import for BTCUSDT/)]);
    expect(refused('symbol,fundingTime,fundingRate\nBTCUSDT,1704067200000,0.0001\nBTCUSDT,1704067200000,0.0002\n')).toEqual([3, expect.stringMatching(/twice with different rates/)]);
    expect(refused('open,high,low,close\n1,2,3,4\n')).toEqual([1, expect.stringMatching(/cannot tell the time and rate columns/)]);
    expect(refused('')).toEqual([null, expect.stringMatching(/no funding rows/)]);
  });

  it('imports a file all at once and idempotently: a bad row stores nothing, a second import nothing new', async () => {
    const count = async () => Number((await db.pool.query(`SELECT count(*) FROM funding_rate WHERE symbol IN ('ADAUSDT', 'XRPUSDT')`)).rows[0].count);
    const good = 'symbol,fundingTime,fundingRate\nADAUSDT,1704067200000,0.0001\nXRPUSDT,1704067200000,0.0002\nADAUSDT,1704096000000,0.0003\n';
    await expect(importFundingCsv(db.pool, good + 'XRPUSDT,1704096000000,abc\n')).rejects.toThrow(/line 5/);
    expect(await count()).toBe(0);
    const first = await importFundingCsv(db.pool, good);
    expect(first).toMatchObject({ rowsParsed: 3, rowsInserted: 3 });
    expect(first.symbols).toEqual([
      { symbol: 'ADAUSDT', rowsParsed: 2, rowsInserted: 2, firstMs: 1704067200000, lastMs: 1704096000000 },
      { symbol: 'XRPUSDT', rowsParsed: 1, rowsInserted: 1, firstMs: 1704067200000, lastMs: 1704067200000 },
    ]);
    expect(await importFundingCsv(db.pool, good)).toMatchObject({ rowsParsed: 3, rowsInserted: 0 });
    expect(await count()).toBe(3);
    expect(await loadFundingRates(db.pool, 'ADAUSDT', 0, Date.UTC(2025, 0, 1))).toEqual({ timeMs: Float64Array.from([1704067200000, 1704096000000]), rate: Float64Array.from([0.0001, 0.0003]) });
  });

  it('generates the offline sample’s funding every 8 h, the same for the same seed', () => {
    const a = generatedFunding(Date.UTC(2025, 0, 1), Date.UTC(2025, 1, 1), 7);
    expect(a.timeMs).toHaveLength(31 * 3);
    expect(a.timeMs[1] - a.timeMs[0]).toBe(FUNDING_INTERVAL_MS);
    expect(generatedFunding(Date.UTC(2025, 0, 1), Date.UTC(2025, 1, 1), 7)).toEqual(a);
    expect(a.rate.some((r) => r < 0) && a.rate.some((r) => r > 0)).toBe(true);
  });
});
