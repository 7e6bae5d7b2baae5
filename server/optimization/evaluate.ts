import { randomUUID } from 'node:crypto';
import { backtestConfigOf, runBacktest, type CandleSeries, type IndicatorCache, type StrategyParams } from '../engine/index.ts';
import { compositeScore, paramsKey } from '../engine/optimizer/grid.ts';
import { resultColumnValues } from '../backtest/metric-columns.ts';
import { readRunSettings } from '../backtest/run-settings.ts';
import type { IOptimizationSweep } from './optimization-sweep.entity.ts';

/**
 * Backtests one parameter combination of a sweep's strategy and market and returns it as a
 * StrategyOptimization row with every metric; `inSweep` false marks a measurement outside the grid
 * (e.g. a baseline).
 */
export function evaluateCombination(
  sweep: IOptimizationSweep,
  params: StrategyParams,
  data: ReadonlyMap<string, CandleSeries>,
  options: { cache?: IndicatorCache; inSweep: boolean },
) {
  const config = backtestConfigOf(readRunSettings(sweep.settings), [{ strategy: sweep.strategy, params, symbols: sweep.symbols }]);
  const result = runBacktest(data, config, { cache: options.cache });
  return {
    id: randomUUID(),
    sweep: options.inSweep ? sweep.id : null,
    strategy: sweep.strategy,
    symbols: sweep.symbols,
    timeframe: sweep.timeframe,
    params,
    paramsKey: paramsKey(params),
    ...resultColumnValues(result),
    score: compositeScore(result.metrics),
    createdAt: new Date(),
  };
}
