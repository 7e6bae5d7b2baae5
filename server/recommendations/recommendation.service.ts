import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, notFound } from '../graphql/errors.ts';
import type { Page } from '../graphql/connection.ts';
import { isUuid } from '../graphql/ids.ts';
import {
  OptimizationRecommendation,
  type IOptimizationRecommendation,
  type RecommendationStatus,
} from './optimization-recommendation.entity.ts';

export async function listRecommendations(
  em: EntityManager,
  filter: { status?: RecommendationStatus[] | null; strategy?: string | null } | null | undefined,
  page: Page,
): Promise<{ items: IOptimizationRecommendation[]; totalCount: number }> {
  const where: Record<string, unknown> = {};
  if (filter?.status?.length) where.status = { $in: filter.status };
  if (filter?.strategy) where.strategy = filter.strategy;
  const [items, totalCount] = await em.findAndCount(OptimizationRecommendation, where, {
    orderBy: { createdAt: 'desc', id: 'asc' },
    limit: page.limit,
    offset: page.offset,
    populate: ['evidence'],
  });
  return { items, totalCount };
}

export async function getRecommendation(em: EntityManager, id: string): Promise<IOptimizationRecommendation | null> {
  return isUuid(id) ? em.findOne(OptimizationRecommendation, { id }, { populate: ['evidence'] }) : null;
}

export async function recommendationOfSweep(em: EntityManager, sweepId: string): Promise<IOptimizationRecommendation | null> {
  return isUuid(sweepId) ? em.findOne(OptimizationRecommendation, { sweep: sweepId }) : null;
}

/** The review flow: PENDING → ACCEPTED/REJECTED, ACCEPTED → APPLIED/REJECTED; REJECTED and APPLIED are final. */
const ALLOWED: Record<RecommendationStatus, RecommendationStatus[]> = {
  PENDING: ['ACCEPTED', 'REJECTED'],
  ACCEPTED: ['APPLIED', 'REJECTED'],
  REJECTED: [],
  APPLIED: [],
};

export async function decideRecommendation(em: EntityManager, id: string, next: RecommendationStatus): Promise<IOptimizationRecommendation> {
  const recommendation = isUuid(id) ? await em.findOne(OptimizationRecommendation, { id }, { populate: ['evidence'] }) : null;
  if (!recommendation) throw notFound('Recommendation', id);
  if (!ALLOWED[recommendation.status].includes(next)) {
    const article = /^[AEIOU]/.test(recommendation.status) ? 'An' : 'A';
    throw new AppError('CONFLICT', `${article} ${recommendation.status} recommendation cannot become ${next}`, { status: recommendation.status });
  }
  recommendation.status = next;
  recommendation.decidedAt = new Date();
  await em.flush();
  return recommendation;
}
