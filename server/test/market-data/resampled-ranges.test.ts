import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candleSeries, resample } from '../../engine/index.ts';
import { insertCandles } from '../../market-data/candle-store.ts';
import { bucketCalendar } from '../../../domain/intervals.ts';
import { generateSyntheticCandles } from '../../market-data/synthetic.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { marketInput } from '../helpers/candles.ts';
import { gqlData, streamToEnd } from '../../harness/graphql-client.ts';
import { DATA_REPORT_FIELDS, dataReportByName } from '../../harness/typed-values.ts';

const RUN = `mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id } }`;
const PROGRESS = `subscription P($id: ID!) { backtestProgress(id: $id) { status message } }`;
const RESULT = `query R($id: ID!) { backtest(id: $id) { status errorCode error totalBars dataReport ${DATA_REPORT_FIELDS} metrics { totalTrades roi finalEquity } } }`;
const OPTIMIZE = `mutation O($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id totalCombinations } }`;
const SWEEP_PROGRESS = `subscription P($id: ID!) { optimizationProgress(id: $id) { status completedEvaluations message } }`;
const CANDLES = `query C($symbol: String!, $interval: String!, $from: DateTime!, $to: DateTime!) {
  candles(symbol: $symbol, interval: $interval, from: $from, to: $to, maxPoints: 20000) { interval baseInterval totalCount barsPerPoint candles { openTime open high low close volume } }
}`;

