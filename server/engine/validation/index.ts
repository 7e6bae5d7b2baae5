/**
 * Statistics that say whether a sweep's choice is real: the Probability of Backtest Overfitting (CSCV),
 * the Deflated Sharpe Ratio, a paired significance test of recommended against current settings, multiple-
 * testing corrections, and calibration of predicted probabilities. Pure: seeds are passed in.
 */
export { mean, sampleStd, sampleVariance, skewness, kurtosis } from './moments.ts';
export { erfc, normalCdf, normalQuantile } from './normal.ts';
export { createBlockStatistics, equalBlocks, recordDailyReturns, sharpeFromSums, sharpeOfDays, type BlockStatistics } from './block-statistics.ts';
export {
  PBO_PARTS,
  enumeratePboSplits,
  joinPboSplits,
  pboProblems,
  probabilityOfBacktestOverfitting,
  type PboOptions,
  type PboPart,
  type PboResult,
  type PboSplits,
  type PerformanceDegradation,
} from './pbo.ts';
export {
  EULER_MASCHERONI,
  deflatedSharpe,
  deflatedSharpeRatio,
  expectedMaximumSharpe,
  probabilisticSharpeRatio,
  type DeflatedSharpeInput,
  type DeflatedSharpeOfReturnsInput,
  type DeflatedSharpeResult,
  type ProbabilisticSharpeInput,
} from './deflated-sharpe.ts';
export { pairedSharpeTest, type PairedSharpeTestResult } from './paired-sharpe-test.ts';
export { PAIRED_TEST_METHODS, defaultBlockLength, pairedTest, stationaryResample, type PairedTestMethod, type PairedTestOptions, type PairedTestResult } from './paired-test.ts';
export { MULTIPLE_TESTING_METHODS, adjustPValues, type MultipleTestingMethod } from './multiple-testing.ts';
export { brierScore, calibrationSlope, reliabilityCurve, wilsonInterval, type Forecast, type Interval, type ReliabilityBin } from './calibration.ts';
