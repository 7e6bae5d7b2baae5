import { graphql } from '../../graphql.ts';
import { OptimizationFields, RecommendationValuesFields, RunSettingsFields } from '../../lib/operations.ts';
import { ParamValueFields } from '../../lib/values.ts';

/** Every GraphQL operation of the recommendation screens (validated against schema.graphql by web/test/operations.test.ts). */

export const ValidationSideFields = graphql(`
  fragment ValidationSideFields on ValidationSide { roi winRate totalTrades score maxDrawdownPercentage sharpeRatio }
`);

export const ValidationFields = graphql(
  `
  fragment ValidationFields on RecommendationValidation {
    method fromMs toMs onEdgeOf
    test { pValue adjustedPValue alpha candidatesTested }
    perYear { year current recommended }
    current { ...ValidationSideFields }
    recommended { ...ValidationSideFields }
    inSample { current { ...ValidationSideFields } recommended { ...ValidationSideFields } }
    markets { market sweepId inSample { ...ValidationSideFields } outOfSample { ...ValidationSideFields } }
  }
`,
  [ValidationSideFields],
);

export const RecommendationFields = graphql(
  `
  fragment RecommendationFields on OptimizationRecommendation {
    id type status strategy strategyTitle symbols timeframe sweepId baseParams { ...ParamValueFields }
    current { ...RecommendationValuesFields }
    recommended { ...RecommendationValuesFields }
    expectedWinRateImprovement expectedRoiImprovement rawExpectedRoiImprovement
    confidenceScore rejectionReason rationale
    validation { method fromMs toMs current { roi totalTrades } recommended { roi totalTrades } }
    createdAt decidedAt appliedAt
    realisedStatus realisedMessage realisedFrom realisedTo realisedRoiImprovement realisedWinRateImprovement
    validationRuns { id name status symbols timeframe metrics { roi winRate totalTrades maxDrawdownPercentage } }
  }
`,
  [RecommendationValuesFields, ParamValueFields],
);

/** What the detail page adds: the evidence rows and the settings both sides share. */
export const RecommendationDetailFields = graphql(
  `
  fragment RecommendationDetailFields on OptimizationRecommendation {
    ...RecommendationFields
    validation { ...ValidationFields }
    confidence { score probability evidence deflatedSharpeRatio probabilityOfOverfitting calibrationSlope calibrationMeasured }
    baseSettings { ...RunSettingsFields }
    evidence { ...OptimizationFields sweepId symbols timeframe }
  }
`,
  [RecommendationFields, ValidationFields, RunSettingsFields, OptimizationFields],
);

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

export const RECOMMENDATION = graphql(
  `
  query Recommendation($id: ID!) {
    recommendation(id: $id) { ...RecommendationDetailFields }
  }
`,
  [RecommendationDetailFields],
);

export const RECOMMENDATION_CREATED = graphql(
  `
  subscription RecommendationCreated($sweepId: ID) {
    recommendationCreated(sweepId: $sweepId) { ...RecommendationFields }
  }
`,
  [RecommendationFields],
);

/** Status and realised-result changes (of one recommendation, or of all). */
export const RECOMMENDATION_UPDATED = graphql(
  `
  subscription RecommendationUpdated($id: ID) {
    recommendationUpdated(id: $id) { ...RecommendationDetailFields }
  }
`,
  [RecommendationDetailFields],
);

export const RECOMMENDATION_STATS = graphql(`
  query RecommendationStats {
    recommendationStats {
      type total pending accepted rejected applied
      calibration {
        measured hits hitRate scale slope brierScore improvementUnit meanExpectedImprovement meanRealisedImprovement
        reliability { lower upper count meanPredicted hitRate intervalLower intervalUpper }
      }
    }
  }
`);

export const DECIDE_RECOMMENDATION = graphql(
  `
  mutation DecideRecommendation($id: ID!, $status: RecommendationStatus!) {
    decideRecommendation(id: $id, status: $status) { ...RecommendationFields }
  }
`,
  [RecommendationFields],
);

export const GENERATE_RECOMMENDATIONS = graphql(`
  mutation GenerateRecommendations($strategy: String) {
    generateRecommendations(strategy: $strategy)
  }
`);

export const MARKET_RANKING = graphql(`
  query MarketRanking($strategy: String!) {
    marketRanking(strategy: $strategy) {
      symbol timeframe observed predicted sweepId
      features { volatilityPct trendEfficiency autocorrelation }
    }
  }
`);
