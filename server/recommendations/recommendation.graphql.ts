import { builder } from '../graphql/builder.ts';
import { pagedConnection } from '../graphql/connection.ts';
import { StrategyOptimizationRef } from '../optimization/optimization.graphql.ts';
import {
  RECOMMENDATION_STATUSES,
  RECOMMENDATION_TYPES,
  type IOptimizationRecommendation,
} from './optimization-recommendation.entity.ts';
import { decideRecommendation, listRecommendations } from './recommendation.service.ts';

const RecommendationStatusEnum = builder.enumType('RecommendationStatus', { values: RECOMMENDATION_STATUSES });
const RecommendationTypeEnum = builder.enumType('RecommendationType', { values: RECOMMENDATION_TYPES });

const RecommendationRef = builder.objectRef<IOptimizationRecommendation>('OptimizationRecommendation').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.field({ type: RecommendationTypeEnum, resolve: (r) => r.type }),
    status: t.field({ type: RecommendationStatusEnum, resolve: (r) => r.status }),
    strategy: t.exposeString('strategy'),
    symbols: t.stringList({ resolve: (r) => r.symbols }),
    timeframe: t.exposeString('timeframe'),
    currentParams: t.field({ type: 'JSON', resolve: (r) => r.currentParams }),
    recommendedParams: t.field({ type: 'JSON', resolve: (r) => r.recommendedParams }),
    expectedWinRateImprovement: t.exposeFloat('expectedWinRateImprovement', { nullable: true }),
    expectedRoiImprovement: t.exposeFloat('expectedRoiImprovement', { nullable: true }),
    confidenceScore: t.exposeFloat('confidenceScore'),
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
