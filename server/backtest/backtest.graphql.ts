import { TERMINAL_STATUSES } from '../../domain/statuses.ts';
import { loadStrategyTitle, STRATEGY_TITLE_DESCRIPTION } from '../strategies/index.ts';
import { EXIT_REASONS } from '../engine/index.ts';
import { DATA_OPTIONS } from './data-options.ts';
import { z } from 'zod';
import { builder } from '../graphql/builder.ts';
import { namedValues, ParamValueRef } from '../graphql/values.graphql.ts';
import { DataReportRef } from './data-report.graphql.ts';
import { ExecutionReportRef } from './execution-report.graphql.ts';
import { EQUITY_SERIES_COST, PLAIN_VALUE_TYPE } from '../graphql/cost.ts';
import { pagedConnection } from '../graphql/connection.ts';
import { resumption, snapshotThenStream } from '../graphql/live.ts';
import { type IBacktestRun } from './backtest-run.entity.ts';
import type { IBacktestTrade } from './backtest-trade.entity.ts';
import { type RunFill, runFills } from './backtest-fills.ts';
import type { BacktestChangeEvent, BacktestEquityEvent, BacktestProgressEvent, EquityPointData } from './backtest.events.ts';
import { equityCurve, MAX_CHART_POINTS, MIN_CHART_POINTS } from './equity-points.ts';
import { BacktestMetricsRef } from './metrics.graphql.ts';
import { runChartFields } from './run-charts.graphql.ts';
import { runReportFields } from './run-report.graphql.ts';
import { withUniverse } from '../universes/universe.service.ts';
import { readRunSettings } from './run-settings.ts';
import { RunSettingsRef } from './run-settings.graphql.ts';
import {
  BacktestFilterInput,
  BacktestOrderInput,
  DirectionEnum,
  GapPolicyEnum,
  RunBacktestInput,
  RunStatusEnum,
  TradeFilterInput,
  TradeOrderInput,
} from './backtest-inputs.graphql.ts';
import {
  backtestSummary,
  cancelBacktest,
  createBacktest,
  deleteBacktest,
  getBacktest,
  listBacktests,
  listTrades,
  progressEventOf,
  requireBacktest,
  type BacktestSummary,
} from './backtest.service.ts';

/** What a trade's exitReason may be, for the fields that carry one. */
export const EXIT_REASON_DESCRIPTION = `${EXIT_REASONS.slice(0, -1).join(', ')} or ${EXIT_REASONS.at(-1)}`;

const maxPointsArg = z.number().int().min(MIN_CHART_POINTS, `maxPoints must be at least ${MIN_CHART_POINTS} (first, last, lowest, highest)`).max(MAX_CHART_POINTS);

export const EquityPointRef = builder.objectRef<EquityPointData>('EquityPoint').implement({
  description: 'One point of the equity curve, as stored and as streamed live',
  fields: (t) => ({
    timestamp: t.field({ type: 'DateTime', resolve: (p) => new Date(p.timeMs) }),
    equity: t.exposeFloat('equity'),
    cash: t.exposeFloat('cash'),
    openPositions: t.exposeInt('openPositions'),
    totalTrades: t.exposeInt('totalTrades', { description: 'Trades closed by this time' }),
    drawdown: t.exposeFloat('drawdownPct', { description: 'Drawdown from the running peak, percent' }),
  }),
});

const BacktestFillRef = builder.objectRef<RunFill>('BacktestFill').implement({
  description: 'One fill of a trade: a trade is the sum of its fills',
  fields: (t) => ({
    tradeSeq: t.exposeInt('tradeSeq', { description: "The trade's seq" }),
    seq: t.exposeInt('seq', { description: 'Order within the trade' }),
    symbol: t.exposeString('symbol'),
    time: t.field({ type: 'DateTime', resolve: (fill) => fill.time }),
    side: t.exposeString('side', { description: 'BUY or SELL' }),
    price: t.exposeFloat('price'),
    quantity: t.exposeFloat('quantity'),
    fee: t.exposeFloat('fee'),
    reason: t.exposeString('reason', { description: 'ENTRY_MARKET, ENTRY_LIMIT, ENTRY_STOP, ENTRY_STOP_LIMIT, or the exit reason' }),
  }),
});

/** Fills shown on a run's chart at most. */
const MAX_FILLS = 5000;

const IndicatorValueRef = builder.objectRef<{ name: string; value: number }>('IndicatorValue').implement({
  extensions: PLAIN_VALUE_TYPE,
  fields: (t) => ({
    name: t.exposeString('name'),
    value: t.float({ nullable: true, description: 'Null where the indicator had no value yet', resolve: ({ value }) => (Number.isFinite(value) ? value : null) }),
  }),
});

