import type { EntityManager } from '@mikro-orm/postgresql';
import type { StrategyParams } from '../engine/index.ts';
import type { IOptimizationSweep } from './optimization-sweep.entity.ts';
import { rankedRows } from './optimization.service.ts';
import type { RowPlace } from './sweep-rows.ts';

/** How many of the best in-sample rows a hold-out tests. */
export const HOLDOUT_TESTED_ROWS = 10;

/** One step of a sweep: parameter sets evaluated on one window's part of the market. */
export interface Stage extends RowPlace {
  readonly label: string;
  /** Backtests the stage will run (for progress before it starts). */
  readonly evaluations: number;
  /** The sets to evaluate, read when the stage starts: an out-of-sample stage tests what the search chose. */
  paramSets(em: EntityManager): Promise<StrategyParams[]>;
}

export interface SweepPlan {
  readonly stages: readonly Stage[];
  readonly totalEvaluations: number;
}

/**
 * The stages of a sweep: the search over the in-sample range, then, with a hold-out, the best rows
 * tested on the held-out tail (the last holdoutFraction of the range, which the search never saw).
 */
export function planSweep(sweep: IOptimizationSweep, combinations: readonly StrategyParams[]): SweepPlan {
  const fromMs = sweep.startDate.getTime();
  const toMs = sweep.endDate.getTime();
  const holdout = sweep.validation?.holdoutFraction;
  const splitMs = holdout ? Math.round(toMs - (toMs - fromMs) * holdout) : toMs;
  const search: Stage = {
    label: 'search',
    window: 0,
    phase: 'IN_SAMPLE',
    fromMs,
    toMs: splitMs,
    evaluations: combinations.length,
    paramSets: async () => [...combinations],
  };
  if (!holdout) return { stages: [search], totalEvaluations: search.evaluations };
  const tested = Math.min(HOLDOUT_TESTED_ROWS, combinations.length);
  const heldOut: Stage = {
    label: 'hold-out test of the best in-sample rows',
    window: 0,
    phase: 'OUT_OF_SAMPLE',
    fromMs: splitMs,
    toMs,
    evaluations: tested,
    paramSets: async (em) => (await rankedRows(em, sweep, { window: 0, phase: 'IN_SAMPLE', eligibleOnly: false, limit: tested })).map((row) => row.params),
  };
  return { stages: [search, heldOut], totalEvaluations: search.evaluations + heldOut.evaluations };
}
