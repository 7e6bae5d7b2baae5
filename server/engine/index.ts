/**
 * Candlelab's pure backtest engine: candles, indicators, strategies, simulation, metrics.
 * No IO, no clock, no Math.random(): same input, same output, bit for bit.
 */
export type * from './contract.ts';

export { candleSeries, concatSeries, candleFault, candleProblem, validateCandles, CandleValidationError, MIN_PRICE, candleCloseTimeMs, NOMINAL_MONTH_MS, type CandleColumns, type CandleFault, type OhlcvColumns } from './candles.ts';
export { resample, fixedBuckets, type BucketCalendar, type HigherTimeframe, type ResampleOptions } from './resample.ts';
export { mulberry32, type Prng } from './prng.ts';
export { generateCandles, generateNoEdgeMarket, generatePlantedTrendMarket, type MarketOptions, type PlantedTrendOptions, type SyntheticOptions } from './synthetic.ts';

export { sma, SMA } from './indicators/sma.ts';
export { ema, EMA } from './indicators/ema.ts';
export { wma, WMA } from './indicators/wma.ts';
export { hma, HMA } from './indicators/hma.ts';
export { rsi, RSI } from './indicators/rsi.ts';
export { atr, trueRange, ATR } from './indicators/atr.ts';
export { macd, MACD, type MacdOutput } from './indicators/macd.ts';
export { bandsAround, type BandOutput } from './indicators/bands.ts';
export { bollinger, BOLLINGER } from './indicators/bollinger.ts';
export { stochastic, STOCHASTIC, type StochasticOutput } from './indicators/stochastic.ts';
export { stochRsi, STOCH_RSI } from './indicators/stoch-rsi.ts';
export { adx, ADX, type AdxOutput } from './indicators/adx.ts';
export { cci, CCI } from './indicators/cci.ts';
export { mfi, MFI } from './indicators/mfi.ts';
export { obv, OBV } from './indicators/obv.ts';
export { vwap, VWAP } from './indicators/vwap.ts';
export { roc, ROC } from './indicators/roc.ts';
export { williamsR, WILLIAMS_R } from './indicators/williams-r.ts';
export { donchian, midRange, DONCHIAN, type DonchianOutput } from './indicators/donchian.ts';
export { keltner, KELTNER } from './indicators/keltner.ts';
export { supertrend, SUPERTREND, type TrendLineOutput } from './indicators/supertrend.ts';
export { psar, PSAR } from './indicators/psar.ts';
export { ichimoku, ICHIMOKU, type IchimokuOutput } from './indicators/ichimoku.ts';
export { highest, lowest, HIGHEST, LOWEST } from './indicators/extremes.ts';
export { rollingSum, SUM } from './indicators/sum.ts';
export { rollingStdev, zScore, STDEV, ZSCORE } from './indicators/stdev.ts';
export { leadingNaN, warmupOf } from './indicators/warmup.ts';
export {
  WARMUP_TOLERANCE,
  CANDLE_WARMUP,
  chainWarmup,
  slowestWarmup,
  smoothingBars,
  type Warmup,
  type WarmupContext,
} from './indicators/warmup-bars.ts';
export {
  CANDLE_FIELDS,
  CANDLE_INPUTS,
  resolveIndicatorParams,
  type CandleField,
  type CandleInput,
  type IndicatorDescriptor,
  type IndicatorInputs,
  type IndicatorOutputs,
  type IndicatorOutputSpec,
  type IndicatorParamSpec,
  type IndicatorParams,
  type IndicatorSource,
} from './indicators/descriptor.ts';
export { INDICATORS, getIndicator, computeIndicator } from './indicators/catalogue.ts';
export { candleField } from './indicators/candle-fields.ts';
export { seriesKey, seriesWarmup, type SeriesRef, type IndicatorRef, type ExternalSeries } from './indicators/series-ref.ts';
export { IndicatorCache } from './indicators/cache.ts';
export { TIE_RELATIVE, sideOf, heldSide, crossingAt, nextCrossing } from './indicators/crossing.ts';
export { CANDLESTICK_PATTERNS, candlestickPattern } from './indicators/candlestick.ts';

