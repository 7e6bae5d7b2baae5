// Registers the market-data fields on the schema builder before app.ts builds the schema, in case
// server/graphql/schema.ts does not import the module (yet); importing twice is harmless.
import { strToU8, zipSync } from 'fflate';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCandles } from '../../market-data/candle-store.ts';
import { generateSyntheticCandles } from '../../market-data/synthetic.ts';
import { type TestApp, startTestApp } from '../helpers/app.ts';
import { gqlData } from '../../harness/graphql-client.ts';
import { subscribe } from './subscribe.ts';
import { type FakeBinance, startFakeBinance } from '../fixtures/fake-binance/fake-binance.ts';

const FROM = Date.UTC(2024, 2, 1);
const TO = Date.UTC(2024, 5, 1);
const iso = (ms: number) => new Date(ms).toISOString();

const FETCH = `mutation F($input: FetchHistoryInput!) { fetchHistory(input: $input) { id status symbol interval } }`;
const PROGRESS = `subscription P($id: ID!) { dataFetchProgress(id: $id) { fetchId symbol interval status candlesStored percent etaSeconds coveredTo from to message } }`;
const COVERAGE = `query C($symbol: String) { marketData(symbol: $symbol) { symbol interval synthetic first last count missingCandles gaps { from to missing } } }`;
const IMPORT = `mutation I($input: ImportCandlesInput!) { importCandles(input: $input) { symbol interval rowsParsed rowsInserted first last gaps { from to missing openTimes } } }`;

let app: TestApp;
let fake: FakeBinance;
let pool: pg.Pool;

beforeAll(async () => {
  fake = await startFakeBinance();
  app = await startTestApp({ env: { BINANCE_BASE_URL: fake.url, BINANCE_FUTURES_BASE_URL: fake.url } });
  pool = new pg.Pool({ connectionString: app.databaseUrl, max: 2 });
});

afterAll(async () => {
  await pool?.end();
  await app?.stop();
  await fake?.close();
});

async function runFetch(input: Record<string, unknown>) {
  const { fetchHistory } = await gqlData(app.gql, FETCH, { input });
  const sub = subscribe(app.graphqlUrl!, PROGRESS, { id: fetchHistory.id });
  await sub.done;
  expect(sub.errors).toEqual([]);
  return { id: fetchHistory.id as string, events: sub.events.map((e) => e.dataFetchProgress) };
}

function archiveCsv(times: number[]): string {
  return times.map((t) => `${t * 1000},100.5,101,99.5,100.25,12.5,${t * 1000 + 299_999_999},1250,10,6,600,0`).join('\n');
}

