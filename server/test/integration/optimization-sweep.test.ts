import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { marketInput, seedSyntheticCandles } from '../helpers/candles.ts';
import { gqlData, streamToEnd } from '../helpers/graphql-client.ts';

const OPTIMIZE = `mutation O($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id status totalCombinations skippedByConstraint } }`;
const PROGRESS = `subscription P($id: ID!) { optimizationProgress(id: $id) { status progress completedEvaluations totalEvaluations bestScore bestParams } }`;
const SWEEP = `query S($id: ID!) {
  optimizationSweep(id: $id) {
    status completedEvaluations attempts
    best { params score metrics { roi } }
    results(first: 100) { totalCount edges { node { params paramsScore: score sweepId metrics { totalTrades winRate roi sharpeRatio profitFactor } } } }
  }
}`;
const RUN = `mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }`;
const BACKTEST_PROGRESS = `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`;
const METRICS = `query M($id: ID!) { backtest(id: $id) { metrics { totalTrades winRate roi sharpeRatio profitFactor } } }`;

describe('parameter sweeps', () => {
  let app: TestApp;
  let range: { fromMs: number; toMs: number };
  const market = () => marketInput(range, 'SYNTH-ADAUSDT', '1h');

  beforeAll(async () => {
    app = await startTestApp();
    range = await seedSyntheticCandles(app.databaseUrl, { symbol: 'SYNTH-ADAUSDT', interval: '1h', count: 5_000, seed: 21 });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const watch = (query: string, id: string) => streamToEnd(app.graphqlUrl!, query, { id });

  it('backtests every valid combination, ranks them by the composite score, and agrees with single backtests', async () => {
    const { optimizeStrategy } = await gqlData(app.gql, OPTIMIZE, {
      input: { ...market(), parameterRanges: { fast: [5, 10, 30], slow: { min: 20, max: 40, step: 10 } }, baseParams: { stopLossPct: 3, riskReward: 2 }, minTrades: 0 },
    });
    // fast 30 with slow 20 and 30 breaks fast < slow.
    expect(optimizeStrategy).toMatchObject({ status: 'PENDING', totalCombinations: 7, skippedByConstraint: 2 });

    const events = (await watch(PROGRESS, optimizeStrategy.id)).map((e) => e.optimizationProgress);
    expect(events.at(-1)).toMatchObject({ status: 'COMPLETED', progress: 1, completedEvaluations: 7, totalEvaluations: 7 });

    const { optimizationSweep: sweep } = await gqlData(app.gql, SWEEP, { id: optimizeStrategy.id });
    const results = sweep.results.edges.map((e: any) => ({ ...e.node, ...e.node.metrics }));
    expect(sweep.results.totalCount).toBe(7);
    expect(new Set(results.map((r: any) => `${r.params.fast}/${r.params.slow}`)).size).toBe(7);
    const scores = results.map((r: any) => r.paramsScore);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    expect(sweep.best.params).toEqual(results[0].params);
    expect(events.at(-1).bestScore).toBeCloseTo(results[0].paramsScore, 9);
    for (const r of results) {
      expect(r.sweepId).toBe(optimizeStrategy.id);
      expect(r.params).toMatchObject({ stopLossPct: 3, riskReward: 2 });
      const expected = (r.winRate ?? 0) * 0.4 + r.roi * 0.3 + (r.sharpeRatio ?? 0) * 0.2 + (r.profitFactor ?? 0) * 0.1;
      expect(r.paramsScore).toBeCloseTo(expected, 9);
    }

    // The best combination, run as an ordinary backtest, gives the same metrics.
    const { runBacktest } = await gqlData(app.gql, RUN, { input: { ...market(), strategyParams: results[0].params } });
    await watch(BACKTEST_PROGRESS, runBacktest.id);
    const { backtest } = await gqlData(app.gql, METRICS, { id: runBacktest.id });
    expect(backtest.metrics).toEqual({
      totalTrades: results[0].totalTrades,
      winRate: results[0].winRate,
      roi: results[0].roi,
      sharpeRatio: results[0].sharpeRatio,
      profitFactor: results[0].profitFactor,
    });
  });

  it('resumes: a retried sweep keeps the combinations stored before and adds only the missing ones, once', async () => {
    await app.services.boss.offWork('optimize'); // hold the job until the "earlier attempt" rows exist
    const { optimizeStrategy } = await gqlData(app.gql, OPTIMIZE, { input: { ...market(), parameterRanges: { fast: [5, 8], slow: [20, 50] } } });
    const db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    try {
      // An earlier attempt stored one combination (with a marker score) before its worker died.
      await db.query(
        `INSERT INTO strategy_optimization (id, sweep_id, strategy, symbols, timeframe, params, params_key, total_trades, roi, max_drawdown_percentage, score)
         SELECT gen_random_uuid(), $1, 'ema_cross', '{SYNTH-ADAUSDT}', '1h', s.base_params || '{"fast":5,"slow":20}', '', 0, 0, 0, -12345 FROM optimization_sweep s WHERE s.id = $1`,
        [optimizeStrategy.id],
      );
      const { rows } = await db.query(`SELECT params FROM strategy_optimization WHERE sweep_id = $1`, [optimizeStrategy.id]);
      const key = JSON.stringify(Object.fromEntries(Object.keys(rows[0].params).sort().map((k) => [k, rows[0].params[k]])));
      await db.query(`UPDATE strategy_optimization SET params_key = $2 WHERE sweep_id = $1`, [optimizeStrategy.id, key]);

      const worker = await startTestApp({ databaseUrl: app.databaseUrl, api: false });
      await watch(PROGRESS, optimizeStrategy.id);
      await worker.stop();

      const counts = await db.query(
        `SELECT count(*)::int AS n, count(DISTINCT params_key)::int AS distinct_keys, count(*) FILTER (WHERE score = -12345)::int AS kept FROM strategy_optimization WHERE sweep_id = $1`,
        [optimizeStrategy.id],
      );
      expect(counts.rows[0]).toEqual({ n: 4, distinct_keys: 4, kept: 1 });
    } finally {
      await db.end();
    }
  });

  it('rejects bad grids with a code, storing and queuing nothing', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ parameterRanges: { nope: [1] } }, /unknown parameter "nope"/],
      [{ parameterRanges: { fast: [2.5] } }, /fast must be an integer/],
      [{ parameterRanges: { fast: [40], slow: [20] } }, /every combination breaks a constraint/],
      [{ parameterRanges: '[1,2]' }, /parameterRanges must be a JSON object/],
    ];
    for (const [override, message] of cases) {
      const result = await app.gql(OPTIMIZE, { input: { ...market(), ...override } });
      expect(result.errors?.[0].extensions?.code, JSON.stringify(override)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toMatch(message);
    }
    const tooBig = await app.gql(OPTIMIZE, { input: { ...market(), parameterRanges: { fast: { min: 2, max: 200, step: 1 }, slow: { min: 201, max: 400, step: 1 } }, maxCombinations: 100 } });
    expect(tooBig.errors?.[0].extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(tooBig.errors?.[0].message).toMatch(/more than maxCombinations \(100\)/);
    const unknown = await app.gql(OPTIMIZE, { input: { ...market(), strategy: 'nope', parameterRanges: { fast: [5] } } });
    expect(unknown.errors?.[0].extensions?.code).toBe('UNKNOWN_STRATEGY');
    const db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    try {
      const sweeps = await db.query(`SELECT count(*)::int AS n FROM optimization_sweep`);
      const jobs = await db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'optimize'`);
      expect(sweeps.rows[0].n).toBe(2); // the two sweeps of the tests above
      expect(jobs.rows[0].n).toBe(2);
    } finally {
      await db.end();
    }
  });
});