const RunLegRef = builder.objectRef<IBacktestRun['legs'][number]>('RunLeg').implement({
  extensions: PLAIN_VALUE_TYPE,
  description: 'One strategy leg of a run: its strategy, parameters (defaults filled in) and symbols; the legs share the capital',
  fields: (t) => ({
    strategy: t.exposeString('strategy'),
    strategyTitle: t.string({ description: STRATEGY_TITLE_DESCRIPTION, resolve: (o, _args, ctx) => loadStrategyTitle(ctx.em, o.strategy) }),
    params: t.field({ type: [ParamValueRef], resolve: (leg) => namedValues(leg.params) }),
    symbols: t.exposeStringList('symbols'),
  }),
});

const BacktestTradeRef = builder.objectRef<IBacktestTrade>('BacktestTrade').implement({
  fields: (t) => ({
    id: t.id({ resolve: (trade) => String(trade.id) }),
    seq: t.exposeInt('seq'),
    legIndex: t.exposeInt('legIndex'),
    symbol: t.exposeString('symbol'),
    direction: t.field({ type: DirectionEnum, resolve: (trade) => trade.direction }),
    entryTime: t.field({ type: 'DateTime', resolve: (trade) => trade.entryTime }),
    exitTime: t.field({ type: 'DateTime', resolve: (trade) => trade.exitTime }),
    entryPrice: t.exposeFloat('entryPrice'),
    exitPrice: t.exposeFloat('exitPrice'),
    quantity: t.exposeFloat('quantity'),
    fees: t.exposeFloat('fees'),
    profitLoss: t.exposeFloat('profitLoss', { description: 'Net of fees' }),
    profitLossPct: t.exposeFloat('profitLossPct'),
    exitReason: t.exposeString('exitReason', { description: EXIT_REASON_DESCRIPTION }),
    confidence: t.exposeFloat('confidence'),
    stopLoss: t.exposeFloat('stopLoss', { nullable: true }),
    takeProfit: t.exposeFloat('takeProfit', { nullable: true }),
    durationMs: t.exposeFloat('durationMs'),
    signalIndicators: t.field({ type: [IndicatorValueRef], description: 'The strategy’s indicator values on the signal bar', resolve: (trade) => Object.entries(trade.signalIndicators).map(([name, value]) => ({ name, value })) }),
    fills: t.field({
      type: [BacktestFillRef],
      description: 'The fills this trade is the sum of, in order',
      resolve: (trade, _args, ctx) => runFills(ctx.services.pool, trade.run.id, { tradeSeq: trade.seq }),
    }),
  }),
});

export const BacktestRunRef = builder.objectRef<IBacktestRun>('BacktestRun').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    status: t.field({ type: RunStatusEnum, resolve: (run) => run.status }),
    progress: t.exposeFloat('progress', { description: '0..1' }),
    barsProcessed: t.exposeInt('barsProcessed'),
    totalBars: t.exposeInt('totalBars'),
    attempts: t.exposeInt('attempts'),
    strategy: t.exposeString('strategy'),
    strategyTitle: t.string({ description: STRATEGY_TITLE_DESCRIPTION, resolve: (o, _args, ctx) => loadStrategyTitle(ctx.em, o.strategy) }),
    strategyParams: t.field({ type: [ParamValueRef], description: "The first leg's parameters, defaults filled in", resolve: (run) => namedValues(run.strategyParams) }),
    legs: t.field({ type: [RunLegRef], resolve: (run) => run.legs }),
    symbols: t.stringList({ resolve: (run) => run.symbols }),
    timeframe: t.exposeString('timeframe'),
    startDate: t.field({ type: 'DateTime', resolve: (run) => run.startDate }),
    endDate: t.field({ type: 'DateTime', resolve: (run) => run.endDate }),
    settings: t.field({ type: RunSettingsRef, description: 'Capital, sizing, fees and limits the run used', resolve: (run) => readRunSettings(run.settings) }),
    gapPolicy: t.field({ type: GapPolicyEnum, resolve: (run) => run.gapPolicy }),
    fetchMissingData: t.exposeBoolean('fetchMissingData'),
    warmupHistory: t.exposeBoolean('warmupHistory', { description: DATA_OPTIONS.warmupHistory.description }),
    dataReport: t.field({ type: DataReportRef, nullable: true, description: 'Bars, gaps and filled bars per symbol, or what the data lacked when loading failed', resolve: (run) => run.dataReport }),
    error: t.exposeString('error', { nullable: true }),
    errorCode: t.exposeString('errorCode', { nullable: true }),
    stoppedReason: t.exposeString('stoppedReason', { nullable: true }),
    execution: t.field({
      type: ExecutionReportRef,
      nullable: true,
      description: 'What the execution model did, and its chart markers; null until completed',
      resolve: (run) => run.execution,
    }),
    fills: t.field({
      type: [BacktestFillRef],
      description: `Every fill of the run in time order (the first ${MAX_FILLS}), for the price chart`,
      resolve: (run, _args, ctx) => runFills(ctx.services.pool, run.id, { limit: MAX_FILLS }),
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (run) => run.createdAt }),
    startedAt: t.field({ type: 'DateTime', nullable: true, resolve: (run) => run.startedAt }),
    completedAt: t.field({ type: 'DateTime', nullable: true, resolve: (run) => run.completedAt }),
    metrics: t.field({
      type: BacktestMetricsRef,
      nullable: true,
      description: 'Null until the run completes',
      resolve: (run) => (run.status === 'COMPLETED' ? run : null),
    }),
    equityCurve: t.field({
      type: [EquityPointRef],
      complexity: EQUITY_SERIES_COST,
      args: { maxPoints: t.arg.int({ defaultValue: 500, validate: maxPointsArg }) },
      resolve: (run, args, ctx) => equityCurve(ctx.em, run.id, args.maxPoints ?? 500),
    }),
    ...runChartFields(t),
    ...runReportFields(t),
    trades: t.connection(
      {
        type: BacktestTradeRef,
        args: { filter: t.arg({ type: TradeFilterInput }), orderBy: t.arg({ type: TradeOrderInput, description: 'Default: sequence (entry order)' }) },
        resolve: (run, args, ctx) => pagedConnection(args, (page) => listTrades(ctx.em, run.id, args.filter, page, args.orderBy)),
      },
    ),
  }),
});

