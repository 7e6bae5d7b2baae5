import { z } from 'zod';
import { RunStatusEnum, simulationInputFields } from '../backtest/backtest-inputs.graphql.ts';
import { BacktestRunRef } from '../backtest/backtest.graphql.ts';
import { BacktestMetricsRef } from '../backtest/metrics.graphql.ts';
import { readRunSettings } from '../backtest/run-settings.ts';
import { RunSettingsRef } from '../backtest/run-settings.graphql.ts';
import { getBacktest } from '../backtest/backtest.service.ts';
import { builder } from '../graphql/builder.ts';
import { pagedConnection } from '../graphql/connection.ts';
import { snapshotThenStream } from '../graphql/live.ts';
import type { IOptimizationSweep } from './optimization-sweep.entity.ts';
import type { OptimizationProgressEvent } from './optimization.events.ts';
import {
  DEFAULT_MAX_COMBINATIONS,
  MAX_COMBINATIONS_LIMIT,
  bestOfSweep,
  cancelSweep,
  createSweep,
  getSweep,
  isTerminal,
  listOptimizations,
  listSweeps,
  requireSweep,
  sweepProgressEvent,
} from './optimization.service.ts';
import type { IStrategyOptimization } from './strategy-optimization.entity.ts';

const relationId = (ref: unknown): string | null => (ref === null || ref === undefined ? null : typeof ref === 'string' ? ref : (ref as { id: string }).id);

export const StrategyOptimizationRef = builder.objectRef<IStrategyOptimization>('StrategyOptimization').implement({
  description: 'One parameter combination tested for a strategy, with its performance and ranking score',
  fields: (t) => ({
    id: t.exposeID('id'),
    sweepId: t.id({ nullable: true, resolve: (o) => relationId(o.sweep) }),
    strategy: t.exposeString('strategy'),
    symbols: t.stringList({ resolve: (o) => o.symbols }),
    timeframe: t.exposeString('timeframe'),
    params: t.field({ type: 'JSON', resolve: (o) => o.params }),
    metrics: t.field({ type: BacktestMetricsRef, description: 'Every statistic of the combination’s backtest', resolve: (o) => o }),
    score: t.exposeFloat('score', { description: 'win rate × 0.4 + ROI × 0.3 + Sharpe × 0.2 + profit factor × 0.1 (null metrics count as 0)' }),
    createdAt: t.field({ type: 'DateTime', resolve: (o) => o.createdAt }),
    run: t.field({
      type: BacktestRunRef,
      nullable: true,
      resolve: (o, _args, ctx) => {
        const runId = relationId(o.run);
        return runId ? getBacktest(ctx.em, runId) : null;
      },
    }),
  }),
});

const OptimizationSweepRef = builder.objectRef<IOptimizationSweep>('OptimizationSweep').implement({
  description: 'A parameter sweep: every combination of the given ranges backtested on one market and range',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    status: t.field({ type: RunStatusEnum, resolve: (s) => s.status }),
    progress: t.exposeFloat('progress', { description: '0..1' }),
    strategy: t.exposeString('strategy'),
    symbols: t.stringList({ resolve: (s) => s.symbols }),
    timeframe: t.exposeString('timeframe'),
    startDate: t.field({ type: 'DateTime', resolve: (s) => s.startDate }),
    endDate: t.field({ type: 'DateTime', resolve: (s) => s.endDate }),
    parameterRanges: t.field({ type: 'JSON', resolve: (s) => s.parameterRanges }),
    baseParams: t.field({ type: 'JSON', resolve: (s) => s.baseParams }),
    settings: t.field({ type: RunSettingsRef, description: 'Capital, sizing, fees and limits every combination runs with', resolve: (s) => readRunSettings(s.settings) }),
    totalCombinations: t.exposeInt('totalCombinations'),
    completedCombinations: t.exposeInt('completedCombinations'),
    skippedByConstraint: t.exposeInt('skippedByConstraint', { description: 'Combinations of the ranges that break a strategy constraint, never run' }),
    attempts: t.exposeInt('attempts'),
    error: t.exposeString('error', { nullable: true }),
    errorCode: t.exposeString('errorCode', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (s) => s.createdAt }),
    startedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.startedAt }),
    completedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.completedAt }),
    best: t.field({ type: StrategyOptimizationRef, nullable: true, description: 'The highest-scoring combination so far', resolve: (s, _args, ctx) => bestOfSweep(ctx.em, s.id) }),
    results: t.connection({
      type: StrategyOptimizationRef,
      description: 'Tested combinations, best score first',
      args: { minTrades: t.arg.int() },
      resolve: (s, args, ctx) => pagedConnection(args, (page) => listOptimizations(ctx.em, { sweepId: s.id, minTrades: args.minTrades }, page)),
    }),
  }),
});

