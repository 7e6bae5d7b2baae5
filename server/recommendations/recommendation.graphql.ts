import { builder } from '../graphql/builder.ts';
import { pagedConnection } from '../graphql/connection.ts';
import { StrategyOptimizationRef } from '../optimization/optimization.graphql.ts';
import {
  RECOMMENDATION_STATUSES,
  RECOMMENDATION_TYPES,
  type IOptimizationRecommendation,
} from './optimization-recommendation.entity.ts';
import { decideRecommendation, getRecommendation, listRecommendations, recommendationOfSweep } from './recommendation.service.ts';
import { snapshotThenStream } from '../graphql/live.ts';

const RecommendationStatusEnum = builder.enumType('RecommendationStatus', { values: RECOMMENDATION_STATUSES });
const RecommendationTypeEnum = builder.enumType('RecommendationType', { values: RECOMMENDATION_TYPES });

const RecommendationRef = builder.objectRef<IOptimizationRecommendation>('OptimizationRecommendation').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.field({ type: RecommendationTypeEnum, resolve: (r) => r.type }),
    sweepId: t.id({ nullable: true, description: 'The sweep it was drawn from', resolve: (r) => (r.sweep === null || r.sweep === undefined ? null : typeof r.sweep === 'string' ? r.sweep : r.sweep.id) }),
    status: t.field({ type: RecommendationStatusEnum, resolve: (r) => r.status }),
    strategy: t.exposeString('strategy'),
    symbols: t.stringList({ resolve: (r) => r.symbols }),
    timeframe: t.exposeString('timeframe'),
    currentParams: t.field({ type: 'JSON', resolve: (r) => r.currentParams }),
    recommendedParams: t.field({ type: 'JSON', resolve: (r) => r.recommendedParams }),
    expectedWinRateImprovement: t.exposeFloat('expectedWinRateImprovement', { nullable: true }),
    expectedRoiImprovement: t.exposeFloat('expectedRoiImprovement', { nullable: true }),
    confidenceScore: t.exposeFloat('confidenceScore', {
      description: '(grid neighbours that also beat the current parameters + 1) / (neighbours + 2): a plateau scores high, a lone spike low',
    }),
    rationale: t.exposeString('rationale'),
    evidence: t.field({ type: [StrategyOptimizationRef], resolve: (r) => r.evidence.getItems() }),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.createdAt }),
    decidedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.decidedAt }),
  }),
});

const RecommendationFilterInput = builder.inputType('RecommendationFilter', {
  fields: (t) => ({
    status: t.field({ type: [RecommendationStatusEnum] }),
    strategy: t.string(),
  }),
});

builder.queryFields((t) => ({
  recommendations: t.connection(
    {
      type: RecommendationRef,
      args: { filter: t.arg({ type: RecommendationFilterInput }) },
      resolve: (_root, args, ctx) => pagedConnection(args, (page) => listRecommendations(ctx.em, args.filter, page)),
    },
  ),
}));

builder.mutationFields((t) => ({
  decideRecommendation: t.field({
    type: RecommendationRef,
    description: 'Accept, reject or mark applied (PENDING → ACCEPTED/REJECTED, ACCEPTED → APPLIED/REJECTED)',
    args: { id: t.arg.id({ required: true }), status: t.arg({ type: RecommendationStatusEnum, required: true }) },
    resolve: (_root, args, ctx) => decideRecommendation(ctx.em, String(args.id), args.status),
  }),
}));

type CreatedEvent = { recommendationId: string; sweepId: string | null };

builder.subscriptionFields((t) => ({
  recommendationCreated: t.field({
    type: RecommendationRef,
    description:
      'Each new recommendation as workers produce it. With sweepId: the recommendation drawn from that sweep ' +
      '(sent at once if it exists already), then the stream ends. A sweep yields at most one, and none when ' +
      'no combination beats its current parameters.',
    args: { sweepId: t.arg.id() },
    subscribe: async (_root, args, ctx) => {
      const source = ctx.services.pubsub.subscribe('recommendationCreated');
      if (args.sweepId === null || args.sweepId === undefined) return source;
      const sweepId = String(args.sweepId);
      const forSweep = filterAsync(source, (event) => event.sweepId === sweepId);
      return snapshotThenStream<CreatedEvent>({
        source: forSweep,
        snapshot: async () => {
          const existing = await recommendationOfSweep(ctx.services.orm.em.fork(), sweepId);
          return existing ? { recommendationId: existing.id, sweepId } : null;
        },
        isTerminal: () => true,
      });
    },
    resolve: async (event, _args, ctx) => {
      const { recommendationId } = event as CreatedEvent;
      const recommendation = await getRecommendation(ctx.services.orm.em.fork(), recommendationId);
      if (!recommendation) throw new Error(`Recommendation ${recommendationId} vanished`);
      return recommendation;
    },
  }),
}));

/**
 * Only the values that pass `keep`. Not an async generator on purpose: ending the stream must reach
 * the pubsub iterator at once (detaching its listener) even while a `next()` is waiting on it.
 */
function filterAsync<T>(source: AsyncIterable<T>, keep: (value: T) => boolean): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const inner = source[Symbol.asyncIterator]();
      return {
        async next() {
          while (true) {
            const result = await inner.next();
            if (result.done || keep(result.value)) return result;
          }
        },
        return: async () => (await inner.return?.()) ?? { done: true as const, value: undefined },
      };
    },
  };
}
