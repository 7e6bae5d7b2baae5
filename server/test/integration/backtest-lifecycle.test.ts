import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { seedSyntheticCandles } from '../helpers/candles.ts';
import { collectSubscription, gqlData, wsClient } from '../../harness/graphql-client.ts';

const RUN = `mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id status progress name strategy symbols } }`;
const PROGRESS = `subscription P($id: ID!) { backtestProgress(id: $id) { backtestId status progress barsProcessed totalBars currentEquity tradesSoFar } }`;
const EQUITY = `subscription E($id: ID!) { backtestEquity(id: $id, maxPoints: 200) { backtestId done points { timestamp equity } } }`;
const RESULT = `query R($id: ID!) {
  backtest(id: $id) {
    id status progress totalBars error startedAt completedAt
    metrics { totalTrades winningTrades losingTrades winRate totalProfitLoss roi maxDrawdown maxDrawdownPercentage sharpeRatio profitFactor finalEquity feesPaid nullReasons { metric reason } }
    equityCurve(maxPoints: 200) { timestamp equity cash openPositions drawdown totalTrades }
  }
}`;
const TRADES = `query T($id: ID!, $after: String) {
  backtest(id: $id) { trades(first: 500, after: $after) { totalCount edges { node { seq symbol direction entryPrice exitPrice quantity fees profitLoss exitReason entryTime exitTime } } pageInfo { hasNextPage endCursor } } }
}`;

/** Every trade of a run, page by page (a run that reverses on each cross has more than a page). */
async function allTrades(app: TestApp, id: string): Promise<{ totalCount: number; trades: any[] }> {
  const trades: any[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = (await gqlData(app.gql, TRADES, { id, after })).backtest.trades;
    trades.push(...page.edges.map((e: any) => e.node));
    if (!page.pageInfo.hasNextPage) return { totalCount: page.totalCount, trades };
    after = page.pageInfo.endCursor;
  }
}

