import { graphql } from '../../graphql.ts';
import { ParamValueFields, ValueFields } from '../../lib/values.ts';
import { MetricsFields, OptimizationFields, RecommendationChangeFields, RunSettingsFields } from '../../lib/operations.ts';

/** Every GraphQL operation of the sweep screens (validated against schema.graphql by web/test/operations.test.ts). */

export const SweepFields = graphql(`
  fragment SweepFields on OptimizationSweep {
    id name status progress strategy strategyTitle symbols timeframe startDate endDate
    totalCombinations totalEvaluations completedEvaluations skippedByConstraint minTrades createdAt startedAt completedAt error errorCode reportUrl
    objective { name weights { metric weight } }
    search { method budget seed }
    validation { holdoutFraction walkForward { windows inSampleFraction mode } }
  }
`);

export const SweepListFields = graphql(
  `
  fragment SweepListFields on OptimizationSweep {
    ...SweepFields
    best { id score params { ...ParamValueFields } metrics { roi totalTrades } }
  }
`,
  [SweepFields, ParamValueFields],
);

export const SWEEPS = graphql(
  `
  query Sweeps($first: Int!, $status: [RunStatus!]) {
    optimizationSweeps(first: $first, status: $status) {
      totalCount
      edges { node { ...SweepListFields } }
    }
  }
`,
  [SweepListFields],
);

/** Every sweep created, changed or deleted, by anyone: keeps the sweeps list current without polling. */
export const SWEEP_CHANGES = graphql(
  `
  subscription SweepChanges {
    sweepChanges { kind sweepId sweep { ...SweepListFields } }
  }
`,
  [SweepListFields],
);

export const SWEEP = graphql(
  `
  query Sweep($id: ID!) {
    optimizationSweep(id: $id) {
      ...SweepFields
      sweptParameters { name }
      baseParams { ...ParamValueFields }
      settings { ...RunSettingsFields }
      best { ...OptimizationFields }
      robustness { bestRowId neighbours neighbourMean neighbourMin neighbourMax neighbourStd plateauRatio supporting confidence onEdge edges { name atMin atMax } }
      overfitting {
        pbo { probability splits probabilityOfLoss }
        pboReason
        deflatedSharpe { ratio dailySharpe expectedMaximumDailySharpe trials }
        deflatedSharpeReason
      }
      learnedStart { sets { params { ...ParamValueFields } } markets { market weight } }
    }
  }
`,
  [SweepFields, OptimizationFields, RunSettingsFields, ParamValueFields],
);

/** Rows of one window and phase, ranked by the server (re-ranked by another objective, or ordered by a metric). */
export const SWEEP_RESULTS = graphql(
  `
  query SweepResults($id: ID!, $first: Int!, $after: String, $window: Int, $phase: RowPhase, $orderBy: OptimizationOrder, $objective: ObjectiveInput, $minTrades: Int) {
    optimizationSweep(id: $id) {
      id
      results(first: $first, after: $after, window: $window, phase: $phase, orderBy: $orderBy, objective: $objective, minTrades: $minTrades) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { ...OptimizationFields } }
      }
    }
  }
`,
  [OptimizationFields],
);

/** Cells aggregated by the server over the parameters not on the axes. */
export const SWEEP_HEATMAP = graphql(
  `
  query SweepHeatmap($id: ID!, $paramX: String!, $paramY: String!, $metric: Metric, $aggregate: HeatmapAggregate, $window: Int, $phase: RowPhase) {
    optimizationSweep(id: $id) {
      id
      heatmap(paramX: $paramX, paramY: $paramY, metric: $metric, aggregate: $aggregate, window: $window, phase: $phase) {
        paramX paramY metric xValues { ...ValueFields } yValues { ...ValueFields }
        cells { x { ...ValueFields } y { ...ValueFields } value count }
      }
    }
  }
`,
  [ValueFields],
);

export const SWEEP_SENSITIVITY = graphql(
  `
  query SweepSensitivity($id: ID!, $param: String!, $metric: Metric, $window: Int, $phase: RowPhase) {
    optimizationSweep(id: $id) {
      id
      sensitivity(param: $param, metric: $metric, window: $window, phase: $phase) { value { ...ValueFields } count mean min max std }
    }
  }
`,
  [ValueFields],
);

export const SWEEP_HOLDOUT = graphql(
  `
  query SweepHoldout($id: ID!) {
    optimizationSweep(id: $id) {
      id
      holdout { params { ...ParamValueFields } inSampleRank isCurrent isPlateauChoice inSample { ...OptimizationFields } outOfSample { ...OptimizationFields } }
    }
  }
`,
  [OptimizationFields, ParamValueFields],
);

export const StitchedFields = graphql(
  `
  fragment StitchedFields on StitchedAccount {
    metrics { ...MetricsFields }
    curve { timestamp equity drawdown }
  }
`,
  [MetricsFields],
);

export const SWEEP_WALK_FORWARD = graphql(
  `
  query SweepWalkForward($id: ID!) {
    optimizationSweep(id: $id) {
      id
      walkForward {
        windows { window inSample { ...OptimizationFields } outOfSample { ...OptimizationFields } baselineOutOfSample { ...OptimizationFields } }
        efficiency { overall perWindow perWindowReasons thinWindows reason }
        stabilityOverall
        stability { name modeShare dispersion stability }
        stitched { ...StitchedFields }
        baselineStitched { ...StitchedFields }
      }
    }
  }
`,
  [OptimizationFields, StitchedFields],
);

export const SWEEP_PROGRESS = graphql(
  `
  subscription SweepProgress($id: ID!) {
    optimizationProgress(id: $id) { sweepId status stage progress completedEvaluations totalEvaluations evaluationsPerSecond etaSeconds bestScore bestParams { ...ParamValueFields } message }
  }
`,
  [ParamValueFields],
);

export const OPTIMIZE_STRATEGY = graphql(`
  mutation OptimizeStrategy($input: OptimizeStrategyInput!) {
    optimizeStrategy(input: $input) { id totalCombinations skippedByConstraint }
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

/** Recommendations workers draw from a sweep, as they are created: what each changes, to list on the sweep's page. */
export const SWEEP_RECOMMENDATIONS = graphql(
  `
  subscription SweepRecommendations($sweepId: ID) {
    recommendationCreated(sweepId: $sweepId) { id status rejectionReason ...RecommendationChangeFields }
  }
`,
  [RecommendationChangeFields],
);

/** The server's count of what a sweep form would run (its own grid and constraints), before it is started. */
export const SWEEP_PLAN = graphql(`
  query SweepPlan($input: OptimizeStrategyInput!) {
    sweepPlan(input: $input) { combinations skippedByConstraint toRun plannedEvaluations limit overLimit }
  }
`);
