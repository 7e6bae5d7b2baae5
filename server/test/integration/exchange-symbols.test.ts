import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlData, streamToEnd } from '../../harness/graphql-client.ts';
import { type FakeExchangeServer, startFakeExchange } from '../fixtures/fake-exchanges/fake-exchanges.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { DATA_REPORT_FIELDS, dataReportByName } from '../../harness/typed-values.ts';

const RUN = `mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id symbols } }`;
const PROGRESS = `subscription P($id: ID!) { backtestProgress(id: $id) { status message } }`;
const RESULT = `query R($id: ID!) { backtest(id: $id) { status errorCode error totalBars dataReport ${DATA_REPORT_FIELDS} metrics { totalTrades } } }`;
const FETCH = `mutation F($input: FetchHistoryInput!) { fetchHistory(input: $input) { id symbol status } }`;
const FETCH_PROGRESS = `subscription P($id: ID!) { dataFetchProgress(id: $id) { status candlesStored message } }`;
const COVERAGE = `query C($symbol: String) { marketData(symbol: $symbol) { symbol interval count missingCandles } }`;
const QUALITY = `query Q($symbol: String!, $from: DateTime!, $to: DateTime!) { dataQuality(symbol: $symbol, interval: "1h", from: $from, to: $to) { symbol actualCandles missingCandles } }`;
const FROM = Date.UTC(2024, 2, 1);
const TO = Date.UTC(2024, 3, 1);
const iso = (ms: number) => new Date(ms).toISOString();

/** Exchange-qualified symbols through the API, against a local fake Bybit reached through ccxt. */
describe('a Bybit symbol end to end', () => {
  let app: TestApp;
  let bybit: FakeExchangeServer;
  let coinbase: FakeExchangeServer;

  beforeAll(async () => {
    bybit = await startFakeExchange('BYBIT');
    coinbase = await startFakeExchange('COINBASE');
    app = await startTestApp({ env: { BYBIT_BASE_URL: bybit.url, COINBASE_BASE_URL: coinbase.url } });
  });
  afterAll(async () => {
    await app?.stop();
    await Promise.all([bybit?.close(), coinbase?.close()]);
  });

  it('a backtest of BYBIT:BTC/USDT downloads its candles from Bybit and completes with trades; coverage and dataQuality know the symbol', async () => {
    const { runBacktest } = await gqlData(app.gql, RUN, {
      input: { symbols: ['bybit:btc/usdt'], timeframe: '1h', startDate: iso(FROM), endDate: iso(TO), strategy: 'ema_cross', initialCapital: 10_000 },
    });
    expect(runBacktest.symbols).toEqual(['BYBIT:BTC/USDT']);
    const events = await streamToEnd(app.graphqlUrl!, PROGRESS, { id: runBacktest.id });
    const { backtest } = await gqlData(app.gql, RESULT, { id: runBacktest.id });
    expect(backtest, backtest.error).toMatchObject({ status: 'COMPLETED', totalBars: 31 * 24 });
    expect(backtest.metrics.totalTrades).toBeGreaterThan(0);
    const report = dataReportByName(backtest.dataReport).symbols['BYBIT:BTC/USDT'];
    const stored = 31 * 24 + report.history.bars;
    expect(report.download).toEqual({ stored, interval: null, skipped: null, error: null });
    expect(events.map((e) => e.backtestProgress.message)).toContain(`Downloaded ${stored} BYBIT:BTC/USDT 1h candles from BYBIT`);
    expect(bybit.ohlcvRequests().every((r) => r.params.category === 'spot' && r.params.symbol === 'BTCUSDT' && r.params.interval === '60')).toBe(true);

    const { marketData } = await gqlData(app.gql, COVERAGE, { symbol: 'BYBIT:BTC/USDT' });
    expect(marketData).toEqual([{ symbol: 'BYBIT:BTC/USDT', interval: '1h', count: stored, missingCandles: 0 }]);
    const { dataQuality } = await gqlData(app.gql, QUALITY, { symbol: 'Bybit:BTC/USDT', from: iso(FROM), to: iso(TO) });
    expect(dataQuality).toEqual({ symbol: 'BYBIT:BTC/USDT', actualCandles: 31 * 24, missingCandles: 0 });

    // A second run asks Bybit for nothing.
    const requests = bybit.ohlcvRequests().length;
    const again = await gqlData(app.gql, RUN, { input: { symbols: ['BYBIT:BTC/USDT'], timeframe: '1h', startDate: iso(FROM), endDate: iso(TO), strategy: 'ema_cross', initialCapital: 10_000 } });
    await streamToEnd(app.graphqlUrl!, PROGRESS, { id: again.runBacktest.id });
    expect((await gqlData(app.gql, RESULT, { id: again.runBacktest.id })).backtest.status).toBe('COMPLETED');
    expect(bybit.ohlcvRequests().length).toBe(requests);
  });

  it('a 4h run on Coinbase, which has no 4h candles, downloads 1h and runs on them resampled', async () => {
    const { runBacktest } = await gqlData(app.gql, RUN, {
      input: { symbols: ['COINBASE:BTC/USD'], timeframe: '4h', startDate: iso(FROM), endDate: iso(TO), strategy: 'ema_cross', strategyParams: { fast: 3, slow: 8 }, initialCapital: 10_000 },
    });
    await streamToEnd(app.graphqlUrl!, PROGRESS, { id: runBacktest.id });
    const { backtest } = await gqlData(app.gql, RESULT, { id: runBacktest.id });
    expect(backtest, backtest.error).toMatchObject({ status: 'COMPLETED', totalBars: 31 * 6 });
    const report = dataReportByName(backtest.dataReport).symbols['COINBASE:BTC/USD'];
    expect(report.baseInterval).toBe('1h');
    expect(report.download.interval).toBe('1h');
    expect(coinbase.ohlcvRequests().every((r) => r.params.granularity === '3600')).toBe(true);
  });

  it('fetchHistory downloads a qualified symbol; a pair Bybit does not list, an unknown exchange and a futures market are coded errors', async () => {
    const { fetchHistory } = await gqlData(app.gql, FETCH, { input: { symbol: 'BYBIT:ETH/USDT', interval: '1h', from: iso(FROM), to: iso(FROM + 2 * 86_400_000) } });
    expect(fetchHistory.symbol).toBe('BYBIT:ETH/USDT');
    const events = await streamToEnd(app.graphqlUrl!, FETCH_PROGRESS, { id: fetchHistory.id });
    expect(events.at(-1).dataFetchProgress).toMatchObject({ status: 'COMPLETED', candlesStored: 48 });

    const refused = async (input: Record<string, unknown>) => {
      const result = await app.gql(FETCH, { input: { interval: '1h', from: iso(FROM), to: iso(TO), ...input } });
      return result.errors?.[0]?.extensions?.code;
    };
    expect(await refused({ symbol: 'BYBIT:NOPE/USDT' })).toBe('UNKNOWN_SYMBOL');
    expect(await refused({ symbol: 'MTGOX:BTC/USD' })).toBe('BAD_USER_INPUT');
    expect(await refused({ symbol: 'BYBIT:BTC/USDT', market: 'FUTURES' })).toBe('BAD_USER_INPUT');
  });
});