export { listStrategies, getStrategy, getStrategyModule, registerCompiledStrategy, isStrategyRegistered } from './strategies/registry.ts';
export * from './language/index.ts';
export { resolveStrategyParams, resolveParamsFor } from './strategies/params.ts';
export { Signal, NONE, LONG, SHORT, EXIT, defineStrategy, type StrategyDefinition, type StrategyModule, type StrategyContext, type PreparedStrategy, type StrategyChart } from './strategies/types.ts';
export { increasing, needs, notBoth, type ParamConstraint } from './strategies/constraints.ts';
export { indicatorLines, type IndicatorLine } from './strategies/chart.ts';

export { DEFAULT_BACKTEST_CONFIG, entryRankingIssue, validateBacktestConfig, backtestConfigOf, historyBarsOf, runSettingsOf, type StrategyLookup } from './simulator/config.ts';
export {
  RUN_SETTINGS,
  RUN_SETTING_NAMES,
  SIZING_MODES,
  OPPOSITE_SIGNAL_ACTIONS,
  ENTRY_ORDER_TYPES,
  ENTRY_OFFSET_MODES,
  ENTRY_OFFSET_ATR_PERIOD,
  MARKET_TYPES,
  DETAIL_TIMEFRAMES,
  DETAIL_TIMEFRAME_INTERVALS,
  type EntryOrderType,
  type EntryOffsetMode,
  type MarketType,
  type DetailTimeframe,
  DEFAULT_RUN_SETTINGS,
  checkSetting,
  resolveRunSettings,
  runSettingsIssues,
  type RunSettings,
  type RunSettingsInput,
  type RunSettingName,
  type SettingSpec,
  type ScaleOutTarget,
  scaleOutTargetsIssues,
  type TargetWeight,
  targetWeightsIssues,
  targetWeightSymbolIssues,
  settingsOnSymbols,
  type RebalanceSchedule,
  REBALANCE_SCHEDULES,
  type SettingIssue,
  type OppositeSignalAction,
  type EntryRanking,
  ENTRY_RANKINGS,
} from './settings.ts';
export { createBacktest, runBacktest, type BacktestOptions, type EngineBacktestResult, type EngineBacktestStepper } from './simulator/backtest.ts';
export { evaluateMetrics, type EvaluateOptions, type MetricsEvaluation } from './simulator/evaluate.ts';
export type { ExecutionData } from './simulator/execution-inputs.ts';
export type { SkipReason } from './simulator/sizing.ts';
export { EXIT_REASONS } from './simulator/trade-log.ts';

export { DAYS_PER_YEAR, computeMetrics, dailyCloses, dailyReturns, dayEndBars, metricsOf as metricsFromTally, type BuyAndHoldInput, type EquityBars } from './metrics.ts';
export { METRICS, METRIC_NAMES, type MetricName, type MetricDefinition, type MetricUnit, type MetricValues } from './metric-definitions.ts';
export { TradeTally } from './trade-tally.ts';
export { downsampleEquity } from './downsample.ts';
export { tradeReturnsPct } from './trade-returns.ts';
export { buyAndHoldEquity } from './buy-and-hold.ts';
export { MONTE_CARLO_METHODS, monteCarlo, percentile, percentiles, type MonteCarloMethod, type MonteCarloOptions, type MonteCarloResult, type Percentiles } from './monte-carlo.ts';
export { sliceByTime, sliceSeries, firstAtOrAfter, type BarRange } from './slice-by-time.ts';
export { RECURSIVE_SEED_TOLERANCE } from './indicators/history.ts';
export * from './validation/index.ts';
export * from './reports/index.ts';
