import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCandles } from '../../market-data/candle-store.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { marketInput, seedGeneratedFunding, seedSyntheticCandles } from '../helpers/candles.ts';
import { gqlData, streamToEnd } from '../../harness/graphql-client.ts';
import { PARAM_FIELDS, plain, record, VALUE_FIELDS } from '../../harness/typed-values.ts';

const METRIC_FIELDS = 'totalTrades winningTrades losingTrades winRate totalProfitLoss roi finalEquity cagr maxDrawdown maxDrawdownPercentage maxDrawdownDurationMs avgTradeDurationMs maxTradeDurationMs profitFactor expectancy bestTrade worstTrade avgWin avgLoss exposurePct feesPaid buyAndHoldReturn sharpeRatio sortinoRatio calmarRatio sqn';
const OPTIMIZE = `mutation O($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id status totalCombinations skippedByConstraint totalEvaluations } }`;
const PROGRESS = `subscription P($id: ID!) { optimizationProgress(id: $id) { status progress completedEvaluations totalEvaluations evaluationsPerSecond etaSeconds stage bestScore bestParams ${PARAM_FIELDS} message } }`;
const ROWS = `query S($id: ID!, $window: Int, $phase: RowPhase, $orderBy: OptimizationOrder, $objective: ObjectiveInput) {
  optimizationSweep(id: $id) {
    status attempts completedEvaluations minTrades
    best { id params ${PARAM_FIELDS} score }
    results(first: 500, window: $window, phase: $phase, orderBy: $orderBy, objective: $objective) {
      totalCount edges { node { id params ${PARAM_FIELDS} score window phase fromDate toDate evaluatedBy metrics { ${METRIC_FIELDS} } } }
    }
  }
}`;
const OPEN = `mutation Open($id: ID!) { openOptimizationRow(id: $id) { id } }`;
const RUN_METRICS = `query M($id: ID!) { backtest(id: $id) { status startDate endDate strategyParams ${PARAM_FIELDS} metrics { ${METRIC_FIELDS} } } }`;

