import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBinance, type FakeBinance } from '../fixtures/fake-binance/fake-binance.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { gqlData, streamToEnd } from '../../harness/graphql-client.ts';
import { DATA_REPORT_FIELDS, dataReportByName } from '../../harness/typed-values.ts';

const RUN = `mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id fetchMissingData } }`;
const PROGRESS = `subscription P($id: ID!) { backtestProgress(id: $id) { status message } }`;
const RESULT = `query R($id: ID!) { backtest(id: $id) { status errorCode error totalBars dataReport ${DATA_REPORT_FIELDS} metrics { totalTrades } } }`;
const FROM = Date.UTC(2024, 2, 1);
const TO = Date.UTC(2024, 3, 1);

/** A backtest of a real symbol downloads what the store lacks (only that), against a fake Binance. */
describe('backtests fetch missing history', () => {
  let app: TestApp;
  let fake: FakeBinance;

  beforeAll(async () => {
    fake = await startFakeBinance();
    app = await startTestApp({ env: { BINANCE_BASE_URL: fake.url } });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  async function runToEnd(symbol: string, extra: Record<string, unknown> = {}) {
    const { runBacktest } = await gqlData(app.gql, RUN, {
      input: { symbols: [symbol], timeframe: '1h', startDate: new Date(FROM).toISOString(), endDate: new Date(TO).toISOString(), strategy: 'ema_cross', initialCapital: 10_000, ...extra },
    });
    const events = await streamToEnd(app.graphqlUrl!, PROGRESS, { id: runBacktest.id });
    const result = await gqlData(app.gql, RESULT, { id: runBacktest.id });
    const backtest = { ...result.backtest, dataReport: dataReportByName(result.backtest.dataReport) };
    return { backtest, messages: events.map((e) => e.backtestProgress.message as string | null) };
  }

  it('downloads the missing range, runs on it, and a second run sends no kline request', async () => {
    const first = await runToEnd('BTCUSDT');
    expect(first.backtest).toMatchObject({ status: 'COMPLETED', totalBars: 31 * 24 });
    // The range and the warm-up history before it, in one download.
    const history = first.backtest.dataReport.symbols.BTCUSDT.history;
    expect(history.bars).toBeGreaterThan(0);
    // The need rounded up to a power of two (historyBarsLoaded), all of it downloaded.
    expect(history.bars).toBe(2 ** Math.ceil(Math.log2(history.requestedBars)));
    expect(history.bars).toBeGreaterThan(history.requestedBars);
    const stored = 31 * 24 + history.bars;
    expect(first.backtest.dataReport.symbols.BTCUSDT.download).toEqual({ stored, interval: null, skipped: null, error: null });
    // Live ("Downloading … %") to a subscriber in time, and in the final event's notices to any.
    expect(first.messages.some((m) => m?.includes(`Downloaded ${stored} BTCUSDT 1h candles from Binance`))).toBe(true);
    expect(first.backtest.dataReport.notices).toEqual([`Downloaded ${stored} BTCUSDT 1h candles from Binance`]);
    const klineRequests = fake.klineRequests().length;
    expect(klineRequests).toBeGreaterThan(0);

    const second = await runToEnd('BTCUSDT');
    expect(second.backtest.status).toBe('COMPLETED');
    expect(second.backtest.dataReport.symbols.BTCUSDT.download).toEqual({ stored: null, interval: null, skipped: 'range already stored', error: null });
    expect(fake.klineRequests().length).toBe(klineRequests);
    expect(second.backtest.metrics.totalTrades).toBe(first.backtest.metrics.totalTrades);
  });

  it('fails with UNKNOWN_SYMBOL for a symbol the exchange does not list', async () => {
    const { backtest } = await runToEnd('NOPEUSDT');
    expect(backtest).toMatchObject({ status: 'FAILED', errorCode: 'UNKNOWN_SYMBOL' });
    expect(backtest.error).toMatch(/NOPEUSDT/);
  });

  it('runs an imported symbol the exchange does not list on what is stored, and says so', async () => {
    // A daily stock series: no weekends, so SKIP trades through them.
    const days = Array.from({ length: 31 }, (_, i) => Date.UTC(2024, 2, 1 + i)).filter((t) => ![0, 6].includes(new Date(t).getUTCDay()));
    const csv = ['Date,Open,High,Low,Close,Volume', ...days.map((t, i) => `${new Date(t).toISOString().slice(0, 10)},${100 + i},${102 + i},${99 + i},${101 + i},1000`)].join('\n');
    await gqlData(app.gql, `mutation I($input: ImportCandlesInput!) { importCandles(input: $input) { rowsInserted } }`, { input: { symbol: 'GOOG', interval: '1d', format: 'CSV', content: csv } });
    const { runBacktest } = await gqlData(app.gql, RUN, {
      input: { symbols: ['GOOG'], timeframe: '1d', startDate: new Date(FROM).toISOString(), endDate: new Date(TO).toISOString(), strategy: 'sma_cross', strategyParams: { fast: 2, slow: 5 }, initialCapital: 10_000, gapPolicy: 'SKIP' },
    });
    expect(runBacktest.fetchMissingData).toBe(true);
    const events = await streamToEnd(app.graphqlUrl!, PROGRESS, { id: runBacktest.id });
    const result = await gqlData(app.gql, RESULT, { id: runBacktest.id });
    const backtest = { ...result.backtest, dataReport: dataReportByName(result.backtest.dataReport) };
    expect(backtest).toMatchObject({ status: 'COMPLETED', totalBars: days.length });
    expect(backtest.dataReport.symbols.GOOG.download).toEqual({ stored: null, interval: null, skipped: 'GOOG is not listed on Binance; running on the stored candles only', error: null });
    expect(backtest.dataReport.symbols.GOOG.gaps).toBeGreaterThan(0);
    expect(events.map((e) => e.backtestProgress.message)).toContain('GOOG is not listed on Binance; running on the stored candles only');
  });

  it('with fetchMissingData off, uses the store only', async () => {
    const { backtest } = await runToEnd('ETHUSDT', { fetchMissingData: false });
    expect(backtest).toMatchObject({ status: 'FAILED', errorCode: 'NO_DATA' });
  });
});
