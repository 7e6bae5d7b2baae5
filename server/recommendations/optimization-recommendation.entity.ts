import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { OptimizationSweep } from '../optimization/optimization-sweep.entity.ts';
import { StrategyOptimization } from '../optimization/strategy-optimization.entity.ts';

export const RECOMMENDATION_TYPES = ['PARAMETERS', 'SYMBOL', 'TIMEFRAME'] as const;
export type RecommendationType = (typeof RECOMMENDATION_TYPES)[number];
export const RECOMMENDATION_STATUSES = ['PENDING', 'ACCEPTED', 'REJECTED', 'APPLIED'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/**
 * A suggested change to a strategy's configuration, linked to the optimization results that are
 * its evidence, with the improvement it expects and how confident it is.
 */
export const OptimizationRecommendation = defineEntity({
  name: 'OptimizationRecommendation',
  tableName: 'optimization_recommendation',
  indexes: [{ properties: ['status', 'createdAt'] }, { properties: ['strategy', 'createdAt'] }],
  // One recommendation per sweep: a retried recommend job cannot add a second.
  uniques: [{ properties: ['sweep'] }],
  properties: (p) => ({
    id: p.uuid().primary(),
    type: p.string().length(16).$type<RecommendationType>(),
    /** The sweep whose results this recommendation was drawn from. */
    sweep: p.manyToOne(OptimizationSweep).nullable().deleteRule('cascade'),
    status: p.string().length(16).$type<RecommendationStatus>(),
    strategy: p.string().length(64),
    symbols: p.array().$type<string[]>(),
    timeframe: p.string().length(8),
    currentParams: p.json<Record<string, number | boolean>>(),
    recommendedParams: p.json<Record<string, number | boolean>>(),
    expectedWinRateImprovement: p.double().$type<number>().nullable(),
    expectedRoiImprovement: p.double().$type<number>().nullable(),
    /** In [0, 1]. */
    confidenceScore: p.double().$type<number>(),
    rationale: p.text(),
    evidence: p.manyToMany(StrategyOptimization).owner(),
    createdAt: p.datetime().defaultRaw('now()'),
    decidedAt: p.datetime().nullable(),
  }),
});

export type IOptimizationRecommendation = InferEntity<typeof OptimizationRecommendation>;
