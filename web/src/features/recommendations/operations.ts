import { graphql } from '../../graphql.ts';

export const RecommendationFields = graphql(`
  fragment RecommendationFields on OptimizationRecommendation {
    id type status strategy symbols timeframe sweepId currentParams recommendedParams
    expectedWinRateImprovement expectedRoiImprovement confidenceScore rationale createdAt decidedAt
    evidence { id params score sweepId metrics { roi winRate maxDrawdownPercentage totalTrades } run { id name } }
  }
`);

export const RECOMMENDATIONS = graphql(
  `
  query Recommendations($first: Int!, $filter: RecommendationFilter) {
    recommendations(first: $first, filter: $filter) {
      totalCount
      edges { node { ...RecommendationFields } }
    }
  }
`,
  [RecommendationFields],
);

export const RECOMMENDATION_CREATED = graphql(
  `
  subscription RecommendationCreated($sweepId: ID) {
    recommendationCreated(sweepId: $sweepId) { ...RecommendationFields }
  }
`,
  [RecommendationFields],
);

export const DECIDE_RECOMMENDATION = graphql(`
  mutation DecideRecommendation($id: ID!, $status: RecommendationStatus!) {
    decideRecommendation(id: $id, status: $status) { id status decidedAt }
  }
`);
