import type { Accessor } from 'solid-js';
import type { ResultOf } from '../../graphql.ts';
import { createLive } from '../../lib/live.ts';
import { createGraphQLMutation, createGraphQLQuery } from '../../lib/query.ts';
import { DECIDE_RECOMMENDATION, RECOMMENDATION_CREATED, RECOMMENDATIONS, RecommendationFields } from './operations.ts';

export type Recommendation = ResultOf<typeof RecommendationFields>;
export type RecommendationStatus = Recommendation['status'];

/** The lifecycle the API enforces: which decisions each status allows. */
export const NEXT_STATUSES: Record<RecommendationStatus, RecommendationStatus[]> = {
  PENDING: ['ACCEPTED', 'REJECTED'],
  ACCEPTED: ['APPLIED', 'REJECTED'],
  APPLIED: [],
  REJECTED: [],
};

export function createRecommendations(status: Accessor<RecommendationStatus[] | null>) {
  const query = createGraphQLQuery(RECOMMENDATIONS, () => ({ first: 200, ...(status() ? { filter: { status: status()! } } : {}) }));
  return { items: () => query.data()?.recommendations.edges.map((e) => e.node) ?? [], loading: query.loading, error: query.error, refetch: query.refetch };
}

/** Recommendations workers create from now on (all of them, or the one of a sweep). */
export function createNewRecommendations(sweepId: Accessor<string | null | undefined> = () => undefined) {
  return createLive(
    RECOMMENDATION_CREATED,
    () => (sweepId() === null ? null : { sweepId: sweepId() }),
    () => [] as Recommendation[],
    (list, data) => [data.recommendationCreated, ...list.filter((r) => r.id !== data.recommendationCreated.id)],
  );
}

export const createDecide = () => createGraphQLMutation(DECIDE_RECOMMENDATION);
