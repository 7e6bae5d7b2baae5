import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendAcrossSweeps, recommendFromSweep } from '../../recommendations/recommendation.job.ts';
import { ROI_MARGIN } from '../../recommendations/recommendation-draft.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { marketInput, seedShapedCandles, seedSyntheticCandles } from '../helpers/candles.ts';
import { collectSubscription, gqlData, streamToEnd, wsClient } from '../../harness/graphql-client.ts';

const OPTIMIZE = `mutation O($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id } }`;
const RECOMMENDATIONS = `query R($filter: RecommendationFilter) { recommendations(first: 100, filter: $filter) { totalCount edges { node {
  id type status sweepId rejectionReason confidenceScore confidenceBreakdown
  confidence { score base edgeFactor calibrationMultiplier terms { key weight value contribution } } expectedRoiImprovement rawExpectedRoiImprovement expectedWinRateImprovement
  current { params symbol timeframe settings } recommended { params symbol timeframe settings } baseParams rationale
  validation { method fromMs toMs probabilityOfOutperforming onEdgeOf current { roi totalTrades winRate } recommended { roi totalTrades winRate }
    inSample { current { roi } recommended { roi } } markets { market sweepId inSample { roi } outOfSample { roi totalTrades } } }
  evidence { id params phase }
} } } }`;
const DECIDE = `mutation D($id: ID!, $status: RecommendationStatus!) { decideRecommendation(id: $id, status: $status) { id status appliedAt realisedStatus } }`;
const RUN = `mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id strategyParams } }`;

/** A market where slow trend-following works and medium-speed crossovers whipsaw (see seedShapedCandles). */
const cycles = { drift: (i: number) => (i % 300 < 200 ? 0.0012 : -0.0012), chop: 0.004, wave: { amplitude: 0.015, period: 36 } };
const GRID = { fast: [2, 4, 6, 8, 10, 14, 18], slow: [40, 60, 80, 100, 120, 150] };

