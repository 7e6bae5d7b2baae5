/**
 * Candlelab's pure backtest engine: candles, indicators, strategies, simulation, metrics.
 * No IO, no clock, no Math.random(): same input, same output, bit for bit.
 */
export type * from './contract.ts';

export { candleSeries, candleFault, candleProblem, validateCandles, CandleValidationError, MIN_PRICE, type CandleColumns, type CandleFault, type OhlcvColumns } from './candles.ts';
export { resample, fixedBuckets, type BucketCalendar, type HigherTimeframe, type ResampleOptions } from './resample.ts';
export { mulberry32, type Prng } from './prng.ts';
export { generateCandles, type SyntheticOptions } from './synthetic.ts';

export { sma } from './indicators/sma.ts';
export { ema } from './indicators/ema.ts';
export { rsi } from './indicators/rsi.ts';
export { atr, trueRange } from './indicators/atr.ts';
export { macd, type MacdOutput } from './indicators/macd.ts';
export { bollinger, type BollingerOutput } from './indicators/bollinger.ts';
export { leadingNaN, warmupOf } from './indicators/warmup.ts';
export { IndicatorCache, type PriceSource } from './indicators/cache.ts';
export { CATALOGUE, CANDLESTICK_PATTERNS, catalogueIndicator, candlestickPattern, type CatalogueEntry } from './indicators/catalogue.ts';

export { listStrategies, getStrategy, getStrategyModule } from './strategies/registry.ts';
export { resolveStrategyParams, resolveParamsFor } from './strategies/params.ts';
export { Signal, NONE, LONG, SHORT, EXIT, defineStrategy, type StrategyDefinition, type StrategyModule, type StrategyContext, type PreparedStrategy } from './strategies/types.ts';
export { increasing, needs, notBoth, type ParamConstraint } from './strategies/constraints.ts';

export { DEFAULT_BACKTEST_CONFIG, validateBacktestConfig, backtestConfigOf, runSettingsOf, type StrategyLookup } from './simulator/config.ts';
export {
  RUN_SETTINGS,
  RUN_SETTING_NAMES,
  SIZING_MODES,
  DEFAULT_RUN_SETTINGS,
  checkSetting,
  resolveRunSettings,
  runSettingsIssues,
  type RunSettings,
  type RunSettingsInput,
  type RunSettingName,
  type SettingSpec,
  type SettingIssue,
} from './settings.ts';
export { createBacktest, runBacktest, type BacktestOptions, type EngineBacktestResult, type EngineBacktestStepper } from './simulator/backtest.ts';
export { evaluateMetrics, type MetricsEvaluation } from './simulator/evaluate.ts';
export type { SkipReason } from './simulator/sizing.ts';

export { computeMetrics, dailyCloses, dayEndBars, metricsOf as metricsFromTally, type BuyAndHoldInput, type EquityBars } from './metrics.ts';
export { METRICS, METRIC_NAMES, type MetricName, type MetricDefinition, type MetricUnit, type MetricValues } from './metric-definitions.ts';
export { TradeTally } from './trade-tally.ts';
export { downsampleEquity } from './downsample.ts';
export { tradeReturnsPct } from './trade-returns.ts';
export { MONTE_CARLO_METHODS, monteCarlo, percentile, type MonteCarloMethod, type MonteCarloOptions, type MonteCarloResult, type Percentiles } from './monte-carlo.ts';
export { sliceByTime, firstAtOrAfter } from './slice-by-time.ts';
