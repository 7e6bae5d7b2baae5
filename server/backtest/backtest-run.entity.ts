import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { RUN_STATUSES, type RunStatus } from '../../domain/statuses.ts';
import type { CancelledOrder, ExecutionSummary, FundingEvent, RunSettings, SkippedSignal } from '../engine/index.ts';
import type { EquityPointData } from './backtest.events.ts';
import { resultColumns } from './metric-columns.ts';

/** The status list as MikroORM's enum map (one definition: RUN_STATUSES). */
export const RUN_STATUS_VALUES = Object.fromEntries(RUN_STATUSES.map((status) => [status, status])) as { [S in RunStatus]: S };

export const GAP_POLICIES = ['FAIL', 'SKIP', 'FILL'] as const;
export type GapPolicy = (typeof GAP_POLICIES)[number];

/**
 * One backtest: its full configuration (so it can be re-run exactly), its lifecycle, and every metric
 * as a column (sortable and aggregatable), null until the run completes.
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
    status: p.enum(() => RUN_STATUS_VALUES).$type<RunStatus>(),
    /** Strategy of the first leg: what lists and summaries group by. */
    strategy: p.string().length(64),
    strategyParams: p.json<Record<string, number | boolean>>(),
    /** All strategy legs (strategy + params + symbols) sharing the capital. */
    legs: p.json<Array<{ strategy: string; params: Record<string, number | boolean>; symbols: string[] }>>(),
    symbols: p.array().$type<string[]>(),
    timeframe: p.string().length(8),
    startDate: p.datetime(),
    endDate: p.datetime(),
    /** Capital, sizing, fees and limits (engine/settings.ts), defaults filled in; read back through readRunSettings. */
    settings: p.json<RunSettings>(),
    gapPolicy: p.string().length(8).$type<GapPolicy>(),
    /** Download missing history from the symbol's exchange before running (real symbols only). */
    fetchMissingData: p.boolean().default(true),
    /** Candles before startDate are loaded as indicator history (engine BacktestConfig.startTimeMs); false = warm up inside the range. */
    warmupHistory: p.boolean().default(true),
    /** Gaps met in the data and how the gap policy treated them. */
    dataReport: p.json<Record<string, unknown>>().nullable(),
    progress: p.double().$type<number>().default(0),
    /** The equity points streamed so far while the run executes (one per progress slice), for a subscriber arriving mid-run. */
    liveEquity: p.json<EquityPointData[]>().nullable(),
    barsProcessed: p.integer().default(0),
    totalBars: p.integer().default(0),
    attempts: p.integer().default(0),
    error: p.text().nullable(),
    errorCode: p.string().length(64).nullable(),
    stoppedReason: p.text().nullable(),
    /**
     * What the execution model did (engine ExecutionSummary) and its chart markers: cancelled orders, skipped
     * entry signals and funding settlements (engine CancelledOrder / SkippedSignal / FundingEvent, the first
     * EXECUTION_EVENTS_KEPT of each).
     */
    execution: p.json<StoredExecution>().nullable(),
    ...resultColumns(),
    /** Principal that queued it (`env:<name>`, `token:<uuid>`, `anonymous`), set by access/queued-work.ts; null before access control. */
    createdBy: p.string().length(100).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    startedAt: p.datetime().nullable(),
    completedAt: p.datetime().nullable(),
  }),
});

export type IBacktestRun = InferEntity<typeof BacktestRun>;

/** A run's stored execution report (BacktestRun.execution). */
export interface StoredExecution {
  readonly summary: ExecutionSummary;
  readonly cancelledOrders: readonly CancelledOrder[];
  /** Absent from runs stored before skipped signals were listed. */
  readonly skippedSignals?: readonly SkippedSignal[];
  readonly fundingEvents: readonly FundingEvent[];
  readonly detailGaps: ReadonlyArray<{ symbol: string; fromMs: number; toMs: number }>;
}