/** Issue 11's acceptance lines, through the API and the real jobs. */
describe('recommendations', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  const sweep = async (input: Record<string, unknown>) => {
    const { optimizeStrategy } = await gqlData(app.gql, OPTIMIZE, { input });
    const events = await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { optimizationProgress(id: $id) { status message } }`, { id: optimizeStrategy.id });
    expect(events.at(-1).optimizationProgress.status).toBe('COMPLETED');
    return optimizeStrategy.id as string;
  };
  const recommendationsOf = async (filter: Record<string, unknown>) => (await gqlData(app.gql, RECOMMENDATIONS, { filter })).recommendations.edges.map((e: any) => e.node);
  const backtestRoi = async (input: Record<string, unknown>) => {
    const { runBacktest } = await gqlData(app.gql, RUN, { input });
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, { id: runBacktest.id });
    return (await gqlData(app.gql, `query B($id: ID!) { backtest(id: $id) { status metrics { roi } } }`, { id: runBacktest.id })).backtest.metrics.roi as number;
  };

  it('acceptance 1: recommends the broad plateau that holds out of sample, and stores an in-sample spike REJECTED with its reason and a lower confidence', async () => {
    const range = await seedShapedCandles(app.databaseUrl, { symbol: 'SYNTH-PLATEAUUSDT', interval: '1h', count: 6_000, ...cycles });
    const id = await sweep({
      ...marketInput(range, 'SYNTH-PLATEAUUSDT', '1h'),
      parameterRanges: GRID,
      baseParams: { fast: 8, slow: 80 }, // the current parameters
      minTrades: 10,
      validation: { holdoutFraction: 0.3 },
    });
    // An overfit in-sample spike: one set whose in-sample result stands far above its neighbours. Its
    // row is the only thing made up here; its out-of-sample test and every trade are real.
    const db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `UPDATE strategy_optimization SET score = (SELECT max(score) FROM strategy_optimization WHERE sweep_id = $1) + 1, roi = 40, win_rate = 90, total_trades = 40
         WHERE sweep_id = $1 AND "window" = 0 AND phase = 'IN_SAMPLE' AND params->>'fast' = '18' AND params->>'slow' = '150'`,
        [id],
      );
    } finally {
      await db.end();
    }
    await recommendFromSweep(app.services, id);

    const drafted = (await recommendationsOf({ sweepId: id, type: ['PARAMETERS'] })) as any[];
    const spike = drafted.find((r) => r.recommended.params.fast === 18 && r.recommended.params.slow === 150);
    const emitted = drafted.filter((r) => r.status === 'PENDING');
    expect(spike).toMatchObject({ status: 'REJECTED' });
    expect(spike.rejectionReason).toMatch(/out of sample/);
    expect(emitted).toHaveLength(1);
    const plateau = emitted[0];
    expect({ ...plateau.baseParams, ...plateau.recommended.params }.slow).toBeLessThan(150);
    expect(plateau.confidenceScore).toBeGreaterThan(spike.confidenceScore);
    for (const r of drafted) expect(r.confidenceScore).toBeLessThanOrEqual(plateau.confidenceScore);
    // Its expectations are its out-of-sample results, with their evidence linked.
    const v = plateau.validation;
    expect(v.method).toBe('HOLDOUT');
    expect(v.probabilityOfOutperforming).toBeGreaterThanOrEqual(0);
    expect(v.inSample.recommended.roi).toBeTypeOf('number');
    expect(v.markets).toEqual([]);
    expect(plateau.rawExpectedRoiImprovement).toBeCloseTo(v.recommended.roi - v.current.roi, 9);
    expect(plateau.rawExpectedRoiImprovement).toBeGreaterThanOrEqual(ROI_MARGIN);
    expect(plateau.evidence.some((e: any) => e.phase === 'OUT_OF_SAMPLE')).toBe(true);
    expect(plateau.rationale).toMatch(/out of sample \(\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, never seen by the search\)/);
    expect(Object.keys(plateau.confidenceBreakdown)).toEqual(expect.arrayContaining(['support', 'outOfSample', 'amount', 'consistency', 'edgeFactor', 'calibrationMultiplier']));
    // The typed confidence: the terms' contributions add up to the base, and base × edge × calibration is the score.
    const c = plateau.confidence;
    expect(c.terms.map((t: any) => t.key)).toEqual(['support', 'outOfSample', 'amount', 'consistency']);
    expect(c.terms.reduce((sum: number, t: any) => sum + t.weight, 0)).toBeCloseTo(1, 12);
    expect(c.terms.reduce((sum: number, t: any) => sum + t.contribution, 0)).toBeCloseTo(c.base, 12);
    expect(c.base * c.edgeFactor * c.calibrationMultiplier).toBeCloseTo(plateau.confidenceScore, 12);
    expect(c.score).toBe(plateau.confidenceScore);
    // The recommended values really beat the current ones on the validation range (a plain backtest of each).
    const validation = { startDate: new Date(v.fromMs).toISOString(), endDate: new Date(v.toMs).toISOString() };
    const recommendedRoi = await backtestRoi({ ...marketInput(range, 'SYNTH-PLATEAUUSDT', '1h'), ...validation, strategyParams: { ...plateau.baseParams, ...plateau.recommended.params } });
    const currentRoi = await backtestRoi({ ...marketInput(range, 'SYNTH-PLATEAUUSDT', '1h'), ...validation, strategyParams: plateau.baseParams });
    expect(recommendedRoi).toBeCloseTo(v.recommended.roi, 9);
    expect(currentRoi).toBeCloseTo(v.current.roi, 9);
  });

  it('acceptance 2: over many markets, no emitted recommendation does worse than the current settings on its validation data', async () => {
    let emittedCount = 0;
    for (const seed of [31, 32, 33, 34, 35, 36]) {
      const symbol = `SYNTH-PROP${seed}USDT`;
      const range = await seedSyntheticCandles(app.databaseUrl, { symbol, interval: '1h', count: 2_500, seed });
      const id = await sweep({ ...marketInput(range, symbol, '1h'), parameterRanges: { fast: [4, 8, 12, 16], slow: [30, 50, 80] }, minTrades: 5, validation: { holdoutFraction: 0.3 } });
      await recommendFromSweep(app.services, id);
      for (const r of (await recommendationsOf({ sweepId: id, status: ['PENDING'] })) as any[]) {
        emittedCount++;
        const v = r.validation;
        expect(v.recommended.roi - v.current.roi, `${symbol} ${r.type}`).toBeGreaterThanOrEqual(ROI_MARGIN);
        const validation = { startDate: new Date(v.fromMs).toISOString(), endDate: new Date(v.toMs).toISOString() };
        const side = (values: any) => ({ strategyParams: { ...r.baseParams, ...values.params }, ...values.settings });
        const recommendedRoi = await backtestRoi({ ...marketInput(range, symbol, '1h'), ...validation, ...side(r.recommended) });
        const currentRoi = await backtestRoi({ ...marketInput(range, symbol, '1h'), ...validation, ...side(r.current) });
        expect(recommendedRoi, `${symbol} ${r.type}`).toBeGreaterThan(currentRoi);
      }
    }
    console.log(`acceptance 2: ${emittedCount} emitted recommendation(s) over 6 markets, each better than the current settings on its validation data`);
  });

  it('acceptance 3: applying creates the preset and validation runs on newer data, and a track record that fell short lowers the next confidence and expectations', async () => {
    // 6,000 hours of the cycling market; the sweep sees the first 4,000, so 2,000 newer hours remain.
    const shaped = { interval: '1h' as const, count: 6_000, ...cycles };
    const full = await seedShapedCandles(app.databaseUrl, { symbol: 'SYNTH-APPLYUSDT', ...shaped });
    const swept = { fromMs: full.fromMs, toMs: full.fromMs + 4_000 * 3_600_000 };
    const sweepInput = (symbol: string) => ({ ...marketInput(swept, symbol, '1h'), parameterRanges: GRID, baseParams: { fast: 18, slow: 150 }, minTrades: 10, validation: { holdoutFraction: 0.3 } });
    const id = await sweep(sweepInput('SYNTH-APPLYUSDT'));
    await recommendFromSweep(app.services, id);
    const [rec] = (await recommendationsOf({ sweepId: id, type: ['RISK'], status: ['PENDING'] })) as any[];
    expect(rec).toBeDefined();

    const ws = wsClient(app.graphqlUrl!);
    const updates = collectSubscription(ws, `subscription U($id: ID) { recommendationUpdated(id: $id) { status realisedStatus realisedRoiImprovement } }`, { id: rec.id });
    expect((await gqlData(app.gql, DECIDE, { id: rec.id, status: 'ACCEPTED' })).decideRecommendation.status).toBe('ACCEPTED');
    const applied = (await gqlData(app.gql, DECIDE, { id: rec.id, status: 'APPLIED' })).decideRecommendation;
    expect(applied).toMatchObject({ status: 'APPLIED', realisedStatus: 'RUNNING' });
    await updates.until((events) => events.some((e) => e.recommendationUpdated.realisedStatus === 'MEASURED'));
    await ws.dispose();

    const { recommendation } = await gqlData(
      app.gql,
      `query Q($id: ID!) { recommendation(id: $id) { realisedStatus realisedFrom realisedTo realisedRoiImprovement validationRuns { status strategyParams settings { positionSize } metrics { roi } } } }`,
      { id: rec.id },
    );
    // The validation runs cover the data after the evidence, and realised = recommended − current there.
    expect(recommendation.validationRuns).toHaveLength(2);
    const [recommendedRun, currentRun] = recommendation.validationRuns;
    expect([recommendedRun.status, currentRun.status]).toEqual(['COMPLETED', 'COMPLETED']);
    expect(Date.parse(recommendation.realisedFrom)).toBe(swept.toMs);
    expect(Date.parse(recommendation.realisedTo)).toBe(full.toMs);
    expect(recommendation.realisedRoiImprovement).toBeCloseTo(recommendedRun.metrics.roi - currentRun.metrics.roi, 9);
    expect(recommendedRun.strategyParams).toMatchObject(rec.recommended.params);

    // The preset: what new runs of this strategy, symbol and timeframe start from when they leave values out.
    const { presets } = await gqlData(app.gql, `query { presets(strategy: "ema_cross") { symbol timeframe params settings recommendationId } }`);
    const preset = presets.find((p: any) => p.symbol === 'SYNTH-APPLYUSDT');
    expect(preset).toMatchObject({ timeframe: '1h', recommendationId: rec.id, params: expect.objectContaining(rec.recommended.params) });
    const { runBacktest } = await gqlData(app.gql, RUN, { input: { ...marketInput(swept, 'SYNTH-APPLYUSDT', '1h'), positionSize: undefined } });
    expect(runBacktest.strategyParams).toMatchObject(rec.recommended.params);
    const explicit = await gqlData(app.gql, RUN, { input: { ...marketInput(swept, 'SYNTH-APPLYUSDT', '1h'), strategyParams: { fast: 5 } } });
    expect(explicit.runBacktest.strategyParams).toMatchObject({ ...rec.recommended.params, fast: 5 });

    // Three applied RISK recommendations that realised far less than they expected…
    const db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    try {
      for (let k = 0; k < 3; k++) {
        await db.query(
          `INSERT INTO optimization_recommendation (id, type, status, dedupe_key, strategy, symbols, timeframe, base_params, base_settings, current_values, recommended_values,
             raw_expected_roi_improvement, expected_roi_improvement, confidence_score, confidence_breakdown, rationale, realised_status, realised_roi_improvement, realised_at, applied_at)
           VALUES (gen_random_uuid(), 'RISK', 'APPLIED', $1, 'ema_cross', '{SYNTH-X}', '1h', '{}', '{}', '{}', '{}', 5, 5, 0.8, '{}', 'track record', 'MEASURED', -2, now(), now())`,
          [`track-record-${k}`],
        );
      }
    } finally {
      await db.end();
    }
    const { recommendationCalibration } = await gqlData(app.gql, `query { recommendationCalibration(type: RISK) { measured hits scale confidenceMultiplier } }`);
    expect(recommendationCalibration.measured).toBe(4);
    expect(recommendationCalibration.scale).toBeLessThan(1);
    expect(recommendationCalibration.confidenceMultiplier).toBeLessThan(1);
    // …then the same evidence on an identical market gives the same raw expectation, scaled down, at lower confidence.
    await seedShapedCandles(app.databaseUrl, { symbol: 'SYNTH-APPLY2USDT', ...shaped });
    const second = await sweep(sweepInput('SYNTH-APPLY2USDT'));
    await recommendFromSweep(app.services, second);
    const [again] = (await recommendationsOf({ sweepId: second, type: ['RISK'], status: ['PENDING'] })) as any[];
    expect(again.recommended).toEqual(rec.recommended);
    expect(again.rawExpectedRoiImprovement).toBeCloseTo(rec.rawExpectedRoiImprovement, 9);
    expect(again.expectedRoiImprovement).toBeCloseTo(rec.rawExpectedRoiImprovement * recommendationCalibration.scale, 9);
    expect(again.expectedRoiImprovement).toBeLessThan(rec.expectedRoiImprovement);
    expect(again.confidenceScore).toBeLessThan(rec.confidenceScore);
    expect(again.rationale).toMatch(/Expectations scaled by/);
    const { recommendationStats } = await gqlData(app.gql, `query { recommendationStats { type total applied calibration { measured } } }`);
    expect(recommendationStats.find((s: any) => s.type === 'RISK')).toMatchObject({ applied: 4, calibration: { measured: 4 } });
  });

  it('acceptance 5: sweeps over symbols and timeframes where one of each is clearly better yield SYMBOL and TIMEFRAME recommendations naming them', async () => {
    const start = Date.UTC(2024, 6, 1);
    // GOOD trends up and down in long cycles under a 4-hour wave; BAD has only the wave. On 15m the wave
    // whipsaws every crossover; each 4h bar holds one whole wave, leaving GOOD's trend (and BAD's nothing).
    const fourHourWave = { chop: 0.005, wave: { amplitude: 0.02, period: 16 } };
    const good = await seedShapedCandles(app.databaseUrl, { symbol: 'SYNTH-GOODUSDT', interval: '15m', count: 24_000, startMs: start, drift: (i) => (i % 1_600 < 1_100 ? 0.0004 : -0.0004), ...fourHourWave });
    const bad = await seedShapedCandles(app.databaseUrl, { symbol: 'SYNTH-BADUSDT', interval: '15m', count: 24_000, startMs: start, drift: () => 0, ...fourHourWave });
    const sweepOn = (symbol: string, timeframe: string, range: { fromMs: number; toMs: number }) =>
      sweep({ ...marketInput(range, symbol, timeframe, { strategy: 'sma_cross' }), parameterRanges: { fast: [3, 5, 8], slow: [20, 30, 50] }, minTrades: 3, validation: { holdoutFraction: 0.3 } });
    // The most recent sweep of a group is its "current" market: GOOD 4h first, then BAD 4h and GOOD 15m.
    await sweepOn('SYNTH-GOODUSDT', '4h', good);
    await sweepOn('SYNTH-BADUSDT', '4h', bad);
    await sweepOn('SYNTH-GOODUSDT', '15m', good);
    expect((await gqlData(app.gql, `mutation { generateRecommendations(strategy: "sma_cross") }`)).generateRecommendations).toBe(true);
    // The job that mutation queues runs this; run it here too (idempotent) so the test knows it has run.
    await recommendAcrossSweeps(app.services, 'sma_cross');
    const found = (await recommendationsOf({ strategy: 'sma_cross', type: ['SYMBOL', 'TIMEFRAME'] })) as any[];
    const symbolRec = found.find((r) => r.type === 'SYMBOL' && r.validation.markets.length === 2);
    const timeframeRec = found.find((r) => r.type === 'TIMEFRAME' && r.validation.markets.length === 2);
    expect(symbolRec).toMatchObject({ status: 'PENDING', current: { symbol: 'SYNTH-BADUSDT' }, recommended: { symbol: 'SYNTH-GOODUSDT' } });
    expect(timeframeRec).toMatchObject({ status: 'PENDING', current: { timeframe: '15m' }, recommended: { timeframe: '4h' } });
    expect(symbolRec.rationale).toMatch(/ranks SYNTH-GOODUSDT [+-]\d+\.\d+ % \(\d+ trades\), SYNTH-BADUSDT/);
    expect(symbolRec.rationale).toMatch(/It works on SYNTH-GOODUSDT/);
    expect(symbolRec.confidenceScore).toBeGreaterThan(0);
  });

  it('runs Monte Carlo on a completed run: the same seed gives the same figures, another seed others, shuffling keeps the final return', async () => {
    const range = await seedSyntheticCandles(app.databaseUrl, { symbol: 'SYNTH-MCUSDT', interval: '1h', count: 3_000, seed: 8 });
    const { runBacktest } = await gqlData(app.gql, RUN, { input: marketInput(range, 'SYNTH-MCUSDT', '1h', { strategyParams: { fast: 4, slow: 20 } }) });
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, { id: runBacktest.id });
    const MC = `query M($id: ID!, $seed: Int, $method: MonteCarloMethod) { monteCarlo(backtestId: $id, iterations: 2000, seed: $seed, method: $method) {
      trades finalReturnPct { p5 p50 p95 } maxDrawdownPct { p5 p50 p95 } longestLosingStreak { p50 } probabilityOfLoss probabilityOfDrawdownBeyond } }`;
    const a = await gqlData(app.gql, MC, { id: runBacktest.id, seed: 7 });
    const b = await gqlData(app.gql, MC, { id: runBacktest.id, seed: 7 });
    const c = await gqlData(app.gql, MC, { id: runBacktest.id, seed: 8 });
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    expect(a.monteCarlo.trades).toBeGreaterThan(10);
    const shuffled = (await gqlData(app.gql, MC, { id: runBacktest.id, seed: 7, method: 'SHUFFLE' })).monteCarlo;
    expect(shuffled.finalReturnPct.p5).toBeCloseTo(shuffled.finalReturnPct.p95, 9);
    // The limits are served, and a request just past them is refused with a code while one at them runs.
    const { monteCarloLimits: limits } = await gqlData(app.gql, `{ monteCarloLimits { maxIterations maxSteps } }`);
    const tooMuch = await app.gql(`query M($id: ID!, $n: Int) { monteCarlo(backtestId: $id, iterations: $n) { trades } }`, { id: runBacktest.id, n: limits.maxIterations + 1 });
    expect(tooMuch.errors?.[0].extensions?.code).toBe('LIMIT_EXCEEDED');
    const atLimit = Math.min(limits.maxIterations, Math.floor(limits.maxSteps / a.monteCarlo.trades));
    const fits = await app.gql(`query M($id: ID!, $n: Int) { monteCarlo(backtestId: $id, iterations: $n) { iterations } }`, { id: runBacktest.id, n: atLimit });
    expect(fits.data?.monteCarlo.iterations).toBe(atLimit);
  });
});