const StatusCount = builder.objectRef<{ status: IBacktestRun['status']; count: number }>('StatusCount').implement({
  fields: (t) => ({
    status: t.field({ type: RunStatusEnum, resolve: (row) => row.status }),
    count: t.exposeInt('count'),
  }),
});

const BacktestSummaryRef = builder.objectRef<BacktestSummary>('BacktestSummary').implement({
  description: 'Counts by status, and averages and bests over completed runs',
  fields: (t) => ({
    totalRuns: t.exposeInt('totalRuns'),
    byStatus: t.field({ type: [StatusCount], resolve: (s) => s.byStatus }),
    averageWinRate: t.exposeFloat('averageWinRate', { nullable: true }),
    averageRoi: t.exposeFloat('averageRoi', { nullable: true }),
    averageSharpeRatio: t.exposeFloat('averageSharpeRatio', { nullable: true }),
    bestWinRate: t.exposeFloat('bestWinRate', { nullable: true }),
    bestRoi: t.exposeFloat('bestRoi', { nullable: true }),
    bestSharpeRatio: t.exposeFloat('bestSharpeRatio', { nullable: true }),
    bestRun: t.field({
      type: BacktestRunRef,
      nullable: true,
      description: 'The completed run with the highest ROI',
      resolve: (s, _args, ctx) => (s.bestRunId ? getBacktest(ctx.em, s.bestRunId) : null),
    }),
  }),
});

const BacktestProgressRef = builder.objectRef<BacktestProgressEvent>('BacktestProgress').implement({
  fields: (t) => ({
    backtestId: t.exposeID('backtestId'),
    status: t.field({ type: RunStatusEnum, resolve: (e) => e.status }),
    progress: t.exposeFloat('progress'),
    barsProcessed: t.exposeInt('barsProcessed'),
    totalBars: t.exposeInt('totalBars'),
    currentEquity: t.exposeFloat('currentEquity', { nullable: true }),
    tradesSoFar: t.exposeInt('tradesSoFar'),
    message: t.exposeString('message', { nullable: true }),
  }),
});

const BacktestEquityUpdate = builder.objectRef<BacktestEquityEvent>('BacktestEquityUpdate').implement({
  fields: (t) => ({
    backtestId: t.exposeID('backtestId'),
    points: t.field({ type: [EquityPointRef], resolve: (e) => e.points }),
    done: t.exposeBoolean('done'),
  }),
});

builder.queryFields((t) => ({
  backtest: t.field({
    type: BacktestRunRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => getBacktest(ctx.em, String(args.id)),
  }),
  backtests: t.connection(
    {
      type: BacktestRunRef,
      args: { filter: t.arg({ type: BacktestFilterInput }), orderBy: t.arg({ type: BacktestOrderInput }) },
      resolve: (_root, args, ctx) => pagedConnection(args, (page) => listBacktests(ctx.em, args.filter, args.orderBy, page)),
    },
  ),
  backtestSummary: t.field({ type: BacktestSummaryRef, resolve: (_root, _args, ctx) => backtestSummary(ctx.em) }),
}));

