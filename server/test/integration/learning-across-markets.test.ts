import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { marketInput, seedShapedCandles } from '../helpers/candles.ts';
import { gqlData, streamToEnd } from '../../harness/graphql-client.ts';
import { PARAM_FIELDS, record } from '../../harness/typed-values.ts';

const OPTIMIZE = `mutation O($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id } }`;
const SWEEP = `query S($id: ID!) { optimizationSweep(id: $id) { status
  marketFeatures { volatilityPct trendEfficiency autocorrelation timeframeMinutes }
  learnedStart { sets { params ${PARAM_FIELDS} } markets { market weight } }
  results(first: 500) { totalCount edges { node { params ${PARAM_FIELDS} } } }
} }`;
const RANKING = `query R($strategy: String!, $candidates: [MarketCandidate!]) { marketRanking(strategy: $strategy, candidates: $candidates) {
  symbol timeframe observed predicted sweepId features { trendEfficiency }
} }`;
const RANGES = { fast: [2, 4, 6, 8, 12, 16], slow: [10, 20, 30, 40, 60, 80, 120] };

/** Issue 17 item 8 through the API: sweeps remember their market, and later sweeps and rankings learn from them. */
describe('learning across markets', () => {
  let app: TestApp;
  const markets: Record<string, { fromMs: number; toMs: number }> = {};

  beforeAll(async () => {
    app = await startTestApp();
    // Swings of different lengths: where ema_cross does best moves with them, and so do the features.
    for (const [symbol, period] of [['SYNTH-SWINGAUSDT', 24], ['SYNTH-SWINGBUSDT', 48], ['SYNTH-SWINGCUSDT', 96], ['SYNTH-SWINGDUSDT', 60]] as const) {
      markets[symbol] = await seedShapedCandles(app.databaseUrl, { symbol, interval: '1h', count: 4_000, drift: () => 0, chop: 0.002, wave: { amplitude: 0.03, period } });
    }
  });
  afterAll(async () => {
    await app?.stop();
  });

  const sweep = async (symbol: string, search: Record<string, unknown>) => {
    const { optimizeStrategy } = await gqlData(app.gql, OPTIMIZE, {
      input: { ...marketInput(markets[symbol], symbol, '1h'), parameterRanges: RANGES, objective: { name: 'SHARPE' }, minTrades: 5, search, validation: { holdoutFraction: 0.25 } },
    });
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { optimizationProgress(id: $id) { status } }`, { id: optimizeStrategy.id });
    return { id: optimizeStrategy.id as string, ...(await gqlData(app.gql, SWEEP, { id: optimizeStrategy.id })).optimizationSweep };
  };

  it('an ADAPTIVE sweep on a new market starts from the sets the other markets’ sweeps predict, and marketRanking says where the strategy works', async () => {
    const first = await sweep('SYNTH-SWINGAUSDT', { method: 'GRID' });
    expect(first.status).toBe('COMPLETED');
    expect(first.marketFeatures.timeframeMinutes).toBe(60);
    expect(first.learnedStart).toBeNull();
    await sweep('SYNTH-SWINGBUSDT', { method: 'GRID' });
    await sweep('SYNTH-SWINGCUSDT', { method: 'GRID' });

    const adaptive = await sweep('SYNTH-SWINGDUSDT', { method: 'ADAPTIVE', budget: 20, seed: 4 });
    expect(adaptive.status).toBe('COMPLETED');
    const start = adaptive.learnedStart;
    expect(start.sets).toHaveLength(1);
    expect(start.markets.map((m: any) => m.market).sort()).toEqual(['SYNTH-SWINGAUSDT 1h', 'SYNTH-SWINGBUSDT 1h', 'SYNTH-SWINGCUSDT 1h']);
    expect(start.markets.reduce((s: number, m: any) => s + m.weight, 0)).toBeCloseTo(1, 9);
    // The start set was evaluated (among the search's own rows).
    const evaluated = adaptive.results.edges.map((e: any) => JSON.stringify(Object.fromEntries(['fast', 'slow'].map((k) => [k, record(e.node.params)[k]]))));
    expect(evaluated).toContain(JSON.stringify({ fast: record(start.sets[0].params).fast, slow: record(start.sets[0].params).slow }));
    // Turned off, it starts from the space-filling sample alone.
    const plain = await sweep('SYNTH-SWINGDUSDT', { method: 'ADAPTIVE', budget: 20, seed: 4, learnedStart: false });
    expect(plain.learnedStart).toBeNull();

    const { marketRanking } = await gqlData(app.gql, RANKING, { strategy: 'ema_cross', candidates: [{ symbol: 'SYNTH-SWINGAUSDT', timeframe: '4h' }] });
    const swept = marketRanking.filter((r: any) => r.sweepId !== null);
    expect(swept.map((r: any) => r.symbol).sort()).toEqual(['SYNTH-SWINGAUSDT', 'SYNTH-SWINGBUSDT', 'SYNTH-SWINGCUSDT', 'SYNTH-SWINGDUSDT']);
    for (const r of swept) {
      expect(r.observed).toBeTypeOf('number');
      expect(r.predicted).toBeTypeOf('number');
    }
    const candidate = marketRanking.find((r: any) => r.timeframe === '4h');
    expect(candidate).toMatchObject({ symbol: 'SYNTH-SWINGAUSDT', observed: null, sweepId: null });
    expect(candidate.predicted).toBeTypeOf('number');
    expect(candidate.features.trendEfficiency).toBeGreaterThan(0);
    // Ranked by prediction, best first.
    const predicted = marketRanking.map((r: any) => r.predicted);
    expect(predicted).toEqual([...predicted].sort((a, b) => b - a));
  });

  it('refuses a learned start for searches that cannot use one', async () => {
    const res = await app.gql(OPTIMIZE, { input: { ...marketInput(markets['SYNTH-SWINGAUSDT'], 'SYNTH-SWINGAUSDT', '1h'), parameterRanges: RANGES, search: { method: 'GRID', learnedStart: true } } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/learned start applies to ADAPTIVE/);
  });
});
