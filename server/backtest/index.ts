/** What other features may use of backtests: runs, their settings and metrics, and the GraphQL types they share. */
export { clippedName, pairsInName, planBacktest, type RunBacktestRequest } from './backtest-input.ts';
export { DirectionEnum, RunStatusEnum, SortDirectionEnum, simulationInputFields } from './backtest-inputs.graphql.ts';
export { BacktestRun, RUN_STATUS_VALUES, type GapPolicy, type IBacktestRun } from './backtest-run.entity.ts';
export { BacktestRunRef, EXIT_REASON_DESCRIPTION } from './backtest.graphql.ts';
export { createBacktest, getBacktest } from './backtest.service.ts';
export { metricsOf, resultColumnValues, resultColumns, type ResultSummary } from './metric-columns.ts';
export { BacktestMetricsRef, MetricEnum } from './metrics.graphql.ts';
export { PercentilesRef } from './monte-carlo.graphql.ts';
export { RunSettingsRef } from './run-settings.graphql.ts';
export { readRunSettings } from './run-settings.ts';
export { ParamTypeEnum, StrategyParamRef, StrategyRef } from './strategy.graphql.ts';