/** Sweeps through the API as a user drives them: issue 9's acceptance lines 1, 2, 4 and 5 (3 is sweep-workers.test.ts). */
describe('parameter sweeps', () => {
  let app: TestApp;
  let hourly: { fromMs: number; toMs: number };
  const market = () => marketInput(hourly, 'SYNTH-ADAUSDT', '1h');

  beforeAll(async () => {
    // As many threads as an 8-core machine: the cancel test then has 9 chunks blocked at once, which
    // took every connection of a pool sized for 2 cores (CI hung there).
    app = await startTestApp({ env: { EVALUATION_THREADS: '8' } });
    hourly = await seedSyntheticCandles(app.databaseUrl, { symbol: 'SYNTH-ADAUSDT', interval: '1h', count: 5_000, seed: 21 });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const sweepOf = async (input: Record<string, unknown>) => {
    const { optimizeStrategy } = await gqlData(app.gql, OPTIMIZE, { input });
    const events = (await streamToEnd(app.graphqlUrl!, PROGRESS, { id: optimizeStrategy.id })).map((e) => e.optimizationProgress);
    return { created: optimizeStrategy, events, id: optimizeStrategy.id as string };
  };
  const rowsOf = async (id: string, variables: Record<string, unknown> = {}) => {
    const { optimizationSweep } = await gqlData(app.gql, ROWS, { id, ...variables });
    return { sweep: optimizationSweep, rows: optimizationSweep.results.edges.map((e: any) => ({ ...e.node, params: record(e.node.params) })) };
  };
  /** Opens a row as a full backtest and returns the run's metrics once it completes. */
  const openRow = async (rowId: string) => {
    const { openOptimizationRow } = await gqlData(app.gql, OPEN, { id: rowId });
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, { id: openOptimizationRow.id });
    const { backtest } = await gqlData(app.gql, RUN_METRICS, { id: openOptimizationRow.id });
    return { ...backtest, strategyParams: record(backtest.strategyParams) };
  };

  it('runs every valid combination once, streams progress with rate and ETA, ranks by the objective, and a row opened as a backtest reproduces its metrics exactly', async () => {
    const { created, events, id } = await sweepOf({
      ...market(),
      parameterRanges: { fast: [5, 10, 30], slow: { min: 20, max: 40, step: 10 } },
      baseParams: { stopLossPct: 3, riskReward: 2 },
      minTrades: 0,
      validation: {},
    });
    // fast 30 with slow 20 and 30 breaks fast < slow; the current parameters (12/26) are measured too.
    expect(created).toMatchObject({ status: 'PENDING', totalCombinations: 7, skippedByConstraint: 2, totalEvaluations: 8 });
    expect(events.at(-1)).toMatchObject({ status: 'COMPLETED', progress: 1, completedEvaluations: 8, totalEvaluations: 8 });
    expect(events.some((e) => e.status === 'RUNNING' && e.evaluationsPerSecond !== null && e.stage === 'search')).toBe(true);

    const { sweep, rows } = await rowsOf(id);
    expect(sweep.results.totalCount).toBe(8);
    expect(new Set(rows.map((r: any) => `${r.params.fast}/${r.params.slow}`)).size).toBe(8);
    const scores = rows.map((r: any) => r.score ?? -Infinity);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    expect(sweep.best.id).toBe(rows[0].id);
    expect(events.at(-1).bestScore).toBeCloseTo(rows[0].score, 12);

    const run = await openRow(rows[0].id);
    expect(run.status).toBe('COMPLETED');
    expect(run.strategyParams).toEqual(rows[0].params);
    expect(run.metrics).toEqual(rows[0].metrics);
    // Opening the same row again gives the same run.
    expect((await gqlData(app.gql, OPEN, { id: rows[0].id })).openOptimizationRow.id).toBe((await gqlData(app.gql, OPEN, { id: rows[0].id })).openOptimizationRow.id);
  });

  it('sweepPlan counts what optimizeStrategy would run, by the same grid and constraints, and stores nothing', async () => {
    const PLAN = 'query P($input: OptimizeStrategyInput!) { sweepPlan(input: $input) { combinations skippedByConstraint toRun plannedEvaluations limit overLimit } }';
    const input = { ...market(), parameterRanges: { fast: [5, 10, 30], slow: { min: 20, max: 40, step: 10 } }, baseParams: { stopLossPct: 3, riskReward: 2 }, minTrades: 0, validation: {} };
    const before = (await gqlData(app.gql, 'query { optimizationSweeps(first: 1) { totalCount } }')).optimizationSweeps.totalCount;
    const { sweepPlan } = await gqlData(app.gql, PLAN, { input });
    // fast 30 with slow 20 and 30 breaks fast < slow: the constraint the strategy states, checked by the server.
    expect(sweepPlan).toEqual({ combinations: 9, skippedByConstraint: 2, toRun: 7, plannedEvaluations: 8, limit: 2000, overLimit: null });
    expect((await gqlData(app.gql, 'query { optimizationSweeps(first: 1) { totalCount } }')).optimizationSweeps.totalCount).toBe(before);
    const over = (await gqlData(app.gql, PLAN, { input: { ...input, maxCombinations: 5 } })).sweepPlan;
    expect(over).toMatchObject({ combinations: 9, skippedByConstraint: null, limit: 5 });
    expect(over.overLimit).toMatch(/9/);
    const bad = await app.gql(PLAN, { input: { ...input, parameterRanges: { nosuch: [1, 2] } } });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('acceptance 1: on a synthetic year of 5m, COMPOSITE ranks first a row that made money with at least minTrades trades whenever one exists', async () => {
    const year = await seedSyntheticCandles(app.databaseUrl, { symbol: 'SYNTH-YEARUSDT', interval: '5m', count: 105_120, seed: 4 });
    const { id } = await sweepOf({
      ...marketInput(year, 'SYNTH-YEARUSDT', '5m'),
      parameterRanges: { fast: [3, 5, 8, 13, 21, 34], slow: [40, 80, 160, 240] },
      baseParams: { stopLossPct: 2, riskReward: 2 },
      validation: {},
    });
    const { sweep, rows } = await rowsOf(id);
    expect(sweep.minTrades).toBe(30);
    const good = rows.filter((r: any) => r.metrics.roi > 0 && r.metrics.totalTrades >= 30);
    expect(rows.length).toBeGreaterThan(20);
    if (good.length > 0) {
      expect(rows[0].metrics.roi).toBeGreaterThan(0);
      expect(rows[0].metrics.totalTrades).toBeGreaterThanOrEqual(30);
      expect(sweep.best.id).toBe(rows[0].id);
    }
    // Rows under minTrades are stored and listed, never above one with enough trades.
    const firstThin = rows.findIndex((r: any) => r.metrics.totalTrades < 30);
    if (firstThin >= 0) expect(rows.slice(firstThin).every((r: any) => r.metrics.totalTrades < 30)).toBe(true);
  });

  it('re-ranks a finished sweep by another objective, sorts by any metric, and maps any two parameters as a heatmap without re-running', async () => {
    const { id } = await sweepOf({ ...market(), parameterRanges: { fast: [4, 8, 12, 16], slow: [30, 50, 80] }, minTrades: 0, validation: {} });
    const before = await rowsOf(id);
    const byRoi = (await rowsOf(id, { orderBy: { metric: 'ROI', direction: 'DESC' } })).rows.map((r: any) => r.metrics.roi);
    expect(byRoi).toEqual([...byRoi].sort((a: number, b: number) => b - a));
    const bySharpe = await rowsOf(id, { objective: { name: 'SHARPE' } });
    const sharpes = bySharpe.rows.map((r: any) => r.metrics.sharpeRatio ?? -Infinity);
    expect(sharpes).toEqual([...sharpes].sort((a: number, b: number) => b - a));
    expect(bySharpe.rows.map((r: any) => r.score)).toEqual(bySharpe.rows.map((r: any) => r.metrics.sharpeRatio));
    // Nothing was re-run: the same rows, the sweep's own scores untouched.
    expect((await rowsOf(id)).rows.map((r: any) => [r.id, r.score])).toEqual(before.rows.map((r: any) => [r.id, r.score]));

    const { optimizationSweep } = await gqlData(
      app.gql,
      `query H($id: ID!) { optimizationSweep(id: $id) {
        heatmap(paramX: "fast", paramY: "slow", metric: ROI, aggregate: MAX) { xValues ${VALUE_FIELDS} yValues ${VALUE_FIELDS} cells { x ${VALUE_FIELDS} y ${VALUE_FIELDS} value count } }
        sensitivity(param: "fast") { value ${VALUE_FIELDS} count mean min max std }
      } }`,
      { id },
    );
    // One cell per combination of the two parameters (here every other parameter is fixed: one row each).
    expect(optimizationSweep.heatmap.xValues.map(plain)).toEqual([4, 8, 12, 16]);
    expect(optimizationSweep.heatmap.yValues.map(plain)).toEqual([26, 30, 50, 80]); // 26: the current parameters' row
    const cells = optimizationSweep.heatmap.cells.filter((c: any) => c.count > 0);
    expect(cells).toHaveLength(13);
    for (const cell of cells) {
      const row = before.rows.find((r: any) => r.params.fast === plain(cell.x) && r.params.slow === plain(cell.y));
      expect(cell.value).toBe(row.metrics.roi);
    }
    expect(optimizationSweep.sensitivity.map((p: any) => plain(p.value))).toEqual([4, 8, 12, 16]);
    const bad = await app.gql(`query H($id: ID!) { optimizationSweep(id: $id) { heatmap(paramX: "fast", paramY: "fast") { xValues ${VALUE_FIELDS} } } }`, { id });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('draws the same rows from a random search with the same seed, and others with another seed', async () => {
    const input = { ...market(), parameterRanges: { fast: { min: 3, max: 30, step: 1 }, slow: { min: 31, max: 120, step: 1 } }, minTrades: 0, validation: {} };
    const keys = async (seed: number) => {
      const { id } = await sweepOf({ ...input, search: { method: 'RANDOM', budget: 12, seed } });
      return (await rowsOf(id)).rows.map((r: any) => `${r.params.fast}/${r.params.slow}`).sort();
    };
    const first = await keys(7);
    expect(first).toHaveLength(13); // 12 drawn + the current parameters
    expect(await keys(7)).toEqual(first);
    expect(await keys(8)).not.toEqual(first);
  });

  it('holds out the last part of the range and reports the best rows, the most robust one and the current parameters on it', async () => {
    const { id } = await sweepOf({ ...market(), parameterRanges: { fast: [4, 8, 12, 16, 20], slow: [30, 50, 80] }, minTrades: 5, validation: { holdoutFraction: 0.3 } });
    const { optimizationSweep } = await gqlData(
      app.gql,
      `query H($id: ID!) { optimizationSweep(id: $id) {
        startDate endDate
        holdout { params ${PARAM_FIELDS} inSampleRank isCurrent isPlateauChoice inSample { fromDate toDate metrics { roi } } outOfSample { fromDate toDate phase metrics { roi totalTrades } } }
        robustness { neighbours plateauRatio onEdge edges { name atMin atMax } }
      } }`,
      { id },
    );
    const holdout = optimizationSweep.holdout;
    expect(holdout.length).toBeGreaterThanOrEqual(2);
    expect(holdout.some((r: any) => r.isCurrent)).toBe(true);
    expect(holdout.some((r: any) => r.isPlateauChoice)).toBe(true);
    const split = Date.parse(holdout[0].outOfSample.fromDate);
    for (const row of holdout) {
      expect(row.outOfSample.phase).toBe('OUT_OF_SAMPLE');
      expect(Date.parse(row.outOfSample.fromDate)).toBe(split);
      expect(row.outOfSample.toDate).toBe(optimizationSweep.endDate);
      if (row.inSample) expect(row.inSample.toDate).toBe(row.outOfSample.fromDate);
    }
    // 30 % of the 5,000 bars are held out.
    expect((Date.parse(optimizationSweep.endDate) - split) / 3_600_000).toBe(1_500);
    expect(optimizationSweep.robustness.edges.map((e: any) => e.name).sort()).toEqual(['fast', 'slow']);
  });

  it('acceptance 2: the 64-combination confluence grid completes and its best row, opened as a backtest, reproduces its metrics exactly', async () => {
    const { created, events, id } = await sweepOf({
      ...market(),
      strategy: 'confluence',
      parameterRanges: { rsiPeriod: [14, 20, 25, 30], emaFast: [5, 10, 15, 20], emaSlow: [20, 30, 50, 100] },
      minTrades: 0,
      validation: {},
    });
    // emaFast 20 with emaSlow 20 breaks emaFast < emaSlow: 4 of 64 skipped.
    expect(created).toMatchObject({ totalCombinations: 60, skippedByConstraint: 4 });
    expect(events.at(-1).status).toBe('COMPLETED');
    const { sweep } = await rowsOf(id);
    const best = (await rowsOf(id)).rows.find((r: any) => r.id === sweep.best.id);
    const run = await openRow(best.id);
    expect(run.metrics).toEqual(best.metrics);
  });

  it('walk-forward: per-window choices tested on the following data, efficiency, stability and the stitched out-of-sample account, on a market whose regime changes', async () => {
    // First half trends up, second half trends down: what worked in sample stops working.
    const pool = new pg.Pool({ connectionString: app.databaseUrl, max: 2 });
    const n = 2_400;
    const start = Date.UTC(2024, 0, 1);
    const openTime = Float64Array.from({ length: n }, (_, i) => start + i * 3_600_000);
    const close = Float64Array.from({ length: n }, (_, i) => {
      const trend = i < n / 2 ? 0.0015 * i : 0.0015 * (n / 2) - 0.0015 * (i - n / 2);
      return 100 * Math.exp(trend + 0.01 * Math.sin(i / 5));
    });
    const open = Float64Array.from(close, (c, i) => (i === 0 ? c : close[i - 1]));
    const high = Float64Array.from(close, (c, i) => Math.max(c, open[i]) * 1.002);
    const low = Float64Array.from(close, (c, i) => Math.min(c, open[i]) * 0.998);
    await insertCandles(pool, 'SYNTH-REGIMEUSDT', '1h', { openTime, open, high, low, close, volume: new Float64Array(n).fill(10) });
    await pool.end();
    const range = { fromMs: start, toMs: start + n * 3_600_000 };
    const { events, id } = await sweepOf({
      ...marketInput(range, 'SYNTH-REGIMEUSDT', '1h'),
      parameterRanges: { fast: [3, 5, 8, 12], slow: [20, 40, 60] },
      minTrades: 0,
      validation: { walkForward: { windows: 4, mode: 'ROLLING', inSampleFraction: 0.75 } },
    });
    expect(events.at(-1).status).toBe('COMPLETED');
    expect(events.some((e) => /walk-forward window 4 of 4/.test(e.stage ?? ''))).toBe(true);
    const { optimizationSweep } = await gqlData(
      app.gql,
      `query W($id: ID!) { optimizationSweep(id: $id) { best { window params ${PARAM_FIELDS} } walkForward {
        windows { window inSample { params ${PARAM_FIELDS} fromDate toDate metrics { roi } } outOfSample { params ${PARAM_FIELDS} fromDate toDate metrics { roi totalTrades } } baselineOutOfSample { params ${PARAM_FIELDS} } }
        efficiency { overall perWindow reason }
        stabilityOverall stability { name values ${VALUE_FIELDS} stability }
        stitched { metrics { roi totalTrades finalEquity } curve { timestamp equity } }
        baselineStitched { metrics { roi } }
      } } }`,
      { id },
    );
    const wf = optimizationSweep.walkForward;
    expect(wf.windows.map((w: any) => w.window)).toEqual([1, 2, 3, 4]);
    // The sweep's best is the last window's choice: the set to trade now.
    expect({ ...optimizationSweep.best, params: record(optimizationSweep.best.params) }).toEqual({ window: 4, params: record(wf.windows[3].inSample.params) });
    // Each window's out-of-sample part follows its in-sample part and tests the set the window chose; the last ends with the data.
    for (const w of wf.windows) {
      expect(record(w.outOfSample.params)).toEqual(record(w.inSample.params));
      expect(w.outOfSample.fromDate).toBe(w.inSample.toDate);
      expect(record(w.baselineOutOfSample.params)).toMatchObject({ fast: 12, slow: 26 });
    }
    expect(Date.parse(wf.windows.at(-1).outOfSample.toDate)).toBe(range.toMs);
    for (let k = 1; k < 4; k++) expect(wf.windows[k].outOfSample.fromDate).toBe(wf.windows[k - 1].outOfSample.toDate);
    // inSampleFraction 0.75 makes in sample 3 × out of sample: oos = ⌊2,400 / (4 + 3)⌋ = 342 bars.
    expect((Date.parse(wf.windows[0].outOfSample.toDate) - Date.parse(wf.windows[0].outOfSample.fromDate)) / 3_600_000).toBe(342);
    expect(wf.stability.map((s: any) => s.name).sort()).toEqual(['fast', 'slow']);
    expect(wf.stability[0].values).toHaveLength(4);
    // The stitched account holds every window's out-of-sample trades, its P/L the sum of theirs.
    const tradeSum = wf.windows.reduce((sum: number, w: any) => sum + w.outOfSample.metrics.totalTrades, 0);
    expect(wf.stitched.metrics.totalTrades).toBe(tradeSum);
    const roiSum = wf.windows.reduce((sum: number, w: any) => sum + w.outOfSample.metrics.roi, 0);
    expect(wf.stitched.metrics.roi).toBeCloseTo(roiSum, 6);
    expect(wf.stitched.curve.length).toBeGreaterThan(10);
    expect(wf.efficiency.perWindow).toHaveLength(4);
    expect(wf.efficiency.overall === null ? wf.efficiency.reason : wf.efficiency.overall).not.toBeNull();
  });

  it('a FUTURES sweep settles funding in every evaluation: its chunks, its walk-forward account and a row opened as a backtest agree', async () => {
    await seedGeneratedFunding(app.databaseUrl, 'SYNTH-ADAUSDT', hourly, 9);
    const { events, id } = await sweepOf({
      ...market(),
      parameterRanges: { fast: [5, 10], slow: [30, 50] },
      baseParams: { stopLossPct: 3, riskReward: 2 },
      marketType: 'FUTURES',
      leverage: 3,
      minTrades: 0,
      validation: { walkForward: { windows: 2, mode: 'ROLLING', inSampleFraction: 0.75 } },
    });
    expect(events.at(-1)).toMatchObject({ status: 'COMPLETED' });
    const { optimizationSweep } = await gqlData(
      app.gql,
      `query W($id: ID!) { optimizationSweep(id: $id) { walkForward { windows { outOfSample { id metrics { roi totalTrades } } } stitched { metrics { roi totalTrades } } } } }`,
      { id },
    );
    const wf = optimizationSweep.walkForward;
    // The stitched account (full runs in the coordinator) is the sum of the out-of-sample rows (lean runs in the chunks).
    expect(wf.stitched.metrics.totalTrades).toBe(wf.windows.reduce((sum: number, w: any) => sum + w.outOfSample.metrics.totalTrades, 0));
    expect(wf.stitched.metrics.roi).toBeCloseTo(wf.windows.reduce((sum: number, w: any) => sum + w.outOfSample.metrics.roi, 0), 6);
    // A row opened as a backtest (the backtest job loads the funding itself) reproduces the chunk's metrics, and it paid or received funding.
    const { rows } = await rowsOf(id, { window: 2, phase: 'OUT_OF_SAMPLE' });
    const row = rows.find((r: any) => r.metrics.totalTrades > 0) ?? rows[0];
    const { openOptimizationRow } = await gqlData(app.gql, OPEN, { id: row.id });
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, { id: openOptimizationRow.id });
    const { backtest } = await gqlData(app.gql, `query M($id: ID!) { backtest(id: $id) { metrics { ${METRIC_FIELDS} } execution { summary { fundingTotal } } } }`, { id: openOptimizationRow.id });
    expect(backtest.execution.summary.fundingTotal).not.toBe(0);
    expect(backtest.metrics).toEqual(row.metrics);
  });

  it('a cancelled sweep counts exactly the rows it holds: a chunk storing when the cancel comes is counted, none stores after', async () => {
    const pool = new pg.Pool({ connectionString: app.databaseUrl, max: 2 });
    const locker = await pool.connect();
    try {
      // Gives up with what every connection is doing, rather than holding the lock until the suite's timeout.
      const deadline = Date.now() + 40_000;
      const giveUpUnlessTime = async (waitingFor: string) => {
        if (Date.now() < deadline) return;
        const { rows } = await pool.query(`SELECT application_name, state, wait_event_type, wait_event, left(query, 80) AS query FROM pg_stat_activity WHERE datname = current_database()`);
        throw new Error(`Still waiting for ${waitingFor}; connections: ${JSON.stringify(rows, null, 1)}`);
      };
      /** Some connection waits for a lock in a statement containing `fragment`. */
      const untilWaiting = async (fragment: string) => {
        for (;;) {
          const { rows } = await pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND position(lower($1) in lower(query)) > 0`, [fragment]);
          if (rows[0].n > 0) return;
          await giveUpUnlessTime(fragment);
          // A short pause between looks at the server's state, not a wait standing in for an event.
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      };
      // Earlier tests' sweeps may still be recommending, which stores rows too: wait until no job is left, so
      // that the insert seen waiting below is a chunk of this sweep.
      for (;;) {
        const { rows } = await pool.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active')`);
        if (rows[0].n === 0) break;
        await giveUpUnlessTime('the earlier jobs to end');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      // Every chunk's insert waits on this lock, so the cancel comes while chunks are storing.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE strategy_optimization IN SHARE MODE');
      const { optimizeStrategy } = await gqlData(app.gql, OPTIMIZE, { input: { ...market(), parameterRanges: { fast: [3, 5, 8, 10, 12, 15, 20], slow: [25, 30, 40, 50, 60, 80] }, minTrades: 0, validation: {} } });
      const id = optimizeStrategy.id as string;
      await untilWaiting('insert into "strategy_optimization"');
      const cancelled = gqlData(app.gql, `mutation C($id: ID!) { cancelOptimization(id: $id) { id } }`, { id });
      await untilWaiting('from optimization_sweep where id = $1 for update');
      await locker.query('COMMIT');
      await cancelled;
      // Every chunk of the sweep has ended (done, or stopped by the cancel).
      for (;;) {
        const { rows } = await pool.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'optimize-chunk' AND data->>'sweepId' = $1 AND state IN ('created', 'retry', 'active')`, [id]);
        if (rows[0].n === 0) break;
        await giveUpUnlessTime('the chunks to end');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const { rows: stored } = await pool.query(`SELECT count(*)::int AS n FROM strategy_optimization WHERE sweep_id = $1`, [id]);
      const sweep = (await gqlData(app.gql, `query S($id: ID!) { optimizationSweep(id: $id) { status completedEvaluations } }`, { id })).optimizationSweep;
      expect(sweep.status).toBe('CANCELLED');
      expect(stored[0].n).toBeGreaterThan(0);
      expect(sweep.completedEvaluations).toBe(stored[0].n);
    } finally {
      await locker.query('ROLLBACK').catch(() => {});
      locker.release();
      await pool.end();
    }
  });

  it('takes partial targets, target weights and a calendar schedule as fixed settings: stored with the sweep, and a row opened as a backtest runs with them and reproduces its metrics', async () => {
    const targets = [{ levelR: 1, fraction: 0.5 }, { levelR: 2, fraction: 0.25 }];
    const weights = [{ symbol: 'SYNTH-ADAUSDT', weight: 0.4 }];
    const { events, id } = await sweepOf({
      ...market(),
      parameterRanges: { fast: [5, 10] },
      baseParams: { stopLossPct: 2, riskReward: 4 },
      scaleOutTargets: targets,
      breakEvenAfterFirstTarget: true,
      rebalanceSchedule: 'DAILY',
      rebalanceWeights: [{ symbol: 'synth-adausdt', weight: 0.4 }],
      minTrades: 0,
      validation: {},
    });
    expect(events.at(-1)).toMatchObject({ status: 'COMPLETED' });
    const SETTINGS = 'settings { scaleOutTargets { levelR fraction } breakEvenAfterFirstTarget rebalanceSchedule rebalanceWeights { symbol weight } }';
    const { optimizationSweep } = await gqlData(app.gql, `query S($id: ID!) { optimizationSweep(id: $id) { ${SETTINGS} } }`, { id });
    const expected = { scaleOutTargets: targets, breakEvenAfterFirstTarget: true, rebalanceSchedule: 'DAILY', rebalanceWeights: weights };
    expect(optimizationSweep.settings).toEqual(expected);
    const { rows } = await rowsOf(id);
    const { openOptimizationRow } = await gqlData(app.gql, OPEN, { id: rows[0].id });
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, { id: openOptimizationRow.id });
    const { backtest } = await gqlData(app.gql, `query M($id: ID!) { backtest(id: $id) { ${SETTINGS} metrics { ${METRIC_FIELDS} } fills { reason } } }`, { id: openOptimizationRow.id });
    expect(backtest.settings).toEqual(expected);
    expect(backtest.metrics).toEqual(rows[0].metrics);
    const reasons = new Set(backtest.fills.map((f: { reason: string }) => f.reason));
    expect([reasons.has('TAKE_PROFIT_1'), reasons.has('REBALANCE')]).toEqual([true, true]);
  });

  it('rejects bad requests with a code, storing and queuing nothing', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ parameterRanges: { nope: [1] } }, 'BAD_USER_INPUT', /unknown parameter "nope"/],
      [{ parameterRanges: { fast: [2.5] } }, 'BAD_USER_INPUT', /fast must be an integer/],
      [{ parameterRanges: { slow: { min: 50, max: 10, step: 1 } } }, 'BAD_USER_INPUT', /max must be >= min/],
      [{ parameterRanges: { slow: { min: 10, max: 50, step: 0 } } }, 'BAD_USER_INPUT', /step must be > 0/],
      [{ parameterRanges: { fast: [] } }, 'BAD_USER_INPUT', /no values/],
      [{ parameterRanges: { fast: { min: 2, max: 200, step: 1 }, slow: { min: 201, max: 400, step: 1 } }, maxCombinations: 100 }, 'LIMIT_EXCEEDED', /more than .*100/],
      [{ parameterRanges: { fast: [40], slow: [20] } }, 'BAD_USER_INPUT', /every combination breaks a constraint/],
      [{ parameterRanges: '[1,2]' }, 'BAD_USER_INPUT', /parameterRanges must be a JSON object/],
      [{ parameterRanges: { fast: [5] }, search: { method: 'RANDOM' } }, 'BAD_USER_INPUT', /needs a budget/],
      [{ parameterRanges: { fast: [5] }, search: { method: 'GRID', budget: 5 } }, 'BAD_USER_INPUT', /budget applies to RANDOM and ADAPTIVE/],
      [{ parameterRanges: { fast: [5] }, validation: { holdoutFraction: 0.9 } }, 'BAD_USER_INPUT', /holdoutFraction must be in \[0.05, 0.5\]/],
      [{ parameterRanges: { fast: [5] }, validation: { holdoutFraction: 0.2, walkForward: { windows: 3 } } }, 'BAD_USER_INPUT', /not both/],
      [{ parameterRanges: { fast: [5] }, validation: { walkForward: { windows: 50 } } }, 'LIMIT_EXCEEDED', /windows must be an integer in \[2, 20\]/],
      [{ parameterRanges: { fast: [5] }, objective: { name: 'CUSTOM' } }, 'BAD_USER_INPUT', /needs at least one metric weight/],
      [{ parameterRanges: { fast: [5] }, objective: { name: 'ROI', weights: [{ metric: 'ROI', weight: 1 }] } }, 'BAD_USER_INPUT', /CUSTOM objective only/],
      [{ parameterRanges: { fast: [5] }, minTrades: -1 }, 'BAD_USER_INPUT', /minTrades must be an integer/],
      [{ parameterRanges: { fast: [5] }, scaleOutTargets: [{ levelR: 1, fraction: 0.8 }, { levelR: 2, fraction: 0.8 }] }, 'BAD_USER_INPUT', /the fractions sum to 1\.6, above 1/],
      [{ parameterRanges: { fast: [5] }, rebalanceSchedule: 'WEEKLY', rebalanceWeights: [{ symbol: 'SYNTH-BTCUSDT', weight: 0.5 }] }, 'BAD_USER_INPUT', /rebalanceWeights\[0\]\.symbol SYNTH-BTCUSDT is not among the run's symbols/],
    ];
    for (const [override, code, message] of cases) {
      const result = await app.gql(OPTIMIZE, { input: { ...market(), ...override } });
      expect(result.errors?.[0].extensions?.code, JSON.stringify(override)).toBe(code);
      expect(result.errors?.[0].message, JSON.stringify(override)).toMatch(message);
    }
    const unknown = await app.gql(OPTIMIZE, { input: { ...market(), strategy: 'nope', parameterRanges: { fast: [5] } } });
    expect(unknown.errors?.[0].extensions?.code).toBe('UNKNOWN_STRATEGY');
    const db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    try {
      const sweeps = (await db.query(`SELECT count(*)::int AS n FROM optimization_sweep`)).rows[0].n;
      const jobs = (await db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'optimize'`)).rows[0].n;
      expect(jobs).toBe(sweeps);
    } finally {
      await db.end();
    }
  });
});
