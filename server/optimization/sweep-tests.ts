import { rankedRows } from './ranked-rows.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { StrategyParams } from '../engine/index.ts';
import { paramsKey, sweptAxes } from '../engine/optimizer/index.ts';
import type { IOptimizationSweep } from './optimization-sweep.entity.ts';
import { HOLDOUT_TESTED_ROWS, uniqueSets, type SweepWindow } from './sweep-plan.ts';
import type { IStrategyOptimization } from './strategy-optimization.entity.ts';

/**
 * What a window's test evaluates on data its search never saw. A hold-out tests the best in-sample rows,
 * the most robust one (plateauChoice) and the current parameters; a walk-forward window its winner and
 * the current parameters. Chosen from stored rows only, so a resumed sweep chooses the same.
 */
export async function testSets(em: EntityManager, sweep: IOptimizationSweep, window: SweepWindow): Promise<StrategyParams[]> {
  const ranked = await rankedRows(em, sweep, { window: window.window, phase: 'IN_SAMPLE', eligibleOnly: false });
  if (window.window !== 0) return uniqueSets([...ranked.slice(0, 1).map((row) => row.params), sweep.baseParams], paramsKey);
  const plateau = plateauChoice(sweep, ranked);
  return uniqueSets([...ranked.slice(0, HOLDOUT_TESTED_ROWS).map((row) => row.params), ...(plateau ? [plateau.params] : []), sweep.baseParams], paramsKey);
}

/**
 * The eligible row whose grid neighbourhood scores best on average (its own score and its one-step
 * neighbours' along each swept parameter): a broad plateau beats a lone spike that a small change of
 * one parameter would lose. Ties keep the better-ranked row.
 */
export function plateauChoice(sweep: IOptimizationSweep, ranked: readonly IStrategyOptimization[]): IStrategyOptimization | null {
  const axes = Object.entries(sweptAxes(sweep.parameterRanges)).map(([name, values]) => ({ name, values: [...values].sort((a, b) => Number(a) - Number(b)) }));
  const scoreOf = new Map(ranked.filter((row) => typeof row.score === 'number' && Number.isFinite(row.score)).map((row) => [row.paramsKey, row.score as number]));
  let best: { row: IStrategyOptimization; value: number } | null = null;
  for (const row of ranked) {
    const own = scoreOf.get(row.paramsKey);
    if (own === undefined || (row.totalTrades ?? 0) < sweep.minTrades) continue;
    let sum = own;
    let count = 1;
    for (const axis of axes) {
      const at = axis.values.indexOf(row.params[axis.name]);
      for (const step of [-1, 1]) {
        const value = axis.values[at + step];
        if (at < 0 || value === undefined) continue;
        const neighbour = scoreOf.get(paramsKey({ ...row.params, [axis.name]: value }));
        if (neighbour === undefined) continue;
        sum += neighbour;
        count++;
      }
    }
    const value = sum / count;
    if (!best || value > best.value) best = { row, value };
  }
  return best?.row ?? null;
}
