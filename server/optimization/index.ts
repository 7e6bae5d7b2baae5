/** What other features may use of sweeps: the stored sweeps and rows, their ranking and their tests. */
export { OptimizationSweep, type IOptimizationSweep } from './optimization-sweep.entity.ts';
export { StrategyOptimizationRef } from './optimization.graphql.ts';
export { type OverfittingReport } from './overfitting.ts';
export { finalWindow, rankedRows, rowsAt } from './ranked-rows.ts';
export { StrategyOptimization, type IStrategyOptimization } from './strategy-optimization.entity.ts';
export { evaluationCandles, evaluationStartMs, sweepCandleRange } from './sweep-history.ts';
export { sweepRow } from './sweep-rows.ts';
export { plateauChoice } from './sweep-tests.ts';
