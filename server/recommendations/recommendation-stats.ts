import type { EntityManager } from '@mikro-orm/postgresql';
import { calibrationFor, type Calibration } from './calibration.ts';
import { RECOMMENDATION_TYPES, type RecommendationStatus, type RecommendationType } from './optimization-recommendation.entity.ts';

export interface TypeStats {
  readonly type: RecommendationType;
  readonly total: number;
  readonly pending: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly applied: number;
  readonly calibration: Calibration;
}

/** The track record per type: how many of each status, and what realised results say about the next ones. */
export async function recommendationStats(em: EntityManager): Promise<TypeStats[]> {
  const counts = (await em.getConnection().execute('SELECT type, status, count(*)::int AS n FROM optimization_recommendation GROUP BY type, status')) as Array<{
    type: RecommendationType;
    status: RecommendationStatus;
    n: number;
  }>;
  const count = (type: RecommendationType, status: RecommendationStatus) => counts.find((c) => c.type === type && c.status === status)?.n ?? 0;
  return Promise.all(
    RECOMMENDATION_TYPES.map(async (type) => ({
      type,
      total: counts.filter((c) => c.type === type).reduce((sum, c) => sum + c.n, 0),
      pending: count(type, 'PENDING'),
      accepted: count(type, 'ACCEPTED'),
      rejected: count(type, 'REJECTED'),
      applied: count(type, 'APPLIED'),
      calibration: await calibrationFor(em, type),
    })),
  );
}

