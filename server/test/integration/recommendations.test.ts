import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendFromSweep } from '../../recommendations/recommendation.job.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { marketInput, seedSyntheticCandles } from '../helpers/candles.ts';
import { gqlData, streamToEnd } from '../helpers/graphql-client.ts';

const OPTIMIZE = `mutation O($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id } }`;
const CREATED = `subscription C($sweepId: ID) { recommendationCreated(sweepId: $sweepId) {
  id sweepId type status strategy currentParams recommendedParams expectedRoiImprovement expectedWinRateImprovement confidenceScore rationale
  evidence { id params score metrics { roi winRate } }
} }`;
const RESULTS = `query S($id: ID!) { optimizationSweep(id: $id) { status results(first: 100) { edges { node { id params score metrics { roi winRate } } } } } }`;
const RECOMMENDATIONS = `{ recommendations(filter: { status: [PENDING, ACCEPTED] }) { totalCount edges { node { id status decidedAt } } } }`;
const DECIDE = `mutation D($id: ID!, $status: RecommendationStatus!) { decideRecommendation(id: $id, status: $status) { status decidedAt } }`;

describe('recommendations drawn from a sweep', () => {
  let app: TestApp;
  let range: { fromMs: number; toMs: number };
  const market = () => marketInput(range, 'SYNTH-DOTUSDT', '1h');
  beforeAll(async () => {
    app = await startTestApp();
    // A market on which the current parameters (fast 12, slow 26) are beaten, so a recommendation is drawn.
    range = await seedSyntheticCandles(app.databaseUrl, { symbol: 'SYNTH-DOTUSDT', interval: '1h', count: 6_000, seed: 5 });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('recommends the best combination over the current parameters, linked to its evidence, once', async () => {
    const { optimizeStrategy } = await gqlData(app.gql, OPTIMIZE, {
      input: {
        ...market(),
        // The current parameters (defaults: fast 12, slow 26) are a point of the grid.
        parameterRanges: { fast: [5, 8, 12, 16], slow: [26, 40, 60] },
      },
    });
    // Whether the recommendation exists by the time this subscribes or comes later, it arrives once.
    const created = await streamToEnd(app.graphqlUrl!, CREATED, { sweepId: optimizeStrategy.id });
    expect(created).toHaveLength(1);
    const rec = created[0].recommendationCreated;
    expect(rec.sweepId).toBe(optimizeStrategy.id);

    const { optimizationSweep } = await gqlData(app.gql, RESULTS, { id: optimizeStrategy.id });
    const results = optimizationSweep.results.edges.map((e: any) => ({ ...e.node, ...e.node.metrics }));
    const best = results[0];
    const baseline = results.find((r: any) => r.params.fast === 12 && r.params.slow === 26);
    expect(best.score).toBeGreaterThan(baseline.score);
    expect(rec).toMatchObject({ type: 'PARAMETERS', status: 'PENDING', strategy: 'ema_cross', recommendedParams: best.params });
    expect(rec.currentParams).toMatchObject({ fast: 12, slow: 26 });
    expect(rec.expectedRoiImprovement).toBeCloseTo(best.roi - baseline.roi, 9);
    expect(rec.confidenceScore).toBeGreaterThan(0);
    expect(rec.confidenceScore).toBeLessThan(1);
    const evidenceIds = rec.evidence.map((e: any) => e.id);
    expect(evidenceIds).toContain(best.id);
    expect(evidenceIds).toContain(baseline.id);
    // Every other evidence row is a one-step grid neighbour of the best.
    const fasts = [5, 8, 12, 16], slows = [26, 40, 60];
    for (const row of rec.evidence.filter((e: any) => e.id !== best.id && e.id !== baseline.id)) {
      const steps = Math.abs(fasts.indexOf(row.params.fast) - fasts.indexOf(best.params.fast)) + Math.abs(slows.indexOf(row.params.slow) - slows.indexOf(best.params.slow));
      expect(steps).toBe(1);
    }
    const neighbours = rec.evidence.filter((e: any) => e.id !== best.id && e.id !== baseline.id);
    const supporting = neighbours.filter((n: any) => n.score > baseline.score).length;
    const neighbourCount = results.filter((r: any) => {
      const steps = Math.abs(fasts.indexOf(r.params.fast) - fasts.indexOf(best.params.fast)) + Math.abs(slows.indexOf(r.params.slow) - slows.indexOf(best.params.slow));
      return steps === 1;
    }).length;
    expect(rec.confidenceScore).toBeCloseTo((supporting + 1) / (neighbourCount + 2), 12);
    expect(rec.rationale).toMatch(/In-sample only/);

    // A retried job adds nothing.
    await recommendFromSweep(app.services, optimizeStrategy.id);
    const list = await gqlData(app.gql, RECOMMENDATIONS);
    expect(list.recommendations.totalCount).toBe(1);

    const accepted = await gqlData(app.gql, DECIDE, { id: rec.id, status: 'ACCEPTED' });
    expect(accepted.decideRecommendation.status).toBe('ACCEPTED');
    expect(accepted.decideRecommendation.decidedAt).not.toBeNull();
    const illegal = await app.gql(DECIDE, { id: rec.id, status: 'PENDING' });
    expect(illegal.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(illegal.errors?.[0].message).toBe('An ACCEPTED recommendation cannot become PENDING');
  });

  it('measures the current parameters on the same data when the grid does not contain them', async () => {
    const { optimizeStrategy } = await gqlData(app.gql, OPTIMIZE, {
      input: {
        ...market(),
        parameterRanges: { fast: [5, 20], slow: [40, 80] }, // the defaults 12/26 are not in it
      },
    });
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { optimizationProgress(id: $id) { status } }`, { id: optimizeStrategy.id });
    // The worker queues the recommend job on completion; running it here as well is harmless (idempotent)
    // and lets the test know it has run.
    await recommendFromSweep(app.services, optimizeStrategy.id);
    const db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    const baselines = await db.query(
      `SELECT roi, score FROM strategy_optimization WHERE sweep_id IS NULL AND params->>'fast' = '12' AND params->>'slow' = '26' AND symbols = '{SYNTH-DOTUSDT}'`,
    );
    const best = await db.query(`SELECT max(score) AS score FROM strategy_optimization WHERE sweep_id = $1`, [optimizeStrategy.id]);
    const recs = await db.query(`SELECT expected_roi_improvement FROM optimization_recommendation WHERE sweep_id = $1`, [optimizeStrategy.id]);
    await db.end();
    expect(baselines.rows.length).toBeGreaterThanOrEqual(1);
    const baseline = baselines.rows[0];
    // Either the best beats the measured baseline and is recommended, or nothing is recommended.
    expect(recs.rows.length).toBe(best.rows[0].score > baseline.score ? 1 : 0);

    // The baseline is a real backtest of the current parameters over the same candles and settings.
    const { runBacktest } = await gqlData(app.gql, `mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }`, {
      input: market(),
    });
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, { id: runBacktest.id });
    const { backtest } = await gqlData(app.gql, `query B($id: ID!) { backtest(id: $id) { metrics { roi winRate } } }`, { id: runBacktest.id });
    expect(baseline.roi).toBeCloseTo(backtest.metrics.roi, 9);
  });
});
