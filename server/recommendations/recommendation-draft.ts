import { randomUUID } from 'node:crypto';
import type { RunSettings, StrategyParams } from '../engine/index.ts';
import { StrategyOptimization } from '../optimization/index.ts';
import type { AppServices } from '../services.ts';
import { calibrationFor } from './calibration.ts';
import { confidenceOf, type ConfidenceInputs } from './confidence.ts';
import type { RecommendationValidation, SideResult } from './recommendation-validation.ts';
import { OptimizationRecommendation, type RecommendationType, type RecommendationValues } from './optimization-recommendation.entity.ts';

/** A recommendation before calibration, confidence and storage. */
export interface RecommendationDraft {
  readonly type: RecommendationType;
  /** One recommendation per question and source: a retried job finds it stored. */
  readonly dedupeKey: string;
  readonly sweepId: string | null;
  readonly strategy: string;
  readonly symbols: string[];
  readonly timeframe: string;
  readonly baseParams: StrategyParams;
  readonly baseSettings: RunSettings;
  readonly current: RecommendationValues;
  readonly recommended: RecommendationValues;
  readonly validation: RecommendationValidation;
  /** null = it passed every check (README: when Candlelab refuses to recommend); otherwise why it did not. */
  readonly rejectionReason: string | null;
  readonly confidence: ConfidenceInputs;
  readonly rationale: string;
  readonly evidenceRowIds: readonly string[];
}

/**
 * Stores a draft: expected improvements are its out-of-sample ones scaled by the type's track record,
 * its confidence computed from the evidence and the track record (confidence.ts). Returns false when it
 * was stored before.
 */
export async function storeDraft(services: AppServices, draft: RecommendationDraft): Promise<boolean> {
  const em = services.orm.em.fork();
  if (await em.count(OptimizationRecommendation, { dedupeKey: draft.dedupeKey })) return false;
  const calibration = await calibrationFor(em, draft.type);
  const confidence = confidenceOf(draft.confidence, calibration);
  const { current, recommended } = draft.validation;
  const rawRoi = current && recommended ? recommended.roi - current.roi : null;
  const rawWinRate = current?.winRate != null && recommended?.winRate != null ? recommended.winRate - current.winRate : null;
  const recommendation = em.create(OptimizationRecommendation, {
    id: randomUUID(),
    type: draft.type,
    status: draft.rejectionReason ? 'REJECTED' : 'PENDING',
    dedupeKey: draft.dedupeKey,
    sweep: draft.sweepId,
    strategy: draft.strategy,
    symbols: draft.symbols,
    timeframe: draft.timeframe,
    baseParams: draft.baseParams,
    baseSettings: draft.baseSettings,
    currentValues: draft.current,
    recommendedValues: draft.recommended,
    rawExpectedRoiImprovement: rawRoi,
    rawExpectedWinRateImprovement: rawWinRate,
    expectedRoiImprovement: rawRoi === null ? null : rawRoi * calibration.scale,
    expectedWinRateImprovement: rawWinRate === null ? null : rawWinRate * calibration.scale,
    confidenceScore: confidence.score,
    confidenceBreakdown: { ...confidence, calibrationScale: calibration.scale },
    validation: draft.validation,
    rejectionReason: draft.rejectionReason,
    rationale: draft.rationale + (calibration.measured > 0 ? ` Expectations scaled by ${calibration.scale.toFixed(2)} from ${calibration.measured} measured ${draft.type} recommendation(s) (hit rate ${(calibration.hitRate * 100).toFixed(0)} %).` : ''),
    decidedAt: draft.rejectionReason ? new Date() : null,
    createdAt: new Date(),
  });
  for (const id of new Set(draft.evidenceRowIds)) recommendation.evidence.add(em.getReference(StrategyOptimization, id));
  try {
    await em.flush();
  } catch (error) {
    // A concurrent attempt stored it first: that one stands.
    if ((error as { code?: string }).code === '23505') return false;
    throw error;
  }
  services.pubsub.publish('recommendationCreated', { recommendationId: recommendation.id, sweepId: draft.sweepId });
  return true;
}

export const sideOf = (row: { roi?: number | null; winRate?: number | null; totalTrades?: number | null; score?: number | null; maxDrawdownPercentage?: number | null; sharpeRatio?: number | null }): SideResult => ({
  roi: row.roi ?? 0,
  winRate: row.winRate ?? null,
  totalTrades: row.totalTrades ?? 0,
  score: row.score ?? null,
  maxDrawdownPercentage: row.maxDrawdownPercentage ?? 0,
  sharpeRatio: row.sharpeRatio ?? null,
});

export const pct = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)} %`;
export const describeParams = (params: Readonly<Record<string, unknown>>) => Object.entries(params).map(([key, value]) => `${key} ${value}`).join(', ');
