import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { seedSyntheticCandles } from '../helpers/candles.ts';
import { gqlData, streamToEnd } from '../../harness/graphql-client.ts';

const RUN = `mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id status } }`;
const PROGRESS = `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`;

/** Listing, summary, cancel and delete through the API, over runs a real worker completed. */
describe('backtest queries and lifecycle mutations', () => {
  let app: TestApp;
  let range: { fromMs: number; toMs: number };
  const completed: Array<{ id: string; roi: number; winRate: number | null; sharpeRatio: number | null }> = [];

  const input = (name: string, strategy: string, params: Record<string, unknown> = {}) => ({
    name,
    symbols: ['SYNTH-SOLUSDT'],
    timeframe: '1h',
    startDate: new Date(range.fromMs).toISOString(),
    endDate: new Date(range.toMs).toISOString(),
    strategy,
    strategyParams: params,
    initialCapital: 10_000,
    positionSize: 2_000,
  });

  async function runToEnd(name: string, strategy: string, params: Record<string, unknown> = {}) {
    const { runBacktest } = await gqlData(app.gql, RUN, { input: input(name, strategy, params) });
    await streamToEnd(app.graphqlUrl!, PROGRESS, { id: runBacktest.id });
    return runBacktest.id as string;
  }

  beforeAll(async () => {
    app = await startTestApp();
    range = await seedSyntheticCandles(app.databaseUrl, { symbol: 'SYNTH-SOLUSDT', interval: '1h', count: 6_000, seed: 5 });
    for (const [name, strategy, params] of [
      ['alpha ema', 'ema_cross', {}],
      ['beta sma', 'sma_cross', {}],
      ['gamma rsi', 'rsi_reversion', {}],
    ] as const) {
      const id = await runToEnd(name, strategy, params);
      const { backtest } = await gqlData(app.gql, `query Q($id: ID!) { backtest(id: $id) { status metrics { roi winRate sharpeRatio } } }`, { id });
      expect(backtest.status).toBe('COMPLETED');
      completed.push({ id, ...backtest.metrics });
    }
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('lists runs as a connection with filters, ordering, cursors and a total count', async () => {
    const byRoi = await gqlData(app.gql, `{ backtests(first: 2, orderBy: { field: ROI, direction: DESC }) { totalCount pageInfo { hasNextPage endCursor } edges { node { id roi: metrics { roi } } } } }`);
    const sorted = [...completed].sort((a, b) => b.roi - a.roi);
    expect(byRoi.backtests.totalCount).toBe(3);
    expect(byRoi.backtests.edges.map((e: any) => e.node.id)).toEqual(sorted.slice(0, 2).map((r) => r.id));
    expect(byRoi.backtests.pageInfo.hasNextPage).toBe(true);
    const next = await gqlData(app.gql, `query N($after: String) { backtests(first: 2, after: $after, orderBy: { field: ROI, direction: DESC }) { edges { node { id } } pageInfo { hasNextPage } } }`, {
      after: byRoi.backtests.pageInfo.endCursor,
    });
    expect(next.backtests.edges.map((e: any) => e.node.id)).toEqual([sorted[2].id]);
    expect(next.backtests.pageInfo.hasNextPage).toBe(false);

    const filtered = await gqlData(app.gql, `{ backtests(filter: { strategy: "sma_cross", status: [COMPLETED] }) { totalCount edges { node { name } } } }`);
    expect(filtered.backtests).toEqual({ totalCount: 1, edges: [{ node: { name: 'beta sma' } }] });
    const byName = await gqlData(app.gql, `{ backtests(filter: { nameContains: "GAMMA", symbol: "synth-solusdt" }) { totalCount } }`);
    expect(byName.backtests.totalCount).toBe(1);
  });

  it('summarises counts by status and averages and bests over completed runs', async () => {
    const { backtestSummary: s } = await gqlData(app.gql, `{ backtestSummary { totalRuns byStatus { status count } averageRoi bestRoi averageWinRate bestWinRate bestRun { id } } }`);
    const rois = completed.map((r) => r.roi);
    expect(s.totalRuns).toBe(3);
    expect(s.byStatus).toEqual([{ status: 'COMPLETED', count: 3 }]);
    expect(s.averageRoi).toBeCloseTo(rois.reduce((a, b) => a + b, 0) / 3, 9);
    expect(s.bestRoi).toBeCloseTo(Math.max(...rois), 9);
    expect(s.bestRun.id).toBe(completed.find((r) => r.roi === Math.max(...rois))!.id);
    const winRates = completed.map((r) => r.winRate).filter((w): w is number => w !== null);
    expect(s.bestWinRate).toBeCloseTo(Math.max(...winRates), 9);
  });

  it('filters trades and pages through them', async () => {
    const id = completed[0].id;
    const all = await gqlData(app.gql, `query Q($id: ID!) { backtest(id: $id) { trades(first: 500) { totalCount edges { node { profitLoss direction } } } } }`, { id });
    const trades = all.backtest.trades.edges.map((e: any) => e.node);
    const wins = await gqlData(app.gql, `query Q($id: ID!) { backtest(id: $id) { trades(first: 500, filter: { outcome: WIN }) { totalCount edges { node { profitLoss } } } } }`, { id });
    expect(wins.backtest.trades.totalCount).toBe(trades.filter((t: any) => t.profitLoss > 0).length);
    expect(wins.backtest.trades.edges.every((e: any) => e.node.profitLoss > 0)).toBe(true);
    const shorts = await gqlData(app.gql, `query Q($id: ID!) { backtest(id: $id) { trades(first: 1, filter: { direction: SHORT }) { totalCount } } }`, { id });
    expect(shorts.backtest.trades.totalCount).toBe(trades.filter((t: any) => t.direction === 'SHORT').length);
  });

  it('cancels a queued run (its job too), refuses to cancel a finished one, and deletes runs with their rows', async () => {
    const worker = app.services.boss;
    await worker.offWork('backtest'); // keep the next run queued
    const { runBacktest } = await gqlData(app.gql, RUN, { input: input('to cancel', 'ema_cross') });
    const cancelled = await gqlData(app.gql, `mutation C($id: ID!) { cancelBacktest(id: $id) { id status completedAt } }`, { id: runBacktest.id });
    expect(cancelled.cancelBacktest.status).toBe('CANCELLED');
    const job = await worker.getJobById('backtest', runBacktest.id);
    expect(job?.state).toBe('cancelled');

    const again = await app.gql(`mutation C($id: ID!) { cancelBacktest(id: $id) { id } }`, { id: completed[0].id });
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    const missing = await app.gql(`mutation C($id: ID!) { cancelBacktest(id: $id) { id } }`, { id: '00000000-0000-0000-0000-000000000000' });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const victim = completed[1].id;
    expect((await gqlData(app.gql, `mutation D($id: ID!) { deleteBacktest(id: $id) }`, { id: victim })).deleteBacktest).toBe(true);
    expect((await gqlData(app.gql, `query Q($id: ID!) { backtest(id: $id) { id } }`, { id: victim })).backtest).toBeNull();
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      // The run's rows go with it (a trigger on the run's table: they have no foreign keys to cascade).
      const rows = await client.query(
        'SELECT (SELECT count(*) FROM backtest_trade WHERE run_id = $1)::int AS trades, (SELECT count(*) FROM backtest_fill WHERE run_id = $1)::int AS fills, (SELECT count(*) FROM backtest_equity_point WHERE run_id = $1)::int AS points',
        [victim],
      );
      expect(rows.rows[0]).toEqual({ trades: 0, fills: 0, points: 0 });
      const kept = await client.query('SELECT count(*)::int AS trades FROM backtest_trade WHERE run_id = $1', [completed[0].id]);
      expect(kept.rows[0].trades).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
    expect((await app.gql(`query { backtest(id: "not-a-uuid") { id } }`)).data.backtest).toBeNull();
  });
});
