import type { EntityManager } from '@mikro-orm/postgresql';
import { OptimizationRecommendation, type RecommendationType } from './optimization-recommendation.entity.ts';

/**
 * How realised improvements of applied recommendations of one type compared with what they expected,
 * used to scale the next ones (issue: calibrate confidence from the track record).
 *
 *   ratio_i    = clamp(realised_i / expected_i, −1, 2)   for each measured one with expected ROI gain > 0
 *   scale      = clamp((Σ ratio_i + K·1) / (n + K), 0, 1.5)      K = 2: two "as expected" results of prior
 *   hitRate    = (hits + 1) / (n + 2)        hits: realised ROI gain > 0 (Laplace's rule)
 *   confidence multiplier = clamp(2 · hitRate, 0, 1): neutral (1) with no track record or at least half
 *                           hits, shrinking towards 0 as more of them fail
 * Expected improvements of a new recommendation are multiplied by `scale`, its confidence by the multiplier.
 */
export interface Calibration {
  readonly type: RecommendationType;
  readonly measured: number;
  readonly hits: number;
  readonly hitRate: number;
  readonly scale: number;
  readonly confidenceMultiplier: number;
  readonly meanExpectedRoiImprovement: number | null;
  readonly meanRealisedRoiImprovement: number | null;
}

const PRIOR_WEIGHT = 2;

export function calibrationOf(type: RecommendationType, measured: ReadonlyArray<{ expected: number; realised: number }>): Calibration {
  const usable = measured.filter((m) => Number.isFinite(m.expected) && Number.isFinite(m.realised) && m.expected > 0);
  const ratios = usable.map((m) => Math.min(2, Math.max(-1, m.realised / m.expected)));
  const hits = measured.filter((m) => m.realised > 0).length;
  const n = measured.length;
  const hitRate = (hits + 1) / (n + 2);
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    type,
    measured: n,
    hits,
    hitRate,
    scale: Math.min(1.5, Math.max(0, (ratios.reduce((a, b) => a + b, 0) + PRIOR_WEIGHT) / (ratios.length + PRIOR_WEIGHT))),
    confidenceMultiplier: Math.min(1, 2 * hitRate),
    meanExpectedRoiImprovement: mean(measured.map((m) => m.expected)),
    meanRealisedRoiImprovement: mean(measured.map((m) => m.realised)),
  };
}

/** The calibration of one type from every measured recommendation of it. */
export async function calibrationFor(em: EntityManager, type: RecommendationType): Promise<Calibration> {
  const rows = await em.find(OptimizationRecommendation, { type, realisedStatus: 'MEASURED' }, { fields: ['rawExpectedRoiImprovement', 'realisedRoiImprovement'] });
  return calibrationOf(
    type,
    rows.map((row) => ({ expected: row.rawExpectedRoiImprovement ?? 0, realised: row.realisedRoiImprovement ?? 0 })),
  );
}
