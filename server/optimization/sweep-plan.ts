import type { StrategyParams } from '../engine/index.ts';
import { holdOutSplit, walkForwardPlan, walkForwardWindows, type BarRange } from '../engine/optimizer/index.ts';
import type { IOptimizationSweep } from './optimization-sweep.entity.ts';
import type { RowPlace } from './sweep-rows.ts';

/** How many of the best in-sample rows a hold-out tests (plus the current parameters and the most robust row). */
export const HOLDOUT_TESTED_ROWS = 10;

/** A search over one in-sample range, then the tests of what it chose on the out-of-sample range after it. */
export interface SweepWindow {
  /** 0 for a plain sweep (with or without hold-out); 1..n for walk-forward windows. */
  readonly window: number;
  readonly search: RowPlace & { readonly label: string };
  readonly test: (RowPlace & { readonly label: string }) | null;
}

/**
 * The windows of a sweep over its candles' open times (the first symbol's; bars, so no window splits a
 * candle). A plain sweep searches the whole range; with a hold-out, the last holdoutFraction of the bars
 * (engine holdOutSplit) is kept for the test; walk-forward windows follow engine walkForwardPlan (the
 * last out-of-sample window ends with the data, in-sample windows rolling or anchored).
 */
export function sweepWindows(sweep: IOptimizationSweep, openTime: Float64Array, intervalMs: number): SweepWindow[] | { errors: string[] } {
  const n = openTime.length;
  if (n < 2) return { errors: [`the sweep's range holds ${n} candle(s); a sweep needs at least 2`] };
  const at = (bar: number) => (bar < n ? openTime[bar] : openTime[n - 1] + intervalMs);
  const place = (window: number, phase: RowPlace['phase'], range: BarRange, label: string) => ({ window, phase, fromMs: at(range.start), toMs: at(range.end), label });
  const all: BarRange = { start: 0, end: n };
  const validation = sweep.validation;
  if (validation?.walkForward) {
    const wf = validation.walkForward;
    const plan = walkForwardPlan(all, wf.windows, wf.inSampleFraction, wf.mode);
    if ('errors' in plan) return plan;
    const windows = walkForwardWindows(plan);
    if ('errors' in windows) return windows;
    return windows.map((w) => ({
      window: w.index + 1,
      search: place(w.index + 1, 'IN_SAMPLE', w.inSample, `walk-forward window ${w.index + 1} of ${windows.length}: in-sample search`),
      test: place(w.index + 1, 'OUT_OF_SAMPLE', w.outOfSample, `walk-forward window ${w.index + 1} of ${windows.length}: out-of-sample test`),
    }));
  }
  if (validation?.holdoutFraction) {
    const split = holdOutSplit(all, validation.holdoutFraction);
    if ('errors' in split) return split;
    return [{ window: 0, search: place(0, 'IN_SAMPLE', split.inSample, 'search'), test: place(0, 'OUT_OF_SAMPLE', split.holdOut, 'hold-out test of the best in-sample rows') }];
  }
  return [{ window: 0, search: place(0, 'IN_SAMPLE', all, 'search'), test: null }];
}

/**
 * Evaluations a sweep runs: in every window its search plus the current parameters, then the tests (a
 * hold-out tests the best rows, the most robust one and the current parameters; a walk-forward window
 * its winner and the current parameters). An upper bound: sets chosen twice are evaluated once.
 */
export function plannedEvaluations(validation: IOptimizationSweep['validation'], searchEvaluations: number): number {
  if (validation?.walkForward) return validation.walkForward.windows * (searchEvaluations + 1 + 2);
  if (validation?.holdoutFraction) return searchEvaluations + 1 + Math.min(HOLDOUT_TESTED_ROWS, searchEvaluations) + 2;
  return searchEvaluations + 1;
}

/** The sets a window's test evaluates: the chosen ones and the current parameters, once each. */
export function uniqueSets(sets: readonly StrategyParams[], key: (params: StrategyParams) => string): StrategyParams[] {
  const seen = new Set<string>();
  return sets.filter((params) => !seen.has(key(params)) && seen.add(key(params)));
}
