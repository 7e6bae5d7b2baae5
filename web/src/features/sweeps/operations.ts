import { graphql } from '../../graphql.ts';
import { RunSettingsFields } from '../backtests/operations.ts';

export const OptimizationFields = graphql(`
  fragment OptimizationFields on StrategyOptimization {
    id params score window phase fromDate toDate
    metrics { roi winRate sharpeRatio profitFactor maxDrawdownPercentage totalTrades }
    run { id }
  }
`);

export const SweepFields = graphql(`
  fragment SweepFields on OptimizationSweep {
    id name status progress strategy symbols timeframe startDate endDate
    totalCombinations totalEvaluations completedEvaluations skippedByConstraint minTrades createdAt startedAt completedAt error errorCode
    objective { name weights { metric weight } }
    search { method budget seed }
    validation { holdoutFraction walkForward { windows inSampleFraction mode } }
  }
`);

export const SWEEPS = graphql(
  `
  query Sweeps($first: Int!, $status: [RunStatus!]) {
    optimizationSweeps(first: $first, status: $status) {
      totalCount
      edges { node { ...SweepFields best { score params metrics { roi } } } }
    }
  }
`,
  [SweepFields],
);

export const SWEEP = graphql(
  `
  query Sweep($id: ID!, $first: Int!, $after: String, $phase: RowPhase, $window: Int) {
    optimizationSweep(id: $id) {
      ...SweepFields
      parameterRanges baseParams
      settings { ...RunSettingsFields }
      results(first: $first, after: $after, phase: $phase, window: $window) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { ...OptimizationFields } }
      }
    }
  }
`,
  [SweepFields, OptimizationFields, RunSettingsFields],
);

export const SWEEP_PROGRESS = graphql(`
  subscription SweepProgress($id: ID!) {
    optimizationProgress(id: $id) { sweepId status stage progress completedEvaluations totalEvaluations evaluationsPerSecond etaSeconds bestScore bestParams message }
  }
`);

export const OPTIMIZE_STRATEGY = graphql(`
  mutation OptimizeStrategy($input: OptimizeStrategyInput!) {
    optimizeStrategy(input: $input) { id totalCombinations skippedByConstraint }
  }
`);

/** A tested row as a full backtest (its metrics equal the row's); opening it twice returns the same run. */
export const OPEN_ROW = graphql(`
  mutation OpenOptimizationRow($id: ID!) {
    openOptimizationRow(id: $id) { id status }
  }
`);

export const CANCEL_SWEEP = graphql(`
  mutation CancelSweep($id: ID!) {
    cancelOptimization(id: $id) { id status }
  }
`);

export const SWEEP_INPUT_DESCRIPTIONS = graphql(`
  query SweepInputDescriptions {
    __type(name: "OptimizeStrategyInput") { inputFields { name description } }
  }
`);
