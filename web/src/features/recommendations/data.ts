import { createEffect, createMemo, createSignal, on, type Accessor } from 'solid-js';
import type { ResultOf, VariablesOf } from '../../graphql.ts';
import { createLive } from '../../lib/live.ts';
import { createGraphQLMutation, createGraphQLQuery } from '../../lib/query.ts';
import {
  DECIDE_RECOMMENDATION,
  GENERATE_RECOMMENDATIONS,
  MARKET_RANKING,
  RECOMMENDATION,
  RECOMMENDATION_CREATED,
  RECOMMENDATION_STATS,
  RECOMMENDATION_UPDATED,
  RECOMMENDATIONS,
  RecommendationFields,
} from './operations.ts';

/** Data wiring of the recommendation screens (and the presets the run and sweep forms show). */

export type Recommendation = ResultOf<typeof RecommendationFields>;
export type RecommendationDetail = NonNullable<ResultOf<typeof RECOMMENDATION>['recommendation']>;
export type RecommendationStatus = Recommendation['status'];
export type RecommendationType = Recommendation['type'];
export type RecommendationFilter = NonNullable<VariablesOf<typeof RECOMMENDATIONS>['filter']>;
export type TypeStats = ResultOf<typeof RECOMMENDATION_STATS>['recommendationStats'][number];

export const STATUSES: readonly RecommendationStatus[] = ['PENDING', 'ACCEPTED', 'APPLIED', 'REJECTED'];
export const TYPES: readonly RecommendationType[] = ['PARAMETERS', 'RISK', 'SYMBOL', 'TIMEFRAME'];

/** The lifecycle the API enforces: which decisions each status allows. */
export const NEXT_STATUSES: Record<RecommendationStatus, RecommendationStatus[]> = {
  PENDING: ['ACCEPTED', 'REJECTED'],
  ACCEPTED: ['APPLIED', 'REJECTED'],
  APPLIED: [],
  REJECTED: [],
};

/** Stored REJECTED by the server (it failed its validation), as opposed to rejected by the user. */
export const rejectedUnreviewed = (r: Pick<Recommendation, 'status' | 'rejectionReason'>) => r.status === 'REJECTED' && r.rejectionReason !== null;

/** The newest this many: a page of them costs about 43 points each, well inside the API's query cost limit (CANDLELAB_MAX_QUERY_COST). */
export const FEED_PAGE = 200;

/**
 * Recommendations matching a filter, kept current without re-querying: new ones arrive through
 * `recommendationCreated`, status and realised-result changes through `recommendationUpdated`, and a
 * decision taken here through `put`. `matches` decides which of them the list shows.
 */
export function createRecommendationFeed(filter: Accessor<RecommendationFilter>, matches: (r: Recommendation) => boolean) {
  const query = createGraphQLQuery(RECOMMENDATIONS, () => ({ first: FEED_PAGE, filter: filter() }));
  const [local, setLocal] = createSignal<ReadonlyMap<string, Recommendation>>(new Map());
  const put = (r: Recommendation) => setLocal((m) => new Map(m).set(r.id, r));
  const created = createLive(RECOMMENDATION_CREATED, () => ({}), () => 0, (n, data) => (put(data.recommendationCreated), n + 1));
  const updated = createLive(RECOMMENDATION_UPDATED, () => ({}), () => 0, (n, data) => (put(data.recommendationUpdated), n + 1));
  const items = createMemo(() => {
    const stored = query.data()?.recommendations.edges.map((e) => e.node) ?? [];
    const known = new Set(stored.map((r) => r.id));
    const fresh = [...local().values()].filter((r) => !known.has(r.id)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return [...fresh, ...stored.map((r) => local().get(r.id) ?? r)].filter(matches);
  });
  return {
    items,
    put,
    /** Events received (any change anywhere): what the track record re-reads on. */
    events: () => created.state() + updated.state(),
    liveError: () => created.error() ?? updated.error(),
    loading: query.loading,
    error: query.error,
  };
}

/** One recommendation, its status and realised result following `recommendationUpdated` live. */
export function createRecommendation(id: Accessor<string>) {
  const query = createGraphQLQuery(RECOMMENDATION, () => ({ id: id() }), 'network-only');
  // The latest state from whichever came last: the query, the stream, or a decision taken here.
  const [latest, setLatest] = createSignal<RecommendationDetail | null>(null);
  createEffect(on(() => query.data(), (data) => data?.recommendation && setLatest(data.recommendation)));
  const live = createLive(RECOMMENDATION_UPDATED, () => ({ id: id() }), () => 0, (n, data) => (setLatest(data.recommendationUpdated), n + 1));
  return {
    recommendation: () => (latest()?.id === id() ? latest() : null),
    // A decision answers the list's fields; the validation (the detail's, fuller) does not change with it.
    put: (r: Recommendation) => setLatest((previous) => (previous && previous.id === r.id ? { ...previous, ...r, validation: previous.validation } : previous)),
    found: () => query.data() !== undefined && query.data()?.recommendation === null,
    updates: live.state,
    liveError: live.error,
    loading: query.loading,
    error: query.error,
  };
}

/** The track record per type (counts and calibration); `refetch` after changes. */
export function createRecommendationStats() {
  const query = createGraphQLQuery(RECOMMENDATION_STATS, () => ({}), 'network-only');
  return { stats: () => query.data()?.recommendationStats ?? [], loading: query.loading, error: query.error, refetch: query.refetch };
}

/** Where a strategy is predicted to work, learned across the markets it was swept on (null strategy: none chosen). */
export function createMarketRanking(strategy: Accessor<string | null>) {
  const query = createGraphQLQuery(MARKET_RANKING, () => (strategy() ? { strategy: strategy()! } : null), 'network-only');
  return { ranks: () => query.data()?.marketRanking ?? [], loading: query.loading, error: query.error };
}

export const createDecide = () => createGraphQLMutation(DECIDE_RECOMMENDATION);
export const createGenerate = () => createGraphQLMutation(GENERATE_RECOMMENDATIONS);
