import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { GapPolicy, RunStatus } from '../backtest/backtest-run.entity.ts';

/**
 * One parameter sweep: a strategy on a market and range, the grid of parameter values to test, and
 * its progress. Its results are StrategyOptimization rows with this sweep's id.
 */
export const OptimizationSweep = defineEntity({
  name: 'OptimizationSweep',
  tableName: 'optimization_sweep',
  indexes: [
    { properties: ['createdBy', 'status'] },
    { properties: ['status', 'createdAt'] },
    { properties: ['createdAt'] },
  ],
  properties: (p) => ({
    id: p.uuid().primary(),
    name: p.string().length(200),
    status: p.enum(() => ({ PENDING: 'PENDING', RUNNING: 'RUNNING', COMPLETED: 'COMPLETED', FAILED: 'FAILED', CANCELLED: 'CANCELLED' })).$type<RunStatus>(),
    strategy: p.string().length(64),
    symbols: p.array().$type<string[]>(),
    timeframe: p.string().length(8),
    startDate: p.datetime(),
    endDate: p.datetime(),
    /** Swept parameters: lists of values or { min, max, step }. */
    parameterRanges: p.json<Record<string, unknown>>(),
    /** Values of the parameters not swept. */
    baseParams: p.json<Record<string, number | boolean>>(),
    /** Capital, sizing, fees and limits every combination runs with (the engine's config minus legs). */
    settings: p.json<Record<string, unknown>>(),
    gapPolicy: p.string().length(8).$type<GapPolicy>(),
    fetchMissingData: p.boolean().default(true),
    totalCombinations: p.integer(),
    skippedByConstraint: p.integer().default(0),
    completedCombinations: p.integer().default(0),
    progress: p.double().$type<number>().default(0),
    attempts: p.integer().default(0),
    error: p.text().nullable(),
    errorCode: p.string().length(64).nullable(),
    /** Principal that queued it (`env:<name>`, `token:<uuid>`, `anonymous`), set by access/queued-work.ts; null before access control. */
    createdBy: p.string().length(100).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    startedAt: p.datetime().nullable(),
    completedAt: p.datetime().nullable(),
  }),
});

export type IOptimizationSweep = InferEntity<typeof OptimizationSweep>;
