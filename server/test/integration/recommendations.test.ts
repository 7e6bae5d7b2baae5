import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendAcrossSweeps, recommendFromSweep } from '../../recommendations/recommendation.job.ts';
import { generateNoEdgeMarket, generatePlantedTrendMarket, type CandleSeries } from '../../engine/index.ts';
import { insertCandles } from '../../market-data/candle-store.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { marketInput, seedShapedCandles, seedSyntheticCandles } from '../helpers/candles.ts';
import { collectSubscription, gqlData, streamToEnd, wsClient } from '../../harness/graphql-client.ts';
import { PARAM_FIELDS, record, SETTING_FIELDS } from '../../harness/typed-values.ts';

const OPTIMIZE = `mutation O($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id } }`;
const RECOMMENDATIONS = `query R($filter: RecommendationFilter) { recommendations(first: 100, filter: $filter) { totalCount edges { node {
  id type status sweepId rejectionReason confidenceScore presetNote
  confidence { score probability evidence deflatedSharpeRatio probabilityOfOverfitting calibrationSlope calibrationMeasured } expectedRoiImprovement rawExpectedRoiImprovement expectedWinRateImprovement
  current { params ${PARAM_FIELDS} symbol timeframe settings ${SETTING_FIELDS} } recommended { params ${PARAM_FIELDS} symbol timeframe settings ${SETTING_FIELDS} } baseParams ${PARAM_FIELDS} rationale
  validation { method fromMs toMs onEdgeOf current { roi totalTrades winRate sharpeRatio } recommended { roi totalTrades winRate sharpeRatio }
    test { statistic pValue adjustedPValue alpha candidatesTested difference days } overfitting { probabilityOfOverfitting deflatedSharpeRatio } perYear { year current recommended }
    inSample { current { roi sharpeRatio } recommended { roi sharpeRatio } } markets { market sweepId inSample { roi sharpeRatio } outOfSample { roi totalTrades } } }
  evidence { id params ${PARAM_FIELDS} phase }
} } } }`;
const DECIDE = `mutation D($id: ID!, $status: RecommendationStatus!) { decideRecommendation(id: $id, status: $status) { id status appliedAt realisedStatus } }`;
const RUN = `mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id strategyParams ${PARAM_FIELDS} } }`;

