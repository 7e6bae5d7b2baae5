/**
 * Optimizer math, pure: parameter spaces and grids, objectives and ranking, ask/tell searches (grid,
 * random, adaptive), walk-forward windows and hold-out, robustness, heatmaps and sensitivity.
 * The IO layers (sweep jobs, GraphQL) decide what to evaluate and store; everything here is a function of
 * its inputs and a seed.
 */
export { checkSize, expandGrid, parameterSpace, paramsKey, sweptAxes, type ExpandedGrid, type ParameterAxis, type ParameterSpace, type ParamRange } from './grid.ts';
export {
  DEFAULT_MIN_TRADES,
  METRIC_SCALES,
  OBJECTIVE_NAMES,
  checkObjective,
  compareRanked,
  objectiveScore,
  percentileRanks,
  rankRows,
  scoreRows,
  type CustomObjective,
  type MetricName,
  type MetricValues,
  type Objective,
  type ObjectiveName,
  type RankableRow,
  type RankedRow,
} from './objectives.ts';
export { SEARCH_METHODS, createSearch, type ParameterSearch, type SearchMethod, type SearchOptions, type SearchResult } from './search.ts';
export {
  annualisedReturnPct,
  holdOutSplit,
  parameterStability,
  stitchOutOfSample,
  walkForwardEfficiency,
  walkForwardPlan,
  walkForwardWindows,
  type BarRange,
  type OutOfSampleRun,
  type ParameterStability,
  type WalkForwardPlan,
  type WalkForwardWindow,
  type WalkForwardEfficiency,
  type WindowReturns,
} from './walk-forward.ts';
export { sliceSeries } from '../slice-by-time.ts';
export { neighbourSupport, type ScoredParams } from './neighbours.ts';
export { robustness, type EdgeFlag, type Robustness } from './robustness.ts';
export { heatmap, sensitivity, type Heatmap, type HeatmapAggregate, type SensitivityPoint, type ValuedParams } from './heatmap.ts';
