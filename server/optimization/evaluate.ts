import { randomUUID } from 'node:crypto';
import { DEFAULT_BACKTEST_CONFIG, runBacktest, type BacktestConfig, type CandleSeries, type IndicatorCache, type StrategyParams } from '../engine/index.ts';
import { compositeScore, paramsKey } from '../engine/optimizer/grid.ts';
import type { IOptimizationSweep } from './optimization-sweep.entity.ts';

/** The engine settings a sweep's combinations all run with (defaults under whatever the sweep stored). */
export function sweepSettings(sweep: IOptimizationSweep): Omit<BacktestConfig, 'legs'> {
  return { ...DEFAULT_BACKTEST_CONFIG, ...(sweep.settings as Omit<BacktestConfig, 'legs'>) };
}

/**
 * Backtests one parameter combination of a sweep's strategy and market and returns it as a
 * StrategyOptimization row; `inSweep` false marks a measurement outside the grid (e.g. a baseline).
 */
export function evaluateCombination(
  sweep: IOptimizationSweep,
  params: StrategyParams,
  data: ReadonlyMap<string, CandleSeries>,
  options: { cache?: IndicatorCache; inSweep: boolean },
) {
  const config: BacktestConfig = { ...sweepSettings(sweep), legs: [{ strategy: sweep.strategy, params, symbols: sweep.symbols }] };
  const m = runBacktest(data, config, { cache: options.cache }).metrics;
  return {
    id: randomUUID(),
    sweep: options.inSweep ? sweep.id : null,
    strategy: sweep.strategy,
    symbols: sweep.symbols,
    timeframe: sweep.timeframe,
    params,
    paramsKey: paramsKey(params),
    totalTrades: m.totalTrades,
    winRate: m.winRate,
    roi: m.roi,
    sharpeRatio: m.sharpeRatio,
    profitFactor: m.profitFactor,
    maxDrawdownPercentage: m.maxDrawdownPercentage,
    score: compositeScore(m),
    createdAt: new Date(),
  };
}