const SYMBOL = 'SYNTH-RESAMPLEUSDT';
const FROM = Date.UTC(2025, 0, 1);
const DAYS = 60;
const TO = FROM + DAYS * 86_400_000;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Only 5m is stored; every other timeframe must come from it. */
describe('higher timeframes and ranges reaching outside the data', () => {
  let app: TestApp;
  let pool: pg.Pool;
  const fiveMinute = generateSyntheticCandles({ symbol: SYMBOL, interval: '5m', startMs: FROM, count: DAYS * 288, seed: 17 });

  beforeAll(async () => {
    app = await startTestApp();
    pool = new pg.Pool({ connectionString: app.databaseUrl, max: 2 });
    await insertCandles(pool, SYMBOL, '5m', fiveMinute);
  });
  afterAll(async () => {
    await pool?.end();
    await app?.stop();
  });

  async function backtest(input: Record<string, unknown>) {
    const { runBacktest } = await gqlData(app.gql, RUN, { input });
    const events = await streamToEnd(app.graphqlUrl!, PROGRESS, { id: runBacktest.id });
    const { backtest } = await gqlData(app.gql, RESULT, { id: runBacktest.id });
    const run = { ...backtest, dataReport: dataReportByName(backtest.dataReport) };
    return { run, messages: events.map((e) => e.backtestProgress.message as string | null).filter(Boolean) as string[] };
  }

  it('a 4h backtest runs on 4h bars resampled from stored 5m, exactly as on the same bars stored as 4h', async () => {
    const { run } = await backtest(marketInput({ fromMs: FROM, toMs: TO }, SYMBOL, '4h', { strategyParams: { fast: 5, slow: 12 } }));
    expect(run).toMatchObject({ status: 'COMPLETED', totalBars: DAYS * 6 });
    expect(run.dataReport.symbols[SYMBOL]).toMatchObject({ baseInterval: '5m', bars: DAYS * 6, gaps: 0, leadingMissing: null, trailingMissing: null });

    // The same 4h bars stored natively under another name give the very same run.
    const fourHour = resample(candleSeries(SYMBOL, 300_000, fiveMinute), bucketCalendar('4h'), { partialBuckets: 'drop' }).series;
    await insertCandles(pool, 'SYNTH-NATIVE4HUSDT', '4h', fourHour);
    const { run: native } = await backtest(marketInput({ fromMs: FROM, toMs: TO }, 'SYNTH-NATIVE4HUSDT', '4h', { strategyParams: { fast: 5, slow: 12 } }));
    expect(native.dataReport.symbols['SYNTH-NATIVE4HUSDT'].baseInterval).toBe('4h');
    expect(native.metrics).toEqual(run.metrics);
    expect(run.metrics.totalTrades).toBeGreaterThan(0);
  });

  it('the candles query serves 4h and 1d resampled from 5m, and says so', async () => {
    const { candles } = await gqlData(app.gql, CANDLES, { symbol: SYMBOL, interval: '4h', from: iso(FROM), to: iso(TO) });
    expect(candles).toMatchObject({ interval: '4h', baseInterval: '5m', totalCount: DAYS * 6, barsPerPoint: 1 });
    const first = candles.candles[0];
    expect(first.openTime).toBe(iso(FROM));
    expect(first.open).toBe(fiveMinute.open[0]);
    expect(first.high).toBe(Math.max(...fiveMinute.high.subarray(0, 48)));
    expect(first.low).toBe(Math.min(...fiveMinute.low.subarray(0, 48)));
    expect(first.close).toBe(fiveMinute.close[47]);
    const daily = (await gqlData(app.gql, CANDLES, { symbol: SYMBOL, interval: '1d', from: iso(FROM), to: iso(TO) })).candles;
    expect(daily).toMatchObject({ baseInterval: '5m', totalCount: DAYS });
    const stored = (await gqlData(app.gql, CANDLES, { symbol: SYMBOL, interval: '5m', from: iso(FROM), to: iso(FROM + HOUR) })).candles;
    expect(stored).toMatchObject({ baseInterval: '5m', totalCount: 12 });
    const nothing = (await gqlData(app.gql, CANDLES, { symbol: 'SYNTH-NONEUSDT', interval: '4h', from: iso(FROM), to: iso(TO) })).candles;
    expect(nothing).toMatchObject({ baseInterval: null, totalCount: 0 });
  });

  it('a 1h sweep runs on 1h resampled from 5m', async () => {
    const { optimizeStrategy } = await gqlData(app.gql, OPTIMIZE, {
      input: { ...marketInput({ fromMs: FROM, toMs: TO }, SYMBOL, '1h'), parameterRanges: { fast: [5, 8], slow: [20, 30] }, validation: {} },
    });
    const events = (await streamToEnd(app.graphqlUrl!, SWEEP_PROGRESS, { id: optimizeStrategy.id })).map((e) => e.optimizationProgress);
    // Four combinations and the current parameters.
    expect(events.at(-1)).toMatchObject({ status: 'COMPLETED', completedEvaluations: 5 });
  });

  describe('a range starting a week before the data', () => {
    const input = (gapPolicy: string) => marketInput({ fromMs: FROM - 7 * 86_400_000, toMs: FROM + 10 * 86_400_000 }, SYMBOL, '1h', { gapPolicy });

    it('fails under FAIL with DATA_RANGE, naming the covered range and the missing part', async () => {
      const { run } = await backtest(input('FAIL'));
      expect(run).toMatchObject({ status: 'FAILED', errorCode: 'DATA_RANGE' });
      const end = FROM + 10 * 86_400_000;
      expect(run.error).toContain(`cover only ${iso(FROM)} → ${iso(end)} of the requested ${iso(FROM - 7 * 86_400_000)} → ${iso(end)}`);
      expect(run.error).toContain(`168 bars missing at the start, ${iso(FROM - 7 * 86_400_000)} → ${iso(FROM)}`);
      expect(run.dataReport).toMatchObject({ coveredFromMs: FROM, coveredToMs: end, leadingMissing: { fromMs: FROM - 7 * 86_400_000, toMs: FROM, missing: 168 }, trailingMissing: null });
    });

    it('runs on the covered part under SKIP, and the report and the progress stream say what was missing', async () => {
      const { run, messages } = await backtest(input('SKIP'));
      expect(run).toMatchObject({ status: 'COMPLETED', totalBars: 10 * 24 });
      expect(run.dataReport.symbols[SYMBOL]).toMatchObject({ baseInterval: '5m', coveredFromMs: FROM, leadingMissing: { missing: 168 }, trailingMissing: null });
      expect(messages.some((m) => m.includes('168 bars missing at the start') && m.includes('running on the covered part'))).toBe(true);
    });
  });

  it('runs on the covered part under FILL when the range ends after the data, reporting the missing end', async () => {
    const { run, messages } = await backtest(marketInput({ fromMs: TO - 5 * 86_400_000, toMs: TO + 2 * 86_400_000 }, SYMBOL, '1h', { gapPolicy: 'FILL' }));
    expect(run).toMatchObject({ status: 'COMPLETED', totalBars: 5 * 24 });
    expect(run.dataReport.symbols[SYMBOL]).toMatchObject({ filledBars: 0, leadingMissing: null, trailingMissing: { fromMs: TO, toMs: TO + 2 * 86_400_000, missing: 48 } });
    expect(messages.some((m) => m.includes('48 bars missing at the end'))).toBe(true);
  });

  it('names what is stored when the range holds no data at all', async () => {
    const { run } = await backtest(marketInput({ fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 6, 1) }, SYMBOL, '1h'));
    expect(run).toMatchObject({ status: 'FAILED', errorCode: 'NO_DATA' });
    expect(run.error).toContain(`stored for ${SYMBOL}: 5m ${iso(FROM)} → ${iso(TO - 300_000)}`);
  });
});
