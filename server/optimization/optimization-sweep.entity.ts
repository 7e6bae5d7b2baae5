import { type RunStatus } from '../../domain/statuses.ts';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { RUN_STATUS_VALUES, type GapPolicy } from '../backtest/index.ts';
import type { RunSettings, StrategyParams } from '../engine/index.ts';
import type { MarketFeatures } from '../engine/learning/index.ts';
import { DEFAULT_MIN_TRADES, type ObjectiveSpec, type SearchSpec, type ValidationSpec } from './sweep-spec.ts';

/** Where an ADAPTIVE search started, learned from other markets' sweeps of the strategy. */
export interface LearnedStart {
  readonly sets: StrategyParams[];
  /** The markets the model learned from, with their weight for this one (most alike first). */
  readonly markets: Array<{ key: string; weight: number }>;
}

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
    status: p.enum(() => RUN_STATUS_VALUES).$type<RunStatus>(),
    strategy: p.string().length(64),
    symbols: p.array().$type<string[]>(),
    timeframe: p.string().length(8),
    startDate: p.datetime(),
    endDate: p.datetime(),
    /** Swept parameters: lists of values or { min, max, step }. */
    parameterRanges: p.json<Record<string, unknown>>(),
    /** Values of the parameters not swept. */
    baseParams: p.json<Record<string, number | boolean>>(),
    /** Capital, sizing, fees and limits every combination runs with (engine/settings.ts); read back through readRunSettings. */
    settings: p.json<RunSettings>(),
    gapPolicy: p.string().length(8).$type<GapPolicy>(),
    fetchMissingData: p.boolean().default(true),
    /** Candles before startDate are loaded as indicator history (engine BacktestConfig.startTimeMs); false = warm up inside the range. */
    warmupHistory: p.boolean().default(true),
    /** How rows are ranked; re-ranking a finished sweep by another objective needs no re-run. */
    objective: p.json<ObjectiveSpec>(),
    /** Rows with fewer trades are stored but never ranked best or recommended. */
    minTrades: p.integer().default(DEFAULT_MIN_TRADES),
    search: p.json<SearchSpec>(),
    /** Time blocks of the Probability of Backtest Overfitting (CSCV over the in-sample rows). */
    pboBlocks: p.integer().default(16),
    /** α of the paired test a recommendation from this sweep must pass (after the multiple-testing correction). */
    significanceLevel: p.double().$type<number>().default(0.05),
    /** Hold-out or walk-forward checks on data the search did not see; null = in-sample only. */
    validation: p.json<ValidationSpec>().nullable(),
    /** Parameter sets the ranges allow (after constraints), whatever the search method visits. */
    totalCombinations: p.integer(),
    skippedByConstraint: p.integer().default(0),
    /** Backtests the sweep runs in all (search, every walk-forward window, out-of-sample tests). */
    totalEvaluations: p.integer().default(0),
    completedEvaluations: p.integer().default(0),
    /** What the market of a single-symbol sweep was like over its range (engine/learning): what learning across markets reads. */
    marketFeatures: p.json<MarketFeatures>().nullable(),
    /** ADAPTIVE with learnedStart: the sets a model of other markets proposed to start from, and those markets' weights; decided once, on the first attempt. */
    learnedStart: p.json<LearnedStart>().nullable(),
    /** What the sweep found beyond its rows: hold-out and walk-forward results, robustness of the best. */
    report: p.json<Record<string, unknown>>().nullable(),
    progress: p.double().$type<number>().default(0),
    attempts: p.integer().default(0),
    error: p.text().nullable(),
    errorCode: p.string().length(64).nullable(),
    /** Principal that queued it (`env:<name>`, `token:<uuid>`, `anonymous`), set by access/queued-work.ts; null before access control. */
    createdBy: p.string().length(100).nullable(),
    /** When the recommend job had drawn every recommendation of this sweep. */
    recommendedAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    startedAt: p.datetime().nullable(),
    completedAt: p.datetime().nullable(),
  }),
});

export type IOptimizationSweep = InferEntity<typeof OptimizationSweep>;
