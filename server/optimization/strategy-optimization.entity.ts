import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { BacktestRun } from '../backtest/index.ts';
import { resultColumns } from '../backtest/index.ts';
import type { RowPhase } from './sweep-spec.ts';
import { OptimizationSweep } from './optimization-sweep.entity.ts';

/**
 * One parameter combination tested for a strategy on a market and range, with every metric of its
 * backtest and its ranking score. Rows of one sweep point to it; `run` links the full backtest run
 * of the combination, when one was opened.
 */
export const StrategyOptimization = defineEntity({
  name: 'StrategyOptimization',
  tableName: 'strategy_optimization',
  indexes: [{ properties: ['sweep', 'window', 'phase', 'score'] }, { properties: ['strategy', 'score'] }],
  // A retried chunk inserts with ON CONFLICT DO NOTHING: each evaluation is stored exactly once.
  uniques: [{ properties: ['sweep', 'window', 'phase', 'paramsKey'] }],
  properties: (p) => ({
    id: p.uuid().primary(),
    sweep: p.manyToOne(OptimizationSweep).nullable().deleteRule('cascade'),
    run: p.manyToOne(BacktestRun).nullable().deleteRule('set null'),
    strategy: p.string().length(64),
    symbols: p.array().$type<string[]>(),
    timeframe: p.string().length(8),
    params: p.json<Record<string, number | boolean>>(),
    /** 0 for a plain sweep; 1..n for the walk-forward window the row belongs to. */
    window: p.integer().default(0),
    /** IN_SAMPLE rows are the search's own; OUT_OF_SAMPLE rows test chosen sets on data the search never saw. */
    phase: p.string().length(16).$type<RowPhase>().default('IN_SAMPLE'),
    /** The candles the row was measured on: its window's in-sample or out-of-sample part. */
    fromDate: p.datetime().nullable(),
    toDate: p.datetime().nullable(),
    /** Canonical JSON of params, so one sweep never stores the same combination twice. */
    paramsKey: p.text(),
    ...resultColumns(),
    /** Score under the sweep's objective (higher is better); null when the objective is undefined for the row (no trades…). */
    score: p.double().$type<number>().nullable(),
    /**
     * In-sample rows: [count, Σr, Σr²] of the daily returns in each of the sweep's PBO blocks (equal blocks of
     * days of the window), what the Probability of Backtest Overfitting is computed from (optimization/overfitting.ts).
     */
    blockReturns: p.json<number[]>().nullable(),
    /** The worker process (host:pid) that evaluated the row: how a sweep spread over machines. */
    evaluatedBy: p.string().length(120).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  }),
});

export type IStrategyOptimization = InferEntity<typeof StrategyOptimization>;
