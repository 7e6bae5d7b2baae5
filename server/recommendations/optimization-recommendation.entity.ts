import { type RecommendationValidation } from './recommendation-validation.ts';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { RunSettings } from '../engine/index.ts';
import { OptimizationSweep } from '../optimization/index.ts';
import { StrategyOptimization } from '../optimization/index.ts';

export const RECOMMENDATION_TYPES = ['PARAMETERS', 'SYMBOL', 'TIMEFRAME', 'RISK'] as const;
export type RecommendationType = (typeof RECOMMENDATION_TYPES)[number];
export const RECOMMENDATION_STATUSES = ['PENDING', 'ACCEPTED', 'REJECTED', 'APPLIED'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];
/** How the measurement of an applied recommendation on newer data stands. */
export const REALISED_STATUSES = ['RUNNING', 'MEASURED', 'NO_NEW_DATA', 'FAILED'] as const;
export type RealisedStatus = (typeof REALISED_STATUSES)[number];

/**
 * One side of a recommendation: what it changes. PARAMETERS and RISK change strategy parameters (RISK:
 * stop and target ones) and settings (RISK: sizing); SYMBOL a symbol; TIMEFRAME a timeframe. The rest
 * of the configuration is the recommendation's strategy, symbols, timeframe, baseParams and baseSettings.
 */
export interface RecommendationValues {
  readonly symbol?: string;
  readonly timeframe?: string;
  readonly params?: Readonly<Record<string, number | boolean>>;
  readonly settings?: Readonly<Partial<RunSettings>>;
}

/**
 * A suggested change (parameters, symbol, timeframe or risk) with the improvement it expects out of
 * sample and how confident it is, linked to its evidence. One that did not beat the current settings
 * on data it was not derived from is stored REJECTED with its reason, so what was considered shows.
 */
export const OptimizationRecommendation = defineEntity({
  name: 'OptimizationRecommendation',
  tableName: 'optimization_recommendation',
  indexes: [{ properties: ['status', 'createdAt'] }, { properties: ['strategy', 'createdAt'] }, { properties: ['type', 'status'] }],
  // One recommendation per question asked of one source (a sweep's best parameters, a set of sweeps'
  // symbols…): a retried recommend job cannot add a second.
  uniques: [{ properties: ['dedupeKey'] }],
  properties: (p) => ({
    id: p.uuid().primary(),
    type: p.string().length(16).$type<RecommendationType>(),
    status: p.string().length(16).$type<RecommendationStatus>(),
    dedupeKey: p.text(),
    /** The sweep it was drawn from; null for one drawn across sweeps. */
    sweep: p.manyToOne(OptimizationSweep).nullable().deleteRule('cascade'),
    strategy: p.string().length(64),
    symbols: p.array().$type<string[]>(),
    timeframe: p.string().length(8),
    /** The parameters and settings both sides share. */
    baseParams: p.json<Record<string, number | boolean>>(),
    baseSettings: p.json<RunSettings>(),
    currentValues: p.json<RecommendationValues>(),
    recommendedValues: p.json<RecommendationValues>(),
    /** Out-of-sample improvements (percentage points), scaled by the type's calibration. */
    expectedWinRateImprovement: p.double().$type<number>().nullable(),
    expectedRoiImprovement: p.double().$type<number>().nullable(),
    /** The same before calibration: what realised results are compared with. */
    rawExpectedWinRateImprovement: p.double().$type<number>().nullable(),
    rawExpectedRoiImprovement: p.double().$type<number>().nullable(),
    /** In [0, 1]; how it was computed is in confidenceBreakdown. */
    confidenceScore: p.double().$type<number>(),
    confidenceBreakdown: p.json<Record<string, number | string | boolean | null>>(),
    /** The out-of-sample comparison it was validated on (method, range, both sides' metrics). */
    validation: p.json<RecommendationValidation>().nullable(),
    rejectionReason: p.text().nullable(),
    rationale: p.text(),
    evidence: p.manyToMany(StrategyOptimization).owner(),
    createdAt: p.datetime().defaultRaw('now()'),
    decidedAt: p.datetime().nullable(),
    appliedAt: p.datetime().nullable(),
    /** After applying: the recommended and current values backtested on data newer than the evidence. */
    realisedStatus: p.string().length(16).$type<RealisedStatus>().nullable(),
    realisedMessage: p.text().nullable(),
    validationRunIds: p.array().$type<string[]>().nullable(),
    realisedFrom: p.datetime().nullable(),
    realisedTo: p.datetime().nullable(),
    realisedRoiImprovement: p.double().$type<number>().nullable(),
    realisedWinRateImprovement: p.double().$type<number>().nullable(),
    /** Recommended minus current Sharpe ratio on the newer data: what a RISK recommendation is judged by. */
    realisedSharpeImprovement: p.double().$type<number>().nullable(),
    /** What applying it did to a preset that held other recommendations' values (presets.ts). */
    presetNote: p.text().nullable(),
    realisedAt: p.datetime().nullable(),
  }),
});

export type IOptimizationRecommendation = InferEntity<typeof OptimizationRecommendation>;