const OptimizationProgressRef = builder.objectRef<OptimizationProgressEvent>('OptimizationProgress').implement({
  fields: (t) => ({
    sweepId: t.exposeID('sweepId'),
    status: t.field({ type: RunStatusEnum, resolve: (e) => e.status }),
    progress: t.exposeFloat('progress'),
    completedCombinations: t.exposeInt('completedCombinations'),
    totalCombinations: t.exposeInt('totalCombinations'),
    bestScore: t.exposeFloat('bestScore', { nullable: true }),
    bestParams: t.field({ type: 'JSON', nullable: true, resolve: (e) => e.bestParams }),
    message: t.exposeString('message', { nullable: true }),
  }),
});

const OptimizeStrategyInput = builder.inputType('OptimizeStrategyInput', {
  fields: (t) => ({
    ...simulationInputFields(t),
    parameterRanges: t.field({
      type: 'JSON',
      required: true,
      description: 'Swept parameters: { "fast": [5, 10, 20], "slow": { "min": 20, "max": 100, "step": 10 } }',
    }),
    baseParams: t.field({ type: 'JSON', description: 'Values of the parameters not swept (defaults otherwise)' }),
    maxCombinations: t.int({
      description: `Refuse grids larger than this (default ${DEFAULT_MAX_COMBINATIONS})`,
      validate: z.number().int().min(1).max(MAX_COMBINATIONS_LIMIT),
    }),
  }),
});

const OptimizationFilterInput = builder.inputType('OptimizationFilter', {
  fields: (t) => ({
    sweepId: t.id(),
    strategy: t.string(),
    symbol: t.string(),
    minTrades: t.int(),
  }),
});

builder.queryFields((t) => ({
  optimizations: t.connection({
    type: StrategyOptimizationRef,
    description: 'Tested parameter sets, best score first',
    args: { filter: t.arg({ type: OptimizationFilterInput }) },
    resolve: (_root, args, ctx) =>
      pagedConnection(args, (page) => listOptimizations(ctx.em, args.filter && { ...args.filter, sweepId: args.filter.sweepId?.toString() }, page)),
  }),
  optimizationSweep: t.field({
    type: OptimizationSweepRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => getSweep(ctx.em, String(args.id)),
  }),
  optimizationSweeps: t.connection({
    type: OptimizationSweepRef,
    args: { status: t.arg({ type: [RunStatusEnum] }) },
    resolve: (_root, args, ctx) => pagedConnection(args, (page) => listSweeps(ctx.em, args.status, page)),
  }),
}));

builder.mutationFields((t) => ({
  optimizeStrategy: t.field({
    type: OptimizationSweepRef,
    description: 'Validates the sweep, expands its grid, stores it PENDING and queues it for a worker',
    args: { input: t.arg({ type: OptimizeStrategyInput, required: true }) },
    resolve: (_root, { input }, ctx) => createSweep(ctx.services, ctx.em, input),
  }),
  cancelOptimization: t.field({
    type: OptimizationSweepRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => cancelSweep(ctx.services, ctx.em, String(args.id)),
  }),
}));

builder.subscriptionFields((t) => ({
  optimizationProgress: t.field({
    type: OptimizationProgressRef,
    description: 'The current state first, then progress with the best combination so far, ending with the terminal status',
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const id = String(args.id);
      const source = ctx.services.pubsub.subscribe('optimizationProgress', id);
      await requireSweep(ctx.em, id);
      return snapshotThenStream<OptimizationProgressEvent>({
        source,
        snapshot: async () => {
          const em = ctx.services.orm.em.fork();
          const sweep = await getSweep(em, id);
          return sweep ? sweepProgressEvent(sweep, await bestOfSweep(em, id)) : null;
        },
        isTerminal: (event) => isTerminal(event.status),
        isStale: (event, last) => event.status === last.status && event.completedCombinations < last.completedCombinations,
      });
    },
    resolve: (event) => event,
  }),
}));
