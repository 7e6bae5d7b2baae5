import type { EntityManager } from '@mikro-orm/postgresql';
import { brierScore, calibrationSlope, reliabilityCurve, type ReliabilityBin } from '../engine/index.ts';
import { OptimizationRecommendation, type IOptimizationRecommendation, type RecommendationType } from './optimization-recommendation.entity.ts';

/**
 * What the track record of one type says about the next recommendations, from every applied one whose
 * result on newer data was measured (validation.job.ts). A hit is a realised improvement above 0: in ROI
 * points for PARAMETERS, SYMBOL and TIMEFRAME, in Sharpe ratio for RISK (which is judged risk-adjusted, so
 * trading less is not an improvement).
 *
 *   confidence   slope = engine calibrationSlope over (stored confidence, hit): the next confidences lean
 *                away from ½ by this share of what their evidence says (confidence.ts); with the Brier
 *                score and the reliability curve (predicted against realised hit rate per bin)
 *   expectation  ratio_i = clamp(realised_i / expected_i, −1, 2) over those that expected a gain;
 *                scale = clamp((Σ ratio_i + K) / (n + K), 0, 1.5), K = 2 "as expected" results of prior;
 *                the next expected improvements are multiplied by it
 *   hit rate     (hits + 1) / (n + 2) (Laplace)
 */
export interface Calibration {
  readonly type: RecommendationType;
  readonly measured: number;
  readonly hits: number;
  readonly hitRate: number;
  readonly scale: number;
  readonly slope: number;
  readonly brierScore: number | null;
  readonly reliability: ReliabilityBin[];
  readonly meanExpectedImprovement: number | null;
  readonly meanRealisedImprovement: number | null;
  /** What the improvements above are measured in. */
  readonly improvementUnit: 'ROI_POINTS' | 'SHARPE';
}

export interface MeasuredRecommendation {
  readonly expected: number;
  readonly realised: number;
  readonly confidence: number;
}

const PRIOR_WEIGHT = 2;
const RELIABILITY_BINS = 5;

export function calibrationOf(type: RecommendationType, measured: readonly MeasuredRecommendation[]): Calibration {
  const usable = measured.filter((m) => Number.isFinite(m.expected) && Number.isFinite(m.realised) && m.expected > 0);
  const ratios = usable.map((m) => Math.min(2, Math.max(-1, m.realised / m.expected)));
  const forecasts = measured.map((m) => ({ predicted: Math.min(1, Math.max(0, m.confidence)), hit: m.realised > 0 }));
  const hits = forecasts.filter((f) => f.hit).length;
  const n = measured.length;
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    type,
    measured: n,
    hits,
    hitRate: (hits + 1) / (n + 2),
    scale: Math.min(1.5, Math.max(0, (ratios.reduce((a, b) => a + b, 0) + PRIOR_WEIGHT) / (ratios.length + PRIOR_WEIGHT))),
    slope: calibrationSlope(forecasts),
    brierScore: brierScore(forecasts),
    reliability: reliabilityCurve(forecasts, { bins: RELIABILITY_BINS }),
    meanExpectedImprovement: mean(measured.map((m) => m.expected)),
    meanRealisedImprovement: mean(measured.map((m) => m.realised)),
    improvementUnit: type === 'RISK' ? 'SHARPE' : 'ROI_POINTS',
  };
}

/** Expected and realised improvement of a measured recommendation, in its type's unit. */
export function improvementOf(row: Pick<IOptimizationRecommendation, 'type' | 'rawExpectedRoiImprovement' | 'realisedRoiImprovement' | 'validation' | 'realisedSharpeImprovement'>): { expected: number; realised: number } {
  if (row.type === 'RISK') {
    const v = row.validation;
    const expected = (v?.recommended?.sharpeRatio ?? 0) - (v?.current?.sharpeRatio ?? 0);
    return { expected, realised: row.realisedSharpeImprovement ?? 0 };
  }
  return { expected: row.rawExpectedRoiImprovement ?? 0, realised: row.realisedRoiImprovement ?? 0 };
}

/** The calibration of one type from every measured recommendation of it. */
export async function calibrationFor(em: EntityManager, type: RecommendationType): Promise<Calibration> {
  const rows = await em.find(OptimizationRecommendation, { type, realisedStatus: 'MEASURED' }, { orderBy: { realisedAt: 'asc' } });
  return calibrationOf(
    type,
    rows.map((row) => ({ ...improvementOf(row), confidence: row.confidenceScore })),
  );
}
