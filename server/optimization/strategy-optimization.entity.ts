import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { BacktestRun } from '../backtest/backtest-run.entity.ts';
import { resultColumns } from '../backtest/metric-columns.ts';
import { OptimizationSweep } from './optimization-sweep.entity.ts';

/**
 * One parameter combination tested for a strategy on a market and range, with every metric of its
 * backtest and its ranking score. Rows of one sweep point to it; `run` links the full backtest run
 * of the combination, when one was opened.
 */
export const StrategyOptimization = defineEntity({
  name: 'StrategyOptimization',
  tableName: 'strategy_optimization',
  indexes: [{ properties: ['sweep', 'score'] }, { properties: ['strategy', 'score'] }],
  uniques: [{ properties: ['sweep', 'paramsKey'] }],
  properties: (p) => ({
    id: p.uuid().primary(),
    sweep: p.manyToOne(OptimizationSweep).nullable().deleteRule('cascade'),
    run: p.manyToOne(BacktestRun).nullable().deleteRule('set null'),
    strategy: p.string().length(64),
    symbols: p.array().$type<string[]>(),
    timeframe: p.string().length(8),
    params: p.json<Record<string, number | boolean>>(),
    /** Canonical JSON of params, so one sweep never stores the same combination twice. */
    paramsKey: p.text(),
    ...resultColumns(),
    /** Composite ranking score; its formula is recorded by the sweep that computed it. */
    score: p.double().$type<number>(),
    createdAt: p.datetime().defaultRaw('now()'),
  }),
});

export type IStrategyOptimization = InferEntity<typeof StrategyOptimization>;