builder.mutationFields((t) => ({
  runBacktest: t.field({
    type: BacktestRunRef,
    description: 'Validates the input, stores the run as PENDING and queues it for a worker',
    args: { input: t.arg({ type: RunBacktestInput, required: true }) },
    resolve: async (_root, { input }, ctx) => createBacktest(ctx.services, ctx.em, await withUniverse(ctx.services, ctx.em, input)),
  }),
  cancelBacktest: t.field({
    type: BacktestRunRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => cancelBacktest(ctx.services, ctx.em, String(args.id)),
  }),
  deleteBacktest: t.boolean({
    description: 'Deletes the run with its trades and equity series (cancelling it first if needed)',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteBacktest(ctx.services, ctx.em, String(args.id)),
  }),
}));

const ChangeKindEnum = builder.enumType('BacktestChangeKind', { values: ['CREATED', 'UPDATED', 'DELETED'] as const });

const BacktestChangeRef = builder.objectRef<BacktestChangeEvent & { run: IBacktestRun | null }>('BacktestChange').implement({
  description: 'A run appeared, changed (status or stored progress) or was deleted',
  fields: (t) => ({
    kind: t.field({ type: ChangeKindEnum, resolve: (e) => e.kind }),
    backtestId: t.exposeID('backtestId'),
    run: t.field({ type: BacktestRunRef, nullable: true, description: 'The run as it is now; null once deleted', resolve: (e) => e.run }),
  }),
});

builder.subscriptionFields((t) => ({
  backtestChanges: t.field({
    type: BacktestChangeRef,
    description: 'Every run created, changed or deleted from now on, by any client or worker: what keeps a list of runs current without polling',
    subscribe: (_root, _args, ctx) => ctx.services.pubsub.subscribe('backtestChanged'),
    // A fresh EntityManager per event: the subscription's own would keep serving the run as first loaded.
    resolve: async (event, _args, ctx) => ({
      ...event,
      run: event.kind === 'DELETED' ? null : await getBacktest(ctx.services.orm.em.fork(), event.backtestId),
    }),
  }),
  backtestProgress: t.field({
    type: BacktestProgressRef,
    description: 'The current state first, then every progress change, ending with the terminal status',
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const id = String(args.id);
      const source = ctx.services.pubsub.subscribe('backtestProgress', id);
      await requireBacktest(ctx.em, id);
      return snapshotThenStream<BacktestProgressEvent>({
        source,
        ...resumption(ctx.services),
        snapshot: async () => {
          const run = await getBacktest(ctx.services.orm.em.fork(), id);
          return run ? progressEventOf(run) : null;
        },
        isTerminal: (event) => TERMINAL_STATUSES.has(event.status),
        isStale: (event, last) => event.status === last.status && event.barsProcessed < last.barsProcessed,
      });
    },
    resolve: (event) => event,
  }),
  backtestEquity: t.field({
    type: BacktestEquityUpdate,
    description: 'The points so far (a finished run: its stored curve), then each new point while the run executes (one per progress slice), then done with the stored curve',
    complexity: EQUITY_SERIES_COST,
    args: { id: t.arg.id({ required: true }), maxPoints: t.arg.int({ defaultValue: 500, validate: maxPointsArg }) },
    subscribe: async (_root, args, ctx) => {
      const id = String(args.id);
      const source = ctx.services.pubsub.subscribe('backtestEquity', id);
      await requireBacktest(ctx.em, id);
      const storedCurve = () => equityCurve(ctx.services.orm.em.fork(), id, args.maxPoints ?? 500);
      return withStoredCurveAtEnd(
        snapshotThenStream<BacktestEquityEvent>({
          source,
          ...resumption(ctx.services),
          snapshot: async () => {
            const em = ctx.services.orm.em.fork();
            const run = await getBacktest(em, id);
            if (!run) return null;
            // A run still going has no stored curve yet: the points it streamed so far (kept on the record).
            if (!TERMINAL_STATUSES.has(run.status)) return { backtestId: id, done: false, points: run.liveEquity ?? [] };
            return { backtestId: id, done: true, points: await storedCurve() };
          },
          isTerminal: (event) => event.done,
        }),
        storedCurve,
      );
    },
    resolve: (event) => event,
  }),
}));

/**
 * The worker announces the end with no points (a NOTIFY payload is capped at 8000 bytes): the
 * subscriber gets the stored curve with it, so a live chart ends whole, as a reload would show it.
 */
async function* withStoredCurveAtEnd(stream: AsyncGenerator<BacktestEquityEvent>, storedCurve: () => Promise<BacktestEquityEvent['points']>): AsyncGenerator<BacktestEquityEvent> {
  for await (const event of stream) yield event.done && event.points.length === 0 ? { ...event, points: await storedCurve() } : event;
}
