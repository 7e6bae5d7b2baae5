// Registers the market-data GraphQL fields in case server/graphql/schema.ts does not (yet).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCandles } from '../../market-data/candle-store.ts';
import { seedSampleData, seedSampleDataIfOffline } from '../../market-data/sample-data.ts';
import { generateSyntheticCandles } from '../../market-data/synthetic.ts';
import { type TestApp, startTestApp } from '../helpers/app.ts';
import { gqlData } from '../../harness/graphql-client.ts';
import { subscribe } from './subscribe.ts';
import { DATA_REPORT_FIELDS, dataReportByName } from '../../harness/typed-values.ts';

const RUN = `mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id } }`;
const RESULT = `query R($id: ID!) { backtest(id: $id) { status error errorCode gapPolicy dataReport ${DATA_REPORT_FIELDS} totalBars } }`;
const START = Date.UTC(2024, 0, 1);
const M5 = 300_000;
const BARS = 3000;
const HOLE = { from: START + 1000 * M5, bars: 6 };

let app: TestApp;
let pool: pg.Pool;

beforeAll(async () => {
  app = await startTestApp();
  pool = new pg.Pool({ connectionString: app.databaseUrl, max: 2 });
  const cols = generateSyntheticCandles({ symbol: 'SYNTH-GAPPYUSDT', interval: '5m', startMs: START, count: BARS, seed: 11 });
  const keep = Array.from(cols.openTime.keys()).filter((i) => cols.openTime[i] < HOLE.from || cols.openTime[i] >= HOLE.from + HOLE.bars * M5);
  const pick = (c: Float64Array) => Float64Array.from(keep, (i) => c[i]);
  await insertCandles(pool, 'SYNTH-GAPPYUSDT', '5m', { openTime: pick(cols.openTime), open: pick(cols.open), high: pick(cols.high), low: pick(cols.low), close: pick(cols.close), volume: pick(cols.volume) });
});

afterAll(async () => {
  await pool?.end();
  await app?.stop();
});

/** Runs a backtest and waits for its progress stream to end (no polling, no sleeps). */
async function runToEnd(gapPolicy: string | null, symbol = 'SYNTH-GAPPYUSDT', timeframe = '5m', fromMs = START, toMs = START + BARS * M5) {
  const input: Record<string, unknown> = {
    symbols: [symbol],
    timeframe,
    startDate: new Date(fromMs).toISOString(),
    endDate: new Date(toMs).toISOString(),
    strategy: 'ema_cross',
    initialCapital: 10_000,
  };
  if (gapPolicy) input.gapPolicy = gapPolicy;
  const { runBacktest } = await gqlData(app.gql, RUN, { input });
  const progress = subscribe(app.graphqlUrl!, `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, { id: runBacktest.id });
  await progress.done;
  const { backtest } = await gqlData(app.gql, RESULT, { id: runBacktest.id });
  return { ...backtest, dataReport: dataReportByName(backtest.dataReport) };
}

describe('acceptance 3: backtests over a range with a gap follow the gap policy', () => {
  it('FAIL (the default) fails with the gap listed', async () => {
    const run = await runToEnd(null);
    expect(run.status).toBe('FAILED');
    expect(run.errorCode).toBe('DATA_GAPS');
    expect(run.gapPolicy).toBe('FAIL');
    expect(run.error).toContain(new Date(HOLE.from).toISOString());
    expect(run.error).toContain(`${HOLE.bars} bars`);
    expect(run.dataReport.gaps).toEqual([{ fromMs: HOLE.from, toMs: HOLE.from + HOLE.bars * M5, missing: HOLE.bars }]);
  });

  it('SKIP trades through the gap and records it', async () => {
    const run = await runToEnd('SKIP');
    expect(run.status).toBe('COMPLETED');
    expect(run.gapPolicy).toBe('SKIP');
    expect(run.totalBars).toBe(BARS - HOLE.bars);
    expect(run.dataReport.gapPolicy).toBe('SKIP');
    expect(run.dataReport.symbols['SYNTH-GAPPYUSDT']).toMatchObject({ gaps: 1, missingBars: HOLE.bars, filledBars: 0 });
  });

  it('FILL inserts flat bars, flags them and records it', async () => {
    const run = await runToEnd('FILL');
    expect(run.status).toBe('COMPLETED');
    expect(run.gapPolicy).toBe('FILL');
    expect(run.totalBars).toBe(BARS);
    expect(run.dataReport.symbols['SYNTH-GAPPYUSDT']).toMatchObject({ gaps: 1, missingBars: HOLE.bars, filledBars: HOLE.bars });
  });
});

describe('offline sample data', () => {
  it('is seeded on first start only when the store is empty and the exchange unreachable, and is ready for a backtest within a minute', async () => {
    const fresh = await startTestApp({ worker: false });
    const freshPool = new pg.Pool({ connectionString: fresh.databaseUrl, max: 4 });
    try {
      const online = await seedSampleDataIfOffline(freshPool, { enabled: true, isOnline: async () => true });
      expect(online).toBeNull();
      const disabled = await seedSampleDataIfOffline(freshPool, { enabled: false, isOnline: async () => false });
      expect(disabled).toBeNull();
      const started = performance.now();
      const seeded = await seedSampleDataIfOffline(freshPool, { enabled: true, isOnline: async () => false });
      expect(performance.now() - started).toBeLessThan(60_000);
      // The whole of 2025 whatever today's date, so dated examples keep working.
      expect(seeded).toEqual({ seeded: true, symbols: ['SYNTH-BTCUSDT', 'SYNTH-ETHUSDT'], intervals: ['5m'], candlesInserted: 2 * 105_120, fromMs: Date.UTC(2025, 0, 1), toMs: Date.UTC(2026, 0, 1) });
      // Not empty any more: a second start seeds nothing, and re-seeding is idempotent.
      expect(await seedSampleDataIfOffline(freshPool, { enabled: true, isOnline: async () => false })).toBeNull();
      expect((await seedSampleData(freshPool)).candlesInserted).toBe(0);
      const { marketData } = await gqlData(fresh.gql, `{ marketData { symbol interval synthetic first last count missingCandles } }`);
      const year = { synthetic: true, first: '2025-01-01T00:00:00.000Z', last: '2025-12-31T23:55:00.000Z', count: 105_120, missingCandles: 0 };
      expect(marketData).toEqual([
        { symbol: 'SYNTH-BTCUSDT', interval: '5m', ...year },
        { symbol: 'SYNTH-ETHUSDT', interval: '5m', ...year },
      ]);
    } finally {
      await freshPool.end();
      await fresh.stop();
    }
  });

  it('can be loaded on demand through the API and backtested', async () => {
    const { loadSampleData } = await gqlData(app.gql, `mutation { loadSampleData { seeded symbols candlesInserted from to } }`);
    expect(loadSampleData.seeded).toBe(true);
    const run = await runToEnd('FAIL', 'SYNTH-BTCUSDT', '1h', Date.parse(loadSampleData.from), Date.parse(loadSampleData.to));
    expect(run.status).toBe('COMPLETED');
    expect(run.dataReport.symbols['SYNTH-BTCUSDT']).toMatchObject({ baseInterval: '5m', bars: 8760, leadingMissing: null, trailingMissing: null });
    expect(run.totalBars).toBe(8760);
  });
});
