import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const RUN_STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TERMINAL_STATUSES: ReadonlySet<RunStatus> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export const GAP_POLICIES = ['FAIL', 'SKIP', 'FILL'] as const;
export type GapPolicy = (typeof GAP_POLICIES)[number];

/**
 * One backtest: its full configuration (so it can be re-run exactly), its lifecycle, and the
 * headline metrics as columns (sortable, aggregatable by `backtestSummary`). The complete metric set,
 * including null reasons, lives in `metricsDetail`.
 */
export const BacktestRun = defineEntity({
  name: 'BacktestRun',
  tableName: 'backtest_run',
  indexes: [
    { properties: ['createdBy', 'status'] },
    { properties: ['status', 'createdAt'] },
    { properties: ['createdAt'] },
    { properties: ['strategy', 'createdAt'] },
  ],
  properties: (p) => ({
    id: p.uuid().primary(),
    name: p.string().length(200),
    status: p.enum(() => ({ PENDING: 'PENDING', RUNNING: 'RUNNING', COMPLETED: 'COMPLETED', FAILED: 'FAILED', CANCELLED: 'CANCELLED' })).$type<RunStatus>(),
    /** Strategy of the first leg: what lists and summaries group by. */
    strategy: p.string().length(64),
    strategyParams: p.json<Record<string, number | boolean>>(),
    /** All strategy legs (strategy + params + symbols) sharing the capital. */
    legs: p.json<Array<{ strategy: string; params: Record<string, number | boolean>; symbols: string[] }>>(),
    symbols: p.array().$type<string[]>(),
    timeframe: p.string().length(8),
    startDate: p.datetime(),
    endDate: p.datetime(),
    initialCapital: p.double().$type<number>(),
    positionSize: p.double().$type<number>(),
    /** Fees, slippage, sizing, limits: the engine's BacktestConfig minus legs and capital. */
    settings: p.json<Record<string, unknown>>(),
    gapPolicy: p.string().length(8).$type<GapPolicy>(),
    /** Download missing history from Binance before running (real symbols only). */
    fetchMissingData: p.boolean().default(true),
    /** Gaps met in the data and how the gap policy treated them. */
    dataReport: p.json<Record<string, unknown>>().nullable(),
    progress: p.double().$type<number>().default(0),
    barsProcessed: p.integer().default(0),
    totalBars: p.integer().default(0),
    attempts: p.integer().default(0),
    error: p.text().nullable(),
    errorCode: p.string().length(64).nullable(),
    stoppedReason: p.text().nullable(),
    totalTrades: p.integer().nullable(),
    winningTrades: p.integer().nullable(),
    losingTrades: p.integer().nullable(),
    winRate: p.double().$type<number>().nullable(),
    totalProfitLoss: p.double().$type<number>().nullable(),
    roi: p.double().$type<number>().nullable(),
    finalEquity: p.double().$type<number>().nullable(),
    maxDrawdown: p.double().$type<number>().nullable(),
    maxDrawdownPercentage: p.double().$type<number>().nullable(),
    sharpeRatio: p.double().$type<number>().nullable(),
    profitFactor: p.double().$type<number>().nullable(),
    metricsDetail: p.json<Record<string, unknown>>().nullable(),
    /** Principal that queued it (`env:<name>`, `token:<uuid>`, `anonymous`), set by access/queued-work.ts; null before access control. */
    createdBy: p.string().length(100).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    startedAt: p.datetime().nullable(),
    completedAt: p.datetime().nullable(),
  }),
});

export type IBacktestRun = InferEntity<typeof BacktestRun>;
