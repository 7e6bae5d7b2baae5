import { readRunSettings } from '../backtest/index.ts';
import type { RunSettings } from '../engine/index.ts';
import { getStrategy, historyBarsOf, sliceByTime, type CandleSeries, type StrategyParams } from '../engine/index.ts';
import { parameterSpace } from '../engine/optimizer/index.ts';
import { intervalMs, parseInterval } from '../../domain/intervals.ts';
import { candleRangeOf, historyStartMs, type CandleRangeRequest } from '../market-data/index.ts';
import type { IOptimizationSweep } from './optimization-sweep.entity.ts';

/**
 * Warm-up history in a sweep. Every evaluation of a parameter set over [fromMs, toMs) reads the
 * candles from its own history start (historyStartMs of the set's historyBars) and trades from fromMs:
 * exactly the candles a backtest of that set over that range loads, so a row opened as a backtest gives
 * the same metrics. A window inside the range takes its history from the bars before it; the first
 * takes it from the history the sweep loads before its range, the most any of its sets needs.
 */

type SweepMarketFields = Pick<IOptimizationSweep, 'strategy' | 'symbols' | 'timeframe' | 'parameterRanges' | 'baseParams' | 'warmupHistory'>;

/** Beyond this many swept parameters only the two all-lowest and all-highest corners are tried. */
const MAX_CORNER_AXES = 12;

/**
 * Bars of history the sweep loads before its range: the most over the corners of its parameter space
 * (each swept parameter at either end of its range). A strategy's history grows with each of its
 * parameters between those ends (periods, timeframes, a stop turned on), so a corner holds the most.
 */
export function sweepHistoryBars(sweep: SweepMarketFields): number {
  if (!sweep.warmupHistory) return 0;
  const spec = getStrategy(sweep.strategy);
  const space = spec && parameterSpace(spec, sweep.parameterRanges, sweep.baseParams);
  const barMs = intervalMs(parseInterval(sweep.timeframe));
  const bars = (params: StrategyParams) => historyBarsOf([{ strategy: sweep.strategy, params, symbols: sweep.symbols }], barMs);
  if (!space || 'errors' in space) return bars(sweep.baseParams);
  const ends = space.axes.map((axis) => [axis.values[0], axis.values[axis.values.length - 1]] as const);
  const corners = ends.length <= MAX_CORNER_AXES ? 2 ** ends.length : 2;
  let most = bars(sweep.baseParams);
  for (let corner = 0; corner < corners; corner++) {
    const params: StrategyParams = { ...space.base };
    ends.forEach(([low, high], a) => {
      const highEnd = ends.length <= MAX_CORNER_AXES ? (corner >> a) & 1 : corner;
      params[space.axes[a].name] = highEnd ? high : low;
    });
    most = Math.max(most, bars(params));
  }
  return most;
}

/** The candles a sweep's jobs load: its range and the history before it. */
export function sweepCandleRange(sweep: SweepMarketFields & Parameters<typeof candleRangeOf>[0]): CandleRangeRequest {
  return candleRangeOf(sweep, sweepHistoryBars(sweep), 'settings' in sweep ? readRunSettings((sweep as { settings: RunSettings }).settings) : undefined);
}

/** Where an evaluation of `params` from `fromMs` starts reading candles: its own history before fromMs. */
export function evaluationStartMs(sweep: SweepMarketFields, params: StrategyParams, fromMs: number): number {
  if (!sweep.warmupHistory) return fromMs;
  const bars = historyBarsOf([{ strategy: sweep.strategy, params, symbols: sweep.symbols }], intervalMs(parseInterval(sweep.timeframe)));
  return historyStartMs(sweep.timeframe, fromMs, bars);
}

/** The candles an evaluation of `params` over [fromMs, toMs) runs on (views of the sweep's market, no copy). */
export function evaluationCandles(data: ReadonlyMap<string, CandleSeries>, sweep: SweepMarketFields, params: StrategyParams, fromMs: number, toMs: number): Map<string, CandleSeries> {
  const startMs = evaluationStartMs(sweep, params, fromMs);
  return new Map([...data].map(([symbol, series]) => [symbol, sliceByTime(series, startMs, toMs)]));
}
