import { graphql, type ResultOf } from '../graphql.ts';
import { ParamValueFields, SettingValueFields, ValueFields } from './values.ts';

/**
 * The GraphQL several features use: the metric, settings and tested-row fragments, what the run and
 * sweep forms load (strategies, setting definitions, stored markets, symbols, presets), and opening a
 * tested row as a run. Validated against schema.graphql with every feature's operations.
 */

export const MetricsFields = graphql(`
  fragment MetricsFields on BacktestMetrics {
    totalTrades winningTrades losingTrades winRate totalProfitLoss roi finalEquity cagr
    maxDrawdown maxDrawdownPercentage maxDrawdownDurationMs avgTradeDurationMs maxTradeDurationMs
    profitFactor expectancy bestTrade worstTrade avgWin avgLoss exposurePct feesPaid buyAndHoldReturn
    sharpeRatio sortinoRatio calmarRatio sqn tailRatio warmupBars entriesShrunkToCash
    skippedEntries { reason count }
    nullReasons { metric reason }
  }
`);

/** The account and execution settings a run or a sweep used (defaults filled in by the server). */
export const RunSettingsFields = graphql(`
  fragment RunSettingsFields on RunSettings {
    initialCapital positionSize sizingMode feeRate slippageBps quantityStep minNotional maxOpenPositions
    allowShort oppositeSignal trailingStopPct maxDrawdownStopPct scaleOutTargets { levelR fraction } breakEvenAfterFirstTarget
    rebalanceSchedule rebalanceEveryBars rebalanceWeights { symbol weight }
  }
`);

export const STRATEGIES = graphql(
  `
  query Strategies {
    strategies { name title family { name title } description constraints params { name label unit type default { ...ValueFields } min max step description } }
  }
`,
  [ValueFields],
);

/** Every option of a run or a sweep as the server defines it (label, unit, kind, default, bounds, choices): the forms keep no copy. */
export const RUN_SETTING_DEFINITIONS = graphql(
  `
  query RunSettingDefinitions {
    runSettingDefinitions { name label unit description kind default { ...ValueFields } required nullable min max minExclusive maxExclusive maxItems choices { value label description } }
    runRequestLimits { earliestDate latestDate maxSymbols maxLegs }
  }
`,
  [ValueFields],
);

export const FORM_MARKETS = graphql(`
  query FormMarkets {
    marketData { symbol interval first last count missingCandles synthetic }
    universes { id name symbols rule { quoteAsset exchange maxPairs } }
  }
`);

export const SEARCH_SYMBOLS = graphql(`
  query SearchSymbols($query: String!, $limit: Int) {
    symbols(query: $query, limit: $limit) { exchangeError symbols { symbol status stored synthetic quoteAsset } }
  }
`);

/** A tested parameter set: where it was measured (window, phase, range), by whom, and what it scored. */
export const OptimizationFields = graphql(
  `
  fragment OptimizationFields on StrategyOptimization {
    id params { ...ParamValueFields } score window phase fromDate toDate evaluatedBy
    metrics { roi winRate sharpeRatio sortinoRatio calmarRatio profitFactor expectancy sqn maxDrawdownPercentage totalTrades }
    run { id status }
  }
`,
  [ParamValueFields],
);

/** A tested row (in or out of sample) as a full backtest (its metrics equal the row's); opening it twice returns the same run. */
export const OPEN_ROW = graphql(`
  mutation OpenOptimizationRow($id: ID!) {
    openOptimizationRow(id: $id) { id status }
  }
`);

export const RecommendationValuesFields = graphql(
  `
  fragment RecommendationValuesFields on RecommendationValues { symbol timeframe params { ...ParamValueFields } settings { ...SettingValueFields } }
`,
  [ParamValueFields, SettingValueFields],
);

/** The values new runs and sweeps of a strategy, symbol and timeframe start from (set by applying a recommendation). */
export const PRESETS = graphql(
  `
  query Presets($strategy: String) {
    presets(strategy: $strategy) { id strategy strategyTitle symbol timeframe params { ...ParamValueFields } settings { ...SettingValueFields } recommendationId updatedAt }
  }
`,
  [ParamValueFields, SettingValueFields],
);

/** What a recommendation changes, and what it is based on: enough to say the change in words. */
export const RecommendationChangeFields = graphql(
  `
  fragment RecommendationChangeFields on OptimizationRecommendation {
    type symbols timeframe baseParams { ...ParamValueFields }
    current { ...RecommendationValuesFields }
    recommended { ...RecommendationValuesFields }
  }
`,
  [RecommendationValuesFields, ParamValueFields],
);

export type RecommendationChange = ResultOf<typeof RecommendationChangeFields>;
/** A metric the server ranks, maps and sorts tested rows by (the schema's Metric enum). */
export type MetricName = ReturnType<typeof graphql.scalar<'Metric'>>;
/** The runs list's sort keys (the schema's BacktestOrderField enum). */
export type OrderField = ReturnType<typeof graphql.scalar<'BacktestOrderField'>>;
export type Strategy = ResultOf<typeof STRATEGIES>['strategies'][number];
export type StrategyParam = Strategy['params'][number];
export type SettingDefinition = ResultOf<typeof RUN_SETTING_DEFINITIONS>['runSettingDefinitions'][number];
export type RequestLimits = ResultOf<typeof RUN_SETTING_DEFINITIONS>['runRequestLimits'];
export type Preset = ResultOf<typeof PRESETS>['presets'][number];
