import { BacktestRunRef } from '../backtest/backtest.graphql.ts';
import { getBacktest } from '../backtest/backtest.service.ts';
import { builder } from '../graphql/builder.ts';
import { pagedConnection } from '../graphql/connection.ts';
import { listOptimizations } from './optimization.service.ts';
import type { IStrategyOptimization } from './strategy-optimization.entity.ts';

export const StrategyOptimizationRef = builder.objectRef<IStrategyOptimization>('StrategyOptimization').implement({
  description: 'One parameter combination tested for a strategy, with its performance and ranking score',
  fields: (t) => ({
    id: t.exposeID('id'),
    sweepId: t.exposeID('sweepId', { nullable: true }),
    strategy: t.exposeString('strategy'),
    symbols: t.stringList({ resolve: (o) => o.symbols }),
    timeframe: t.exposeString('timeframe'),
    params: t.field({ type: 'JSON', resolve: (o) => o.params }),
    totalTrades: t.exposeInt('totalTrades'),
    winRate: t.exposeFloat('winRate', { nullable: true }),
    roi: t.exposeFloat('roi'),
    sharpeRatio: t.exposeFloat('sharpeRatio', { nullable: true }),
    profitFactor: t.exposeFloat('profitFactor', { nullable: true }),
    maxDrawdownPercentage: t.exposeFloat('maxDrawdownPercentage'),
    score: t.exposeFloat('score', { description: 'win rate × 0.4 + ROI × 0.3 + Sharpe × 0.2 + profit factor × 0.1' }),
    createdAt: t.field({ type: 'DateTime', resolve: (o) => o.createdAt }),
    run: t.field({
      type: BacktestRunRef,
      nullable: true,
      resolve: (o, _args, ctx) => (o.run ? getBacktest(ctx.em, typeof o.run === 'string' ? o.run : o.run.id) : null),
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
  optimizations: t.connection(
    {
      type: StrategyOptimizationRef,
      description: 'Tested parameter sets, best score first',
      args: { filter: t.arg({ type: OptimizationFilterInput }) },
      resolve: (_root, args, ctx) =>
        pagedConnection(args, (page) => listOptimizations(ctx.em, args.filter && { ...args.filter, sweepId: args.filter.sweepId?.toString() }, page)),
    },
  ),
}));