/** A side's parameter and setting lists as records (null when the side sets none). */
const sideRecords = (side: any) => ({ ...side, params: side.params && record(side.params), settings: side.settings && record(side.settings) });
/** A recommendation's typed maps as records. */
const plainRecommendation = (node: any) => ({
  ...node,
  baseParams: record(node.baseParams),
  current: sideRecords(node.current),
  recommended: sideRecords(node.recommended),
  evidence: node.evidence.map((row: any) => ({ ...row, params: record(row.params) })),
});

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
  const recommendationsOf = async (filter: Record<string, unknown>) => (await gqlData(app.gql, RECOMMENDATIONS, { filter })).recommendations.edges.map((e: any) => plainRecommendation(e.node));
  const backtestRoi = async (input: Record<string, unknown>) => {
    const { runBacktest } = await gqlData(app.gql, RUN, { input });
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, { id: runBacktest.id });
    return (await gqlData(app.gql, `query B($id: ID!) { backtest(id: $id) { status metrics { roi } } }`, { id: runBacktest.id })).backtest.metrics.roi as number;
  };

  /** A generated market stored as 1h candles (engine generators: no edge, or a planted trend edge). */
  const storeMarket = async (series: CandleSeries) => {
    const pool = new pg.Pool({ connectionString: app.databaseUrl, max: 2 });
    try {
      await insertCandles(pool, series.symbol, '1h', series);
    } finally {
      await pool.end();
    }
    return { fromMs: series.openTime[0], toMs: series.openTime[series.length - 1] + 3_600_000 };
  };
  const HOURS_2025 = { bars: 365 * 24, startTimeMs: Date.UTC(2025, 0, 1), intervalMs: 3_600_000 };
  const TREND_GRID = { fast: [4, 8, 12, 16, 24], slow: [40, 80, 120, 160, 240] };

  it('chooses in sample and tests once: the plateau is emitted only because its paired test passes, and an in-sample spike is tested and refused', async () => {
    const range = await seedShapedCandles(app.databaseUrl, { symbol: 'SYNTH-PLATEAUUSDT', interval: '1h', count: 6_000, ...cycles });
    const id = await sweep({
      ...marketInput(range, 'SYNTH-PLATEAUUSDT', '1h'),
      parameterRanges: GRID,
      baseParams: { fast: 8, slow: 80 }, // the current parameters
      minTrades: 10,
      validation: { holdoutFraction: 0.3 },
    });
    // The recommend job the sweep's completion queued has drawn its recommendations once the stream ends.
    await streamToEnd(app.graphqlUrl!, `subscription C($id: ID) { recommendationCreated(sweepId: $id) { id } }`, { id });
    // An overfit in-sample spike: one set whose in-sample result stands far above its neighbours. Its
    // row is the only thing made up here; its out-of-sample test and every trade are real. The drafts are
    // drawn again over it.
    const db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    try {
      await db.query(`DELETE FROM optimization_recommendation WHERE sweep_id = $1`, [id]);
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
    expect(spike.rejectionReason).toMatch(/^not significant: a paired bootstrap of the \d+ daily returns gives p = /);
    expect(emitted).toHaveLength(1);
    const plateau = emitted[0];
    // Every candidate was tested once and corrected together; the emitted one is the first in in-sample order that passed.
    const tested = drafted.filter((r) => r.validation.test !== null);
    expect(tested.length).toBeGreaterThanOrEqual(2);
    for (const r of tested) expect(r.validation.test.candidatesTested).toBe(tested.length);
    const t = plateau.validation.test;
    expect(t).toMatchObject({ statistic: 'MEAN_DAILY_RETURN', alpha: 0.05 });
    expect(t.adjustedPValue).toBeLessThan(t.alpha);
    expect(t.adjustedPValue).toBeGreaterThanOrEqual(t.pValue);
    expect(t.difference).toBeGreaterThan(0);
    expect(spike.validation.test.adjustedPValue).toBeGreaterThanOrEqual(0.05);
    // The sweep's overfitting statistics ride along, and the confidence is the predicted probability of a gain.
    const v = plateau.validation;
    expect(v.method).toBe('HOLDOUT');
    expect(v.overfitting.probabilityOfOverfitting).toBeGreaterThanOrEqual(0);
    expect(v.overfitting.probabilityOfOverfitting).toBeLessThanOrEqual(0.5);
    expect(v.perYear.length).toBeGreaterThanOrEqual(1);
    const c = plateau.confidence;
    expect(c.probability).toBeCloseTo(1 - t.pValue, 12);
    expect(c.evidence).toBeCloseTo(((c.deflatedSharpeRatio ?? 0.5) + 1 - (c.probabilityOfOverfitting ?? 0.5)) / 2, 12);
    expect(c.score).toBeCloseTo(0.5 + c.calibrationSlope * c.evidence * (c.probability - 0.5), 12);
    expect(plateau.confidenceScore).toBeGreaterThan(0.5);
    expect(plateau.confidenceScore).toBeGreaterThan(spike.confidenceScore);
    expect(plateau.rawExpectedRoiImprovement).toBeCloseTo(v.recommended.roi - v.current.roi, 9);
    expect(plateau.evidence.some((e: any) => e.phase === 'OUT_OF_SAMPLE')).toBe(true);
    expect(plateau.rationale).toMatch(/out of sample \(\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, never seen by the search\)/);
    expect(plateau.rationale).toMatch(/Tested once: /);
    // The recommended values really did better on the validation range (a plain backtest of each).
    const validation = { startDate: new Date(v.fromMs).toISOString(), endDate: new Date(v.toMs).toISOString() };
    const recommendedRoi = await backtestRoi({ ...marketInput(range, 'SYNTH-PLATEAUUSDT', '1h'), ...validation, strategyParams: { ...plateau.baseParams, ...plateau.recommended.params } });
    const currentRoi = await backtestRoi({ ...marketInput(range, 'SYNTH-PLATEAUUSDT', '1h'), ...validation, strategyParams: plateau.baseParams });
    expect(recommendedRoi).toBeCloseTo(v.recommended.roi, 9);
    expect(currentRoi).toBeCloseTo(v.current.roi, 9);
  });

  it('refuses without an edge and recommends with one: generated markets through sweeps with the default validation', async () => {
    const emittedOn = async (series: CandleSeries) => {
      const range = await storeMarket(series);
      const id = await sweep({ ...marketInput(range, series.symbol, '1h'), parameterRanges: TREND_GRID });
      await recommendFromSweep(app.services, id);
      return (await recommendationsOf({ sweepId: id, type: ['PARAMETERS'], status: ['PENDING'] })) as any[];
    };
    const noEdge = [];
    for (const seed of [1, 2, 3]) noEdge.push(...(await emittedOn(generateNoEdgeMarket({ ...HOURS_2025, seed, symbol: `SYNTH-NOEDGE${seed}USDT` }))));
    expect(noEdge).toEqual([]);
    const planted = [];
    for (const seed of [1001, 1002]) planted.push(...(await emittedOn(generatePlantedTrendMarket({ ...HOURS_2025, seed, symbol: `SYNTH-EDGE${seed}USDT` }))));
    expect(planted.length).toBeGreaterThanOrEqual(1);
    for (const r of planted) {
      expect(r.validation.test.adjustedPValue).toBeLessThan(0.05);
      // The planted edge rewards slow crossovers: what is recommended is slower than 12/26.
      expect({ ...r.baseParams, ...r.recommended.params }.slow).toBeGreaterThan(26);
    }
  });

  it('applying makes the validated configuration the preset (never a merge with earlier values), measures it on newer data, and a track record that fell short moves the next confidence toward ½', async () => {
    // A year of the planted-edge market; the sweep sees the first nine months, so three newer months remain.
    const series = generatePlantedTrendMarket({ ...HOURS_2025, seed: 1003, symbol: 'SYNTH-APPLYUSDT' });
    const full = await storeMarket(series);
    const swept = { fromMs: full.fromMs, toMs: full.fromMs + 270 * 86_400_000 };
    const sweepInput = (symbol: string) => ({ ...marketInput(swept, symbol, '1h'), parameterRanges: TREND_GRID });
    const id = await sweep(sweepInput('SYNTH-APPLYUSDT'));
    await recommendFromSweep(app.services, id);
    const [rec] = (await recommendationsOf({ sweepId: id, type: ['PARAMETERS'], status: ['PENDING'] })) as any[];
    expect(rec).toBeDefined();

    // An earlier recommendation's value in the preset, never validated with this one.
    const db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    try {
      await db.query(`INSERT INTO strategy_preset (id, strategy, symbol, timeframe, params, settings, updated_at) VALUES (gen_random_uuid(), 'ema_cross', 'SYNTH-APPLYUSDT', '1h', '{"stopLossPct": 3}', '{}', now())`);
    } finally {
      await db.end();
    }
    const ws = wsClient(app.graphqlUrl!);
    const updates = collectSubscription(ws, `subscription U($id: ID) { recommendationUpdated(id: $id) { status realisedStatus realisedRoiImprovement } }`, { id: rec.id });
    expect((await gqlData(app.gql, DECIDE, { id: rec.id, status: 'ACCEPTED' })).decideRecommendation.status).toBe('ACCEPTED');
    const applied = (await gqlData(app.gql, DECIDE, { id: rec.id, status: 'APPLIED' })).decideRecommendation;
    expect(applied).toMatchObject({ status: 'APPLIED', realisedStatus: 'RUNNING' });
    await updates.until((events) => events.some((e) => e.recommendationUpdated.realisedStatus === 'MEASURED'));
    await ws.dispose();

    const { recommendation } = await gqlData(
      app.gql,
      `query Q($id: ID!) { recommendation(id: $id) { presetNote realisedStatus realisedFrom realisedTo realisedRoiImprovement realisedSharpeImprovement validationRuns { status strategyParams ${PARAM_FIELDS} metrics { roi sharpeRatio } } } }`,
      { id: rec.id },
    );
    expect(recommendation.presetNote).toMatch(/^The preset held stopLossPct 3 from an earlier recommendation; those were never validated together with this one/);
    // The validation runs cover the data after the evidence, and realised = recommended − current there.
    expect(recommendation.validationRuns).toHaveLength(2);
    const [recommendedRun, currentRun] = recommendation.validationRuns;
    expect([recommendedRun.status, currentRun.status]).toEqual(['COMPLETED', 'COMPLETED']);
    expect(Date.parse(recommendation.realisedFrom)).toBe(swept.toMs);
    expect(Date.parse(recommendation.realisedTo)).toBe(full.toMs);
    expect(recommendation.realisedRoiImprovement).toBeCloseTo(recommendedRun.metrics.roi - currentRun.metrics.roi, 9);
    expect(recommendation.realisedSharpeImprovement).toBeCloseTo(recommendedRun.metrics.sharpeRatio - currentRun.metrics.sharpeRatio, 9);
    expect(record(recommendedRun.strategyParams)).toMatchObject(rec.recommended.params);

    // The preset is the configuration it was validated with: no stopLossPct 3 merged in.
    const { presets } = await gqlData(app.gql, `query { presets(strategy: "ema_cross") { symbol timeframe params ${PARAM_FIELDS} settings ${SETTING_FIELDS} recommendationId } }`);
    const found = presets.find((p: any) => p.symbol === 'SYNTH-APPLYUSDT');
    const preset = { ...found, params: record(found.params), settings: record(found.settings) };
    expect(preset).toMatchObject({ timeframe: '1h', recommendationId: rec.id, params: { ...rec.baseParams, ...rec.recommended.params } });
    expect(preset.params.stopLossPct).toBe(rec.baseParams.stopLossPct);
    const { runBacktest } = await gqlData(app.gql, RUN, { input: { ...marketInput(swept, 'SYNTH-APPLYUSDT', '1h'), positionSize: undefined } });
    expect(record(runBacktest.strategyParams)).toMatchObject(rec.recommended.params);

    // Three applied PARAMETERS recommendations, confident, that lost on newer data…
    const db2 = new pg.Client({ connectionString: app.databaseUrl });
    await db2.connect();
    try {
      for (let k = 0; k < 3; k++) {
        await db2.query(
          `INSERT INTO optimization_recommendation (id, type, status, dedupe_key, strategy, symbols, timeframe, base_params, base_settings, current_values, recommended_values,
             raw_expected_roi_improvement, expected_roi_improvement, confidence_score, confidence_breakdown, rationale, realised_status, realised_roi_improvement, realised_at, applied_at)
           VALUES (gen_random_uuid(), 'PARAMETERS', 'APPLIED', $1, 'ema_cross', '{SYNTH-X}', '1h', '{}', '{}', '{}', '{}', 5, 5, 0.9, '{}', 'track record', 'MEASURED', -2, now(), now())`,
          [`track-record-${k}`],
        );
      }
    } finally {
      await db2.end();
    }
    const { recommendationCalibration: calibration } = await gqlData(
      app.gql,
      `query { recommendationCalibration(type: PARAMETERS) { measured hits scale slope brierScore reliability { count meanPredicted hitRate } } }`,
    );
    expect(calibration.measured).toBe(4);
    expect(calibration.scale).toBeLessThan(1);
    expect(calibration.slope).toBeLessThan(1);
    expect(calibration.brierScore).toBeGreaterThan(0.25 * 0.9);
    expect(calibration.reliability.find((b: any) => b.count >= 3 && b.meanPredicted >= 0.8)).toBeDefined();
    // …then the same evidence on an identical market gives the same raw expectation, scaled down, its confidence nearer ½.
    await storeMarket(generatePlantedTrendMarket({ ...HOURS_2025, seed: 1003, symbol: 'SYNTH-APPLY2USDT' }));
    const second = await sweep(sweepInput('SYNTH-APPLY2USDT'));
    await recommendFromSweep(app.services, second);
    const [again] = (await recommendationsOf({ sweepId: second, type: ['PARAMETERS'], status: ['PENDING'] })) as any[];
    expect(again.recommended).toEqual(rec.recommended);
    expect(again.rawExpectedRoiImprovement).toBeCloseTo(rec.rawExpectedRoiImprovement, 9);
    expect(again.expectedRoiImprovement).toBeCloseTo(rec.rawExpectedRoiImprovement * calibration.scale, 9);
    expect(again.confidence.calibrationSlope).toBeCloseTo(calibration.slope, 12);
    expect(Math.abs(again.confidenceScore - 0.5)).toBeLessThan(Math.abs(rec.confidenceScore - 0.5));
    expect(again.rationale).toMatch(/Expectations scaled by/);
    const { recommendationStats } = await gqlData(app.gql, `query { recommendationStats { type total applied calibration { measured } } }`);
    expect(recommendationStats.find((s: any) => s.type === 'PARAMETERS')).toMatchObject({ calibration: { measured: 4 } });
  });

  it('compares symbols and timeframes over the same dates, each with its own validated parameters, and recommends the better one only on a passing test', async () => {
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
    for (const r of [symbolRec, timeframeRec]) {
      expect(r.validation.method).toBe('ACROSS_SWEEPS');
      expect(r.validation.test.adjustedPValue).toBeLessThan(r.validation.test.alpha);
      expect(r.validation.perYear.length).toBeGreaterThanOrEqual(1);
      // Chosen in sample: the recommended market has the best in-sample Sharpe over the same dates.
      const [first] = [...r.validation.markets].sort((a: any, b: any) => b.inSample.sharpeRatio - a.inSample.sharpeRatio);
      expect(first.market).toBe(r.type === 'SYMBOL' ? 'SYNTH-GOODUSDT' : '4h');
    }
    expect(symbolRec.rationale).toMatch(/^Over the same dates \(in sample \d{4}-\d{2}-\d{2} to /);
    expect(symbolRec.rationale).toMatch(/It made money out of sample on SYNTH-GOODUSDT/);
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
