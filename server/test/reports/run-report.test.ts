import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlData, streamToEnd } from '../../harness/graphql-client.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { seedSyntheticCandles } from '../helpers/candles.ts';

const SYMBOLS = ['SYNTH-AAAUSDT', 'SYNTH-BBBUSDT', 'SYNTH-CCCUSDT'];
const RUN = `mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id } }`;
const PROGRESS = `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`;
const REPORT = `query R($id: ID!) { backtest(id: $id) {
  metrics { totalTrades totalProfitLoss feesPaid roi finalEquity }
  report {
    perPair { symbol trades wins losses winRate profitLoss profitLossShare fees profitFactor avgDurationMs bestTrade worstTrade }
    exitReasons { exitReason trades profitLoss fees }
    day: calendarReturns(period: DAY) { periodStart returnPct startEquity endEquity tradesClosed }
    week: calendarReturns(period: WEEK) { periodStart returnPct }
    month: calendarReturns(period: MONTH) { periodStart returnPct endEquity tradesClosed }
    openTrades { symbol direction entryTime markPrice profitLoss }
    exposure { time openPositions investedPct }
    allocation { times symbols { symbol sharePct } }
    benchmark { runReturnPct benchmarkReturnPct excessReturnPct alphaPct beta correlation observations line { timestamp equity benchmark } }
  }
} }`;

const compound = (rows: Array<{ returnPct: number }>) => (rows.reduce((g, r) => g * (1 + r.returnPct / 100), 1) - 1) * 100;
const sum = <T>(rows: T[], pick: (row: T) => number) => rows.reduce((s, r) => s + pick(r), 0);

/**
 * The reports of a three-pair run through the API: they add up to the run's own metrics. The run rebalances
 * weekly to weights for two of the pairs, so they must add up over resizes within trades and over the
 * closes of the third pair's positions (weight 0) as well.
 */
describe('run reports', () => {
  let app: TestApp;
  let runId: string;

  beforeAll(async () => {
    app = await startTestApp();
    let range = { fromMs: 0, toMs: 0 };
    for (const [k, symbol] of SYMBOLS.entries()) range = await seedSyntheticCandles(app.databaseUrl, { symbol, interval: '1h', count: 2_400, seed: 11 + k });
    const { runBacktest } = await gqlData(app.gql, RUN, {
      input: {
        name: 'three pairs',
        symbols: SYMBOLS,
        timeframe: '1h',
        startDate: new Date(range.fromMs).toISOString(),
        endDate: new Date(range.toMs).toISOString(),
        strategy: 'ema_cross',
        strategyParams: { fast: 8, slow: 21 },
        initialCapital: 10_000,
        positionSize: 2_000,
        maxOpenPositions: 2,
        rebalanceSchedule: 'WEEKLY',
        rebalanceWeights: [{ symbol: SYMBOLS[0], weight: 0.5 }, { symbol: SYMBOLS[1], weight: 0.3 }],
      },
    });
    runId = runBacktest.id;
    await streamToEnd(app.graphqlUrl!, PROGRESS, { id: runId });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('per-pair and exit-reason tables add up to the run, and calendar returns compound to its ROI', async () => {
    const { backtest } = await gqlData(app.gql, REPORT, { id: runId });
    const { metrics, report } = backtest;
    expect(metrics.totalTrades).toBeGreaterThan(20);
    expect(report.perPair.map((r: any) => r.symbol).sort()).toEqual(SYMBOLS);
    expect(report.exitReasons.map((r: any) => r.exitReason)).toContain('REBALANCE');
    for (const table of [report.perPair, report.exitReasons]) {
      expect(sum(table, (r: any) => r.trades)).toBe(metrics.totalTrades);
      expect(sum(table, (r: any) => r.profitLoss)).toBeCloseTo(metrics.totalProfitLoss, 6);
      expect(sum(table, (r: any) => r.fees)).toBeCloseTo(metrics.feesPaid, 6);
    }
    expect(sum(report.perPair, (r: any) => r.profitLossShare)).toBeCloseTo(100, 6);
    for (const period of [report.day, report.week, report.month]) expect(compound(period)).toBeCloseTo(metrics.roi, 6);
    expect(report.day.length).toBe(100); // 2,400 hourly bars
    expect(sum(report.month, (r: any) => r.tradesClosed)).toBe(metrics.totalTrades);
    expect(report.month.at(-1).endEquity).toBeCloseTo(metrics.finalEquity, 6);
    expect(report.exposure.every((p: any) => p.openPositions <= 2 && p.investedPct >= 0)).toBe(true);
    expect(report.allocation.symbols.every((s: any) => s.sharePct.length === report.allocation.times.length)).toBe(true);
    expect(report.openTrades.every((t: any) => SYMBOLS.includes(t.symbol))).toBe(true);
    const b = report.benchmark;
    expect(b.runReturnPct).toBeCloseTo(metrics.roi, 6);
    expect(b.excessReturnPct).toBeCloseTo(metrics.roi - b.benchmarkReturnPct, 9);
    expect(b.observations).toBe(100);
    expect(b.line).toHaveLength(100);
    expect(b.beta).not.toBeNull();
    expect(Math.abs(b.correlation)).toBeLessThanOrEqual(1);
  });

  it('serves the HTML report over GET, printable and self-contained', async () => {
    const response = await fetch(`${app.url}/reports/backtests/${runId}.html`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    for (const symbol of SYMBOLS) expect(html).toContain(symbol);
    for (const heading of ['Per pair', 'Exit reasons', 'Monthly returns', 'Daily returns', 'Trades open at the end', 'Equity against the market', 'Exposure']) expect(html).toContain(heading);
    expect(html).toContain(`${SYMBOLS[0]} 50 %, ${SYMBOLS[1]} 30 %, cash 20 %`);
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|src="http|href="http|url\(/);
    const download = await fetch(`${app.url}/reports/backtests/${runId}.html?download=1`);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="candlelab-backtest-${runId}.html"`);
  });

  it('answers report requests it cannot serve with a GraphQL-style error and its code', async () => {
    const codeOf = async (response: Response) => ({ status: response.status, code: (await response.json()).errors[0].extensions.code });
    expect(await codeOf(await fetch(`${app.url}/reports/backtests/00000000-0000-4000-8000-000000000000.html`))).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(await codeOf(await fetch(`${app.url}/reports/backtests/not-an-id.html`))).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(await codeOf(await fetch(`${app.url}/reports/elsewhere`))).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(await codeOf(await fetch(`${app.url}/reports/backtests/${runId}.html`, { method: 'POST' }))).toEqual({ status: 405, code: 'METHOD_NOT_ALLOWED' });
    expect(await codeOf(await fetch(`${app.url}/reports/backtests/${runId}.html`, { headers: { origin: 'https://evil.example' } }))).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it('refuses an unknown calendar period', async () => {
    const res = await app.gql(`{ backtest(id: "${runId}") { report { calendarReturns(period: QUARTER) { returnPct } } } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

/** Reports follow the API's token rules: no token 401, a read-only token may read them. */
describe('report access with tokens', () => {
  const READER = 'reader-secret-0123456789';
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: { CANDLELAB_API_TOKENS: `reader:read:${READER}` } });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('asks for a token, rejects a wrong one and lets a read token through to the lookup', async () => {
    const path = `${app.url}/reports/sweeps/00000000-0000-4000-8000-000000000000.html`;
    const none = await fetch(path);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await none.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await fetch(path, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const read = await fetch(path, { headers: { authorization: `Bearer ${READER}` } });
    expect(read.status).toBe(404);
  });
});
