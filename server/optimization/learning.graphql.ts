import { z } from 'zod';
import type { MarketFeatures } from '../engine/learning/index.ts';
import { builder } from '../graphql/builder.ts';
import { ParamSetRef } from '../graphql/values.graphql.ts';
import { marketRanking, type MarketRank } from './market-ranking.ts';
import type { LearnedStart } from './optimization-sweep.entity.ts';
import { OptimizationSweepRef } from './optimization.graphql.ts';

/** Learning across markets: a sweep's market features and learned start, and where a strategy works. */

const MarketFeaturesRef = builder.objectRef<MarketFeatures>('MarketFeatures').implement({
  description: 'What a market was like over a range: the features learning across markets compares markets by',
  fields: (t) => ({
    volatilityPct: t.exposeFloat('volatilityPct', { description: 'Annualised standard deviation of log returns, %' }),
    trendEfficiency: t.exposeFloat('trendEfficiency', { description: 'Kaufman efficiency ratio over 100-bar windows: 1 = every bar moved one way, 0 = moves cancelled' }),
    autocorrelation: t.exposeFloat('autocorrelation', { description: 'Lag-1 autocorrelation of log returns: > 0 moves continued, < 0 they reverted' }),
    timeframeMinutes: t.exposeFloat('timeframeMinutes'),
  }),
});

const MarketWeightRef = builder.objectRef<LearnedStart['markets'][number]>('MarketWeight').implement({
  fields: (t) => ({
    market: t.exposeString('key', { description: 'Symbol and timeframe' }),
    weight: t.exposeFloat('weight', { description: 'How much this market counted (weights sum to 1)' }),
  }),
});

const LearnedStartRef = builder.objectRef<LearnedStart>('LearnedStart').implement({
  description: 'Where an ADAPTIVE search started: the sets a model of the strategy’s sweeps on other markets predicted best for this one',
  fields: (t) => ({
    sets: t.field({ type: [ParamSetRef], description: 'Parameter sets evaluated first', resolve: (s) => s.sets }),
    markets: t.field({ type: [MarketWeightRef], description: 'The markets learned from, most alike first', resolve: (s) => s.markets }),
  }),
});

builder.objectFields(OptimizationSweepRef, (t) => ({
  marketFeatures: t.field({ type: MarketFeaturesRef, nullable: true, description: 'The market over the sweep’s range (single-symbol sweeps, once started)', resolve: (s) => s.marketFeatures }),
  learnedStart: t.field({ type: LearnedStartRef, nullable: true, resolve: (s) => s.learnedStart }),
}));

const MarketRankRef = builder.objectRef<MarketRank>('MarketRank').implement({
  fields: (t) => ({
    symbol: t.exposeString('symbol'),
    timeframe: t.exposeString('timeframe'),
    features: t.field({ type: MarketFeaturesRef, nullable: true, resolve: (r) => r.features }),
    observed: t.exposeFloat('observed', { nullable: true, description: 'Out-of-sample Sharpe ratio of the set the latest validated sweep chose in sample' }),
    sweepId: t.exposeID('sweepId', { nullable: true }),
    predicted: t.exposeFloat('predicted', {
      nullable: true,
      description: 'Out-of-sample Sharpe predicted from the other swept markets with similar features (a swept market is left out of its own prediction)',
    }),
  }),
});

const MarketCandidateInput = builder.inputType('MarketCandidate', {
  fields: (t) => ({ symbol: t.string({ required: true }), timeframe: t.string({ required: true }) }),
});

/** Candidates are feature computations over a year of stored candles each: a few at a time. */
const MAX_CANDIDATES = 50;

builder.queryFields((t) => ({
  marketRanking: t.field({
    type: [MarketRankRef],
    description: 'Markets ranked by where the strategy is predicted to work best out of sample: every market it was swept on with validation, and the candidates given',
    args: { strategy: t.arg.string({ required: true }), candidates: t.arg({ type: [MarketCandidateInput], validate: z.array(z.unknown()).max(MAX_CANDIDATES) }) },
    complexity: (args) => 10 + 20 * (args.candidates?.length ?? 0),
    resolve: (_root, args, ctx) => marketRanking(ctx.em, ctx.services.pool, args.strategy, (args.candidates ?? []).map((c) => ({ symbol: c.symbol.toUpperCase(), timeframe: c.timeframe }))),
  }),
}));
