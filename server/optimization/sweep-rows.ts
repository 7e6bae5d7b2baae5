import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { StrategyParams } from '../engine/index.ts';
import { paramsKey } from '../engine/optimizer/grid.ts';
import { resultColumnValues } from '../backtest/index.ts';
import type { EvaluatedSet } from './evaluation/evaluate-params.ts';
import type { IOptimizationSweep } from './optimization-sweep.entity.ts';
import { scoreOf } from './scoring.ts';
import type { RowPhase } from './sweep-spec.ts';

const WORKER_NAME = `${hostname()}:${process.pid}`;

/** Where a row of a sweep was measured: which window, which part of it, which candles. */
export interface RowPlace {
  readonly window: number;
  readonly phase: RowPhase;
  readonly fromMs: number;
  readonly toMs: number;
}

/** One evaluated parameter set as a StrategyOptimization row (every metric, scored by the sweep's objective). */
export function sweepRow(sweep: IOptimizationSweep, place: RowPlace, params: StrategyParams, result: EvaluatedSet) {
  return {
    id: randomUUID(),
    sweep: sweep.id,
    strategy: sweep.strategy,
    symbols: sweep.symbols,
    timeframe: sweep.timeframe,
    params,
    paramsKey: paramsKey(params),
    window: place.window,
    phase: place.phase,
    fromDate: new Date(place.fromMs),
    toDate: new Date(place.toMs),
    ...resultColumnValues(result),
    score: scoreOf(sweep.objective, result.metrics),
    blockReturns: result.blockReturns ?? null,
    evaluatedBy: WORKER_NAME,
    createdAt: new Date(),
  };
}
