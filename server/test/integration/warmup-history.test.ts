import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { marketInput, seedSyntheticCandles } from '../helpers/candles.ts';
import { gqlData, streamToEnd } from '../../harness/graphql-client.ts';
import { DATA_REPORT_FIELDS, dataReportByName } from '../../harness/typed-values.ts';

const OPTIMIZE = `mutation O($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id } }`;
const RUN = `mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }`;
const WALK_FORWARD = `query W($id: ID!) { optimizationSweep(id: $id) { status walkForward {
  windows { window outOfSample { fromDate metrics { totalTrades } } }
  efficiency { overall perWindow perWindowReasons thinWindows }
  stitched { windows { window trades thin } }
} } }`;
const DAY = 86_400_000;

/** Indicators start warm: history before the range is loaded for runs and for every sweep window. */
describe('warm-up history', () => {
  let app: TestApp;
  let hourly: { fromMs: number; toMs: number };

  beforeAll(async () => {
    app = await startTestApp();
    // Two years of 1h: the sweeps and runs below use the second, the first is history.
    hourly = await seedSyntheticCandles(app.databaseUrl, { symbol: 'SYNTH-WARMUSDT', interval: '1h', count: 2 * 365 * 24, seed: 5 });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const secondYear = () => ({ fromMs: hourly.fromMs + 365 * DAY, toMs: hourly.toMs });

  const walkForward = async (warmupHistory: boolean) => {
    const { optimizeStrategy } = await gqlData(app.gql, OPTIMIZE, {
      input: {
        ...marketInput(secondYear(), 'SYNTH-WARMUSDT', '1h'),
        parameterRanges: { fast: [8, 12], slow: [26, 40] },
        baseParams: { htfMinutes: 1440, htfEmaPeriod: 50 },
        minTrades: 1,
        warmupHistory,
        validation: { walkForward: { windows: 5, mode: 'ROLLING', inSampleFraction: 0.8 } },
      },
    });
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { optimizationProgress(id: $id) { status } }`, { id: optimizeStrategy.id });
    return (await gqlData(app.gql, WALK_FORWARD, { id: optimizeStrategy.id })).optimizationSweep;
  };

  it('a walk-forward sweep of ema_cross with a daily trend filter trades out of sample in every window; cold windows (warmupHistory false) do not', async () => {
    const warm = await walkForward(true);
    expect(warm.status).toBe('COMPLETED');
    const trades = warm.walkForward.windows.map((w: any) => w.outOfSample.metrics.totalTrades);
    expect(trades).toHaveLength(5);
    for (const n of trades) expect(n).toBeGreaterThan(0);
    expect(warm.walkForward.efficiency.thinWindows).toEqual([]);
    expect(warm.walkForward.stitched.windows.map((w: any) => w.trades)).toEqual(trades);

    // Without history each test window spends 50 days warming up its daily EMA out of about 58: a thin window at least.
    const cold = await walkForward(false);
    const coldTrades = cold.walkForward.windows.map((w: any) => w.outOfSample.metrics.totalTrades);
    expect(coldTrades.reduce((a: number, b: number) => a + b, 0)).toBeLessThan(trades.reduce((a: number, b: number) => a + b, 0));
    expect(cold.walkForward.efficiency.thinWindows.length).toBeGreaterThan(0);
    for (const k of cold.walkForward.efficiency.thinWindows) {
      expect(cold.walkForward.efficiency.perWindow[k - 1]).toBeNull();
      expect(cold.walkForward.efficiency.perWindowReasons[k - 1]).toMatch(/^thin: /);
      expect(cold.walkForward.stitched.windows[k - 1].thin).toBe(true);
    }
  });

  it('a backtest loads the history its strategy needs before startDate, trades only from it, and says so; at the start of the data it says what was missing', async () => {
    const run = async (range: { fromMs: number; toMs: number }, extra: Record<string, unknown> = {}) => {
      const { runBacktest } = await gqlData(app.gql, RUN, { input: { ...marketInput(range, 'SYNTH-WARMUSDT', '1h'), strategyParams: { fast: 12, slow: 26 }, ...extra } });
      await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, { id: runBacktest.id });
      const { backtest } = await gqlData(app.gql, `query B($id: ID!) { backtest(id: $id) { status dataReport ${DATA_REPORT_FIELDS} metrics { warmupBars totalTrades } trades(first: 1, orderBy: { field: ENTRY_TIME, direction: ASC }) { edges { node { entryTime } } } equityCurve(maxPoints: 10) { timestamp } } }`, {
          id: runBacktest.id,
        });
      return { ...backtest, dataReport: dataReportByName(backtest.dataReport) };
    };
    const range = { fromMs: hourly.fromMs + 100 * DAY, toMs: hourly.fromMs + 160 * DAY };
    const warm = await run(range);
    expect(warm.status).toBe('COMPLETED');
    const history = warm.dataReport.symbols['SYNTH-WARMUSDT'].history;
    // EMA(26): 25 bars to its first value, 180 more until the seed weighs under 1e-6, 1 for the crossover.
    // Loaded: the need rounded up to the next power of two, 256.
    expect(history).toMatchObject({ requestedBars: 206, bars: 256, fromMs: range.fromMs - 256 * 3_600_000, gaps: 0 });
    expect(warm.metrics.warmupBars).toBe(0);
    expect(Date.parse(warm.equityCurve[0].timestamp)).toBe(range.fromMs);
    expect(Date.parse(warm.trades.edges[0].node.entryTime)).toBeGreaterThan(range.fromMs);
    // Cold, as tools without warm-up history run: the first bars of the range go to the indicators.
    const cold = await run(range, { warmupHistory: false });
    expect(cold.dataReport.symbols['SYNTH-WARMUSDT'].history).toBeNull();
    expect(cold.metrics.warmupBars).toBe(26);
    // At the first stored candle there is no history: the run says so and warms up inside its range.
    const first = await run({ fromMs: hourly.fromMs, toMs: hourly.fromMs + 30 * DAY });
    expect(first.status).toBe('COMPLETED');
    expect(first.dataReport.symbols['SYNTH-WARMUSDT'].history).toMatchObject({ requestedBars: 206, bars: 0, fromMs: null });
    expect(first.dataReport.notices.join(' ')).toMatch(/need 206 bars of history before .*; none is stored/);
    expect(first.metrics.warmupBars).toBe(26);
    // Fewer bars stored than the rounded-up load but more than the need: warm, and no notice.
    const enough = await run({ fromMs: hourly.fromMs + 220 * 3_600_000, toMs: hourly.fromMs + 220 * 3_600_000 + 30 * DAY });
    expect(enough.dataReport.symbols['SYNTH-WARMUSDT'].history).toMatchObject({ requestedBars: 206, bars: 220, fromMs: hourly.fromMs });
    expect(enough.dataReport.notices.join(' ')).not.toMatch(/bars of history/);
    expect(enough.metrics.warmupBars).toBe(0);
  });
});