describe('backtest lifecycle over real HTTP, websocket, queue and worker', () => {
  let api: TestApp;
  let worker: TestApp | null = null;
  let range: { fromMs: number; toMs: number };

  beforeAll(async () => {
    // The API runs no worker, so the subscription is in place before any job can start.
    api = await startTestApp({ worker: false });
    range = await seedSyntheticCandles(api.databaseUrl, { symbol: 'SYNTH-BTCUSDT', interval: '5m', count: 30_000 });
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
  });

  it('streams increasing progress to COMPLETED, then serves metrics, trades and the equity curve', async () => {
    const { runBacktest } = await gqlData(api.gql, RUN, {
      input: {
        name: 'lifecycle',
        symbols: ['SYNTH-BTCUSDT'],
        timeframe: '5m',
        startDate: new Date(range.fromMs).toISOString(),
        endDate: new Date(range.toMs).toISOString(),
        strategy: 'ema_cross',
        strategyParams: { fast: 12, slow: 26 },
        initialCapital: 10_000,
        positionSize: 1_000,
      },
    });
    expect(runBacktest).toMatchObject({ status: 'PENDING', progress: 0, strategy: 'ema_cross', symbols: ['SYNTH-BTCUSDT'] });

    const ws = wsClient(api.graphqlUrl!);
    const progress = collectSubscription(ws, PROGRESS, { id: runBacktest.id });
    const equity = collectSubscription(ws, EQUITY, { id: runBacktest.id });
    await Promise.all([progress.firstEvent, equity.firstEvent]);
    expect(progress.events[0].backtestProgress.status).toBe('PENDING');

    worker = await startTestApp({ databaseUrl: api.databaseUrl, api: false, worker: true });
    await progress.done;
    const statuses = progress.events.map((e) => e.backtestProgress);
    expect(statuses.at(-1)).toMatchObject({ status: 'COMPLETED', progress: 1 });
    const running = statuses.filter((s) => s.status === 'RUNNING' && s.progress > 0);
    // At most 20 a second (backtest.job.ts LIVE_EVENT_INTERVAL_MS), the first and the last slice always: a run this short may send just those.
    expect(running.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < running.length; i++) expect(running[i].progress).toBeGreaterThan(running[i - 1].progress);
    expect(running.at(-1)!.barsProcessed).toBe(30_000);

    await equity.done;
    const livePoints = equity.events.flatMap((e) => e.backtestEquity.points);
    expect(livePoints.length).toBeGreaterThanOrEqual(3);
    expect(equity.events.at(-1).backtestEquity.done).toBe(true);
    await ws.dispose();

    const { backtest } = await gqlData(api.gql, RESULT, { id: runBacktest.id });
    expect(backtest.status).toBe('COMPLETED');
    expect(backtest.error).toBeNull();
    // The progress events came at least the live interval apart but for the last: no more than the run's span allows.
    const spanMs = Date.parse(backtest.completedAt) - Date.parse(backtest.startedAt);
    expect(running.length).toBeLessThanOrEqual(2 + Math.floor(spanMs / 50));
    const m = backtest.metrics;
    const { totalCount, trades } = await allTrades(api, runBacktest.id);
    expect(m.totalTrades).toBeGreaterThan(0);
    expect(totalCount).toBe(m.totalTrades);
    expect(trades).toHaveLength(m.totalTrades);
    expect(trades.map((t: any) => t.seq)).toEqual(trades.map((_: unknown, i: number) => i));
    expect(m.winningTrades + m.losingTrades).toBe(m.totalTrades);
    const pnl = trades.reduce((sum: number, t: any) => sum + t.profitLoss, 0);
    expect(m.totalProfitLoss).toBeCloseTo(pnl, 6);
    expect(m.finalEquity).toBeCloseTo(10_000 + pnl, 6);
    expect(m.roi).toBeCloseTo((pnl / 10_000) * 100, 6);
    expect(m.feesPaid).toBeCloseTo(trades.reduce((sum: number, t: any) => sum + t.fees, 0), 6);
    expect(backtest.equityCurve.length).toBeGreaterThan(10);
    expect(backtest.equityCurve.length).toBeLessThanOrEqual(200);
    expect(backtest.equityCurve.at(-1).equity).toBeCloseTo(m.finalEquity, 6);
    // The live curve starts where the run does, and its end carries the stored curve (a live chart ends whole).
    const streamed = equity.events.filter((e) => !e.backtestEquity.done).flatMap((e) => e.backtestEquity.points);
    // Every slice's point, however few events carried them: the first bar's and one per slice (40).
    expect(streamed).toHaveLength(41);
    expect(streamed[0]).toEqual({ timestamp: new Date(range.fromMs).toISOString(), equity: 10_000 });
    expect(equity.events.at(-1).backtestEquity.points).toEqual(backtest.equityCurve.map((p: any) => ({ timestamp: p.timestamp, equity: p.equity })));
    // The charts' companions, from the candles the run traded: buy and hold beside the equity, the strategy's own lines.
    const charts = (await gqlData(api.gql, `query C($id: ID!) { backtest(id: $id) { metrics { buyAndHoldReturn } equityCurve(maxPoints: 200) { timestamp } buyAndHold(maxPoints: 200) { timestamp value } indicators(symbol: "SYNTH-BTCUSDT", maxPoints: 300) { leg strategy name pane points { timestamp value } } } }`, { id: runBacktest.id })).backtest;
    expect(charts.buyAndHold.map((p: any) => p.timestamp)).toEqual(charts.equityCurve.map((p: any) => p.timestamp));
    expect(charts.buyAndHold[0].value).toBeCloseTo(10_000, 6);
    expect(charts.buyAndHold.at(-1).value).toBeCloseTo(10_000 * (1 + charts.metrics.buyAndHoldReturn / 100), 6);
    expect(charts.indicators.map((l: any) => [l.leg, l.strategy, l.name, l.pane])).toEqual([[0, 'ema_cross', 'fast', null], [0, 'ema_cross', 'slow', null]]);
    for (const line of charts.indicators) expect(line.points.length).toBeGreaterThan(250);
    for (const line of charts.indicators) expect(line.points.length).toBeLessThanOrEqual(300);
    const minEquity = Math.min(...backtest.equityCurve.map((p: any) => p.equity));
    const peakBefore = backtest.equityCurve[0].equity;
    expect(minEquity).toBeLessThanOrEqual(peakBefore);
  });

  it('tells run lists about every run created, changed and deleted, whoever started it', async () => {
    worker ??= await startTestApp({ databaseUrl: api.databaseUrl, api: false, worker: true });
    const ws = wsClient(api.graphqlUrl!);
    const changes = collectSubscription(ws, `subscription { backtestChanges { kind backtestId run { id status progress } } }`, {});
    const input = { name: 'changes', symbols: ['SYNTH-BTCUSDT'], timeframe: '5m', startDate: new Date(range.fromMs).toISOString(), endDate: new Date(range.toMs).toISOString(), strategy: 'ema_cross', initialCapital: 10_000 };
    const of = (id: string) => changes.events.map((e) => e.backtestChanges).filter((c) => c.backtestId === id);
    // graphql-ws does not acknowledge a subscription: a probe run's events (its worker updates come
    // later even if its creation raced the subscription) show that the stream is live.
    const probe = (await gqlData(api.gql, RUN, { input })).runBacktest;
    await changes.until(() => of(probe.id).length > 0);
    const { runBacktest } = await gqlData(api.gql, RUN, { input });
    await changes.until(() => of(runBacktest.id).some((c) => c.run?.status === 'COMPLETED'));
    const seen = of(runBacktest.id);
    // Each event carries the run as it is when delivered (BacktestChange.run), so a fast worker may
    // already have moved it on: the creation comes first, then updates, and statuses never go back.
    expect(seen[0]).toMatchObject({ kind: 'CREATED', run: { id: runBacktest.id } });
    expect(seen.slice(1).every((c) => c.kind === 'UPDATED')).toBe(true);
    const order = ['PENDING', 'RUNNING', 'COMPLETED'];
    const ranks = seen.map((c) => order.indexOf(c.run.status));
    expect(ranks.every((rank, i) => rank >= 0 && (i === 0 || rank >= ranks[i - 1]))).toBe(true);
    expect(seen.length).toBeGreaterThan(2);
    await gqlData(api.gql, `mutation D($id: ID!) { deleteBacktest(id: $id) }`, { id: runBacktest.id });
    await changes.until(() => of(runBacktest.id).some((c) => c.kind === 'DELETED'));
    // The worker's last update can be published just before the delete and delivered after it; delivered
    // after the delete it carries no run, so a list drops the row either way.
    const after = of(runBacktest.id).slice(of(runBacktest.id).findIndex((c) => c.kind === 'DELETED'));
    expect(after[0]).toEqual({ kind: 'DELETED', backtestId: runBacktest.id, run: null });
    expect(after.every((c) => c.run === null)).toBe(true);
    await ws.dispose();
  });
});
