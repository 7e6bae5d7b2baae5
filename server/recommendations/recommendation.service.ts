import type { EntityManager } from '@mikro-orm/postgresql';
import type { Page } from '../graphql/connection.ts';
import { AppError, notFound } from '../graphql/errors.ts';
import { isUuid } from '../graphql/ids.ts';
import { inTransaction } from '../db/transaction.ts';
import { enqueueWithin, wakeWorkers } from '../jobs/enqueue.ts';
import { QUEUES, type ValidateRecommendationJobData } from '../jobs/queues.ts';
import { settingsOnSymbols } from '../engine/index.ts';
import type { AppServices } from '../services.ts';
import {
  OptimizationRecommendation,
  type IOptimizationRecommendation,
  type RecommendationStatus,
  type RecommendationType,
  type RecommendationValues,
} from './optimization-recommendation.entity.ts';
import { upsertPreset } from './presets.ts';

export interface RecommendationFilter {
  readonly status?: RecommendationStatus[] | null;
  readonly type?: RecommendationType[] | null;
  readonly strategy?: string | null;
  readonly sweepId?: string | null;
}

export async function listRecommendations(
  em: EntityManager,
  filter: RecommendationFilter | null | undefined,
  page: Page,
): Promise<{ items: IOptimizationRecommendation[]; totalCount: number }> {
  const where: Record<string, unknown> = {};
  if (filter?.status?.length) where.status = { $in: filter.status };
  if (filter?.type?.length) where.type = { $in: filter.type };
  if (filter?.strategy) where.strategy = filter.strategy;
  if (filter?.sweepId) where.sweep = isUuid(filter.sweepId) ? filter.sweepId : null;
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

/** The review flow: PENDING → ACCEPTED/REJECTED, ACCEPTED → APPLIED/REJECTED; REJECTED and APPLIED are final. */
const ALLOWED: Record<RecommendationStatus, RecommendationStatus[]> = {
  PENDING: ['ACCEPTED', 'REJECTED'],
  ACCEPTED: ['APPLIED', 'REJECTED'],
  REJECTED: [],
  APPLIED: [],
};

/**
 * Moves a recommendation along its review flow. Applying changes something real: the recommended
 * values become the preset for the strategy, symbol and timeframe (new runs and sweeps start from it),
 * and a job measures them against the current values on data newer than the evidence.
 */
export async function decideRecommendation(services: AppServices, em: EntityManager, id: string, next: RecommendationStatus): Promise<IOptimizationRecommendation> {
  const recommendation = await getRecommendation(em, id);
  if (!recommendation) throw notFound('Recommendation', id);
  if (!ALLOWED[recommendation.status].includes(next)) {
    const article = /^[AEIOU]/.test(recommendation.status) ? 'An' : 'A';
    throw new AppError('CONFLICT', `${article} ${recommendation.status} recommendation cannot become ${next}`, { status: recommendation.status });
  }
  // Conditional on the status read, so two reviewers deciding at once cannot both win. An applied
  // recommendation's preset and its validation job commit with the decision, or none of them does.
  const now = new Date();
  const applied = next === 'APPLIED';
  await inTransaction(em, async () => {
    const changed = await em.nativeUpdate(
      OptimizationRecommendation,
      { id, status: recommendation.status },
      { status: next, decidedAt: now, ...(applied && { appliedAt: now, realisedStatus: 'RUNNING' as const }) },
    );
    if (changed === 0) throw new AppError('CONFLICT', `Recommendation ${id} was decided meanwhile`, { id });
    if (applied) {
      const target = configurationOf(recommendation, 'recommended');
      const { note } = await upsertPreset(em, { strategy: recommendation.strategy, symbol: target.symbols[0], timeframe: target.timeframe }, { params: target.params, settings: target.settingsChanged, validatedSettings: target.settings }, id);
      if (note) await em.nativeUpdate(OptimizationRecommendation, { id }, { presetNote: note });
      await enqueueWithin(services, em, QUEUES.validateRecommendation, { recommendationId: id } satisfies ValidateRecommendationJobData, { id });
    }
  });
  await em.refresh(recommendation);
  if (applied) wakeWorkers(services, QUEUES.validateRecommendation);
  publishRecommendationUpdated(services, id);
  return recommendation;
}

/** The full configuration one side of a recommendation describes. */
export function configurationOf(recommendation: IOptimizationRecommendation, side: 'current' | 'recommended') {
  const values: RecommendationValues = side === 'current' ? recommendation.currentValues : recommendation.recommendedValues;
  const symbols = values.symbol ? [values.symbol] : recommendation.symbols;
  return {
    symbols,
    timeframe: values.timeframe ?? recommendation.timeframe,
    params: { ...recommendation.baseParams, ...values.params },
    settings: settingsOnSymbols({ ...recommendation.baseSettings, ...values.settings }, recommendation.symbols, symbols),
    settingsChanged: values.settings ?? {},
  };
}

export function publishRecommendationUpdated(services: AppServices, recommendationId: string): void {
  services.pubsub.publish('recommendationUpdated', { recommendationId });
}