describe('market data through the GraphQL API', () => {
  it('acceptance 1: a 3-month 5m download pages, survives a real 1 s Retry-After, stores exactly the range, and a second download sends no kline request', async () => {
    const klinesBefore = fake.klineRequests().length;
    const started = fetchHistoryWith429();
    const { events } = await started;
    const last = events.at(-1);
    expect(last).toMatchObject({ symbol: 'BTCUSDT', interval: '5m', status: 'COMPLETED', candlesStored: 26_496, percent: 100, from: iso(FROM), to: iso(TO), coveredTo: iso(TO) });
    expect(events.some((e) => e.status === 'RUNNING' && e.percent > 0 && e.percent < 100)).toBe(true);
    expect(events.filter((e) => e.status === 'RUNNING').some((e) => e.etaSeconds !== null)).toBe(true);
    const klines = fake.klineRequests().slice(klinesBefore);
    const limited = klines.findIndex((r) => r.status === 429);
    expect(klines.filter((r) => r.status === 429)).toHaveLength(1);
    // The real timer honoured Retry-After: 1 before the same page was asked for again.
    expect(klines[limited + 1].params.startTime).toBe(klines[limited].params.startTime);
    expect(klines[limited + 1].receivedAt - klines[limited].receivedAt).toBeGreaterThanOrEqual(990);
    expect(klines.filter((r) => r.status === 200 && r.params.startTime !== '0')).toHaveLength(27);

    const { marketData } = await gqlData(app.gql, COVERAGE, { symbol: 'BTCUSDT' });
    expect(marketData).toEqual([{ symbol: 'BTCUSDT', interval: '5m', synthetic: false, first: iso(FROM), last: iso(TO - 300_000), count: 26_496, missingCandles: 0, gaps: [] }]);

    const before = fake.klineRequests().length;
    const again = await runFetch({ symbol: 'BTCUSDT', interval: '5m', from: iso(FROM), to: iso(TO) });
    expect(again.events.at(-1)).toMatchObject({ status: 'COMPLETED', candlesStored: 0 });
    expect(fake.klineRequests().length).toBe(before);
    const { dataFetch } = await gqlData(app.gql, `query D($id: ID!) { dataFetch(id: $id) { status candlesStored } }`, { id: again.id });
    expect(dataFetch).toEqual({ status: 'COMPLETED', candlesStored: 0 });
  });

  async function fetchHistoryWith429() {
    const waiting = fake.waitForRequests(fake.klineRequests().length + 6, '/klines').then(() => fake.fail({ kind: 'status', status: 429, retryAfterSeconds: 1 }));
    const result = await runFetch({ symbol: 'BTCUSDT', interval: '5m', from: iso(FROM), to: iso(TO) });
    await waiting;
    return result;
  }

  it('rejects unknown symbols, bad intervals and synthetic names with clear codes', async () => {
    const unknown = await app.gql(FETCH, { input: { symbol: 'NOPEUSDT', interval: '5m', from: iso(FROM), to: iso(TO) } });
    expect(unknown.errors?.[0].extensions?.code).toBe('UNKNOWN_SYMBOL');
    expect(unknown.errors?.[0].message).toMatch(/Unknown symbol "NOPEUSDT"/);
    const badInterval = await app.gql(FETCH, { input: { symbol: 'BTCUSDT', interval: '7m', from: iso(FROM), to: iso(TO) } });
    expect(badInterval.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const synthetic = await app.gql(FETCH, { input: { symbol: 'SYNTH-BTCUSDT', interval: '5m', from: iso(FROM), to: iso(TO) } });
    expect(synthetic.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const backwards = await app.gql(FETCH, { input: { symbol: 'BTCUSDT', interval: '5m', from: iso(TO), to: iso(FROM) } });
    expect(backwards.errors?.[0].extensions?.code).toBe('INVALID_DATE_RANGE');
  });

  it('streams progress of a fetch and can cancel it', async () => {
    const { fetchHistory } = await gqlData(app.gql, FETCH, { input: { symbol: 'ETHUSDT', interval: '1m', from: iso(Date.UTC(2024, 0, 1)), to: iso(Date.UTC(2024, 5, 1)) } });
    const sub = subscribe(app.graphqlUrl!, PROGRESS, { id: fetchHistory.id });
    await sub.until((events) => events.some((e) => e.dataFetchProgress.status === 'RUNNING' && e.dataFetchProgress.candlesStored > 0));
    const { cancelFetch } = await gqlData(app.gql, `mutation X($id: ID!) { cancelFetch(id: $id) { status } }`, { id: fetchHistory.id });
    expect(cancelFetch.status).toBe('CANCELLED');
    await sub.done;
    expect(sub.events.at(-1).dataFetchProgress.status).toBe('CANCELLED');
    // The worker noticed: paging stops well short of the ~217 pages of the full range.
    const ethPages = () => fake.klineRequests().filter((r) => r.params.symbol === 'ETHUSDT' && r.params.interval === '1m').length;
    expect(ethPages()).toBeLessThan(200);
  });

  it('acceptance 2: importing the same archive twice changes no rows, and a missing candle is reported with its exact timestamp', async () => {
    const start = Date.UTC(2025, 1, 1);
    const times = Array.from({ length: 288 }, (_, i) => start + i * 300_000).filter((_, i) => i !== 100);
    const zip = zipSync({ 'XYZUSDT-5m-2025-02-01.csv': strToU8(archiveCsv(times)) });
    const input = { symbol: 'XYZUSDT', interval: '5m', format: 'BINANCE_ARCHIVE', content: Buffer.from(zip).toString('base64') };
    const first = (await gqlData(app.gql, IMPORT, { input })).importCandles;
    expect(first).toMatchObject({ symbol: 'XYZUSDT', interval: '5m', rowsParsed: 287, rowsInserted: 287, first: iso(start), last: iso(start + 287 * 300_000) });
    expect(first.gaps).toEqual([{ from: iso(start + 100 * 300_000), to: iso(start + 101 * 300_000), missing: 1, openTimes: [iso(start + 100 * 300_000)] }]);
    const countRows = async () => Number((await pool.query(`SELECT coalesce(sum(count), 0) AS count FROM candle_chunk WHERE symbol = 'XYZUSDT'`)).rows[0].count);
    expect(await countRows()).toBe(287);
    const second = (await gqlData(app.gql, IMPORT, { input })).importCandles;
    expect(second.rowsInserted).toBe(0);
    expect(await countRows()).toBe(287);

    const quality = await gqlData(app.gql, `query Q { dataQuality(symbol: "XYZUSDT", interval: "5m", from: "${iso(start)}", to: "${iso(start + 86_400_000)}") { expectedCandles actualCandles missingCandles gaps { openTimes } ok } }`);
    expect(quality.dataQuality).toEqual({ expectedCandles: 288, actualCandles: 287, missingCandles: 1, gaps: [{ openTimes: [iso(start + 100 * 300_000)] }], ok: false });
  });

  it('imports generic CSV and reports bad files with line numbers', async () => {
    const csv = 'Date,Open,High,Low,Close,Volume\n2025-03-01,10,11,9,10.5,100\n2025-03-02,10.5,12,10,11,90\n';
    const ok = (await gqlData(app.gql, IMPORT, { input: { symbol: 'myfund', interval: '1d', format: 'CSV', content: csv } })).importCandles;
    expect(ok).toMatchObject({ symbol: 'MYFUND', rowsInserted: 2, gaps: [] });
    const bad = await app.gql(IMPORT, { input: { symbol: 'MYFUND', interval: '1d', format: 'CSV', content: 'Date,Open,High,Low,Close,Volume\n2025-03-01,10,11,x,10.5,100\n' } });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toMatch(/line 2: low "x" is not a number/);
    // Real data can never land under a synthetic name.
    const disguised = await app.gql(IMPORT, { input: { symbol: 'SYNTH-BTCUSDT', interval: '1d', format: 'CSV', content: csv } });
    expect(disguised.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(disguised.errors?.[0].message).toMatch(/reserved for generated sample data/);
    const notZip = await app.gql(IMPORT, { input: { symbol: 'MYFUND', interval: '1d', format: 'BINANCE_ARCHIVE', content: 'aGVsbG8=' } });
    expect(notZip.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('imports funding-rate CSV idempotently; a bad row is a coded error with its line and stores nothing', async () => {
    const FUNDING = `mutation F($input: ImportFundingRatesInput!) { importFundingRates(input: $input) { rowsParsed rowsInserted symbols { symbol rowsParsed rowsInserted first last } } }`;
    const content = 'symbol,fundingTime,fundingRate\nQQQUSDT,1704067200000,0.0001\nQQQUSDT,1704096000000,0.0002\n';
    const first = (await gqlData(app.gql, FUNDING, { input: { content } })).importFundingRates;
    expect(first).toEqual({ rowsParsed: 2, rowsInserted: 2, symbols: [{ symbol: 'QQQUSDT', rowsParsed: 2, rowsInserted: 2, first: iso(1704067200000), last: iso(1704096000000) }] });
    expect((await gqlData(app.gql, FUNDING, { input: { content } })).importFundingRates.rowsInserted).toBe(0);
    const bad = await app.gql(FUNDING, { input: { content: 'time,rate\n1704124800000,0.0001\n1704153600000,0.5%x\n', symbol: 'QQQUSDT' } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', line: 3 });
    expect(bad.errors?.[0].message).toMatch(/line 3: "0.5%x" is not a funding rate/);
    expect(Number((await pool.query(`SELECT count(*) FROM funding_rate WHERE symbol = 'QQQUSDT'`)).rows[0].count)).toBe(2);
  });

  it("imports a pandas export (unnamed index column as the time, title-case headers)", async () => {
    // What `df.to_csv()` writes for a frame indexed by a UTC DatetimeIndex.
    const csv = ',Open,High,Low,Close,Volume\n2025-03-03 00:00:00+00:00,10,11,9,10.5,100\n2025-03-04 00:00:00+00:00,10.5,12,10,11,90\n2025-03-06 00:00:00+00:00,11,12,10.5,11.5,80\n';
    const result = (await gqlData(app.gql, IMPORT, { input: { symbol: 'PANDAS', interval: '1d', format: 'CSV', content: csv } })).importCandles;
    expect(result).toMatchObject({ symbol: 'PANDAS', rowsParsed: 3, rowsInserted: 3, first: '2025-03-03T00:00:00.000Z', last: '2025-03-06T00:00:00.000Z' });
    expect(result.gaps).toEqual([{ from: '2025-03-05T00:00:00.000Z', to: '2025-03-06T00:00:00.000Z', missing: 1, openTimes: ['2025-03-05T00:00:00.000Z'] }]);
  });

  it('serves downsampled chart candles, symbol search and coverage with gaps', async () => {
    const cols = generateSyntheticCandles({ symbol: 'SYNTH-CHARTUSDT', interval: '5m', startMs: Date.UTC(2024, 0, 1), count: 10_000, seed: 3 });
    await insertCandles(pool, 'SYNTH-CHARTUSDT', '5m', cols);
    const { candles } = await gqlData(app.gql, `query { candles(symbol: "SYNTH-CHARTUSDT", interval: "5m", from: "2024-01-01T00:00:00Z", to: "2025-01-01T00:00:00Z", maxPoints: 500) { totalCount barsPerPoint candles { openTime open high low close volume } } }`);
    expect(candles.totalCount).toBe(10_000);
    expect(candles.barsPerPoint).toBe(20);
    expect(candles.candles).toHaveLength(500);
    expect(candles.candles[0].open).toBe(cols.open[0]);
    expect(candles.candles[0].close).toBe(cols.close[19]);
    expect(candles.candles[0].high).toBe(Math.max(...cols.high.subarray(0, 20)));

    const { symbols } = await gqlData(app.gql, `query { symbols(query: "usdt") { exchangeError symbols { symbol quoteAsset synthetic stored } } }`);
    expect(symbols.exchangeError).toBeNull();
    expect(symbols.symbols).toEqual(expect.arrayContaining([
      { symbol: 'BTCUSDT', quoteAsset: 'USDT', synthetic: false, stored: true },
      { symbol: 'ETHUSDT', quoteAsset: 'USDT', synthetic: false, stored: true },
      { symbol: 'SYNTH-CHARTUSDT', quoteAsset: null, synthetic: true, stored: true },
    ]));
    // Exchange info is cached: searching again asks Binance nothing.
    const infoRequests = fake.requests.filter((r) => r.path.endsWith('/exchangeInfo')).length;
    await gqlData(app.gql, `query { symbols(query: "BTC") { symbols { symbol } } }`);
    expect(fake.requests.filter((r) => r.path.endsWith('/exchangeInfo')).length).toBe(infoRequests);
    const cov = (await gqlData(app.gql, COVERAGE, { symbol: 'XYZUSDT' })).marketData;
    expect(cov[0]).toMatchObject({ count: 287, missingCandles: 1, gaps: [{ missing: 1 }] });
  });

  it('reports an IP ban as BINANCE_BANNED with the ban time', async () => {
    const banned = await startFakeBinance();
    const other = await startTestApp({ databaseUrl: app.databaseUrl, worker: false, env: { BINANCE_BASE_URL: banned.url } });
    try {
      const until = Date.now() + 600_000;
      banned.fail({ kind: 'status', status: 418, retryAfterSeconds: 600, bannedUntil: until });
      const result = await other.gql(FETCH, { input: { symbol: 'BTCUSDT', interval: '5m', from: iso(FROM), to: iso(TO) } });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BINANCE_BANNED', bannedUntil: iso(until) });
    } finally {
      await other.stop();
      await banned.close();
    }
  });
});
