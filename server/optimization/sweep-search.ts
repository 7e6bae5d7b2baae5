import { scoresAt } from './ranked-rows.ts';
import { getStrategy, type StrategyParams, type StrategySpec } from '../engine/index.ts';
import { createSearch, paramsKey, type ParameterSearch } from '../engine/optimizer/index.ts';
import { PermanentJobError } from '../jobs/permanent-error.ts';
import type { OptimizeJobData } from '../jobs/queues.ts';
import type { JobContext } from '../jobs/runner.ts';
import type { IOptimizationSweep } from './optimization-sweep.entity.ts';
import type { RowPlace } from './sweep-rows.ts';
import { evaluateStage, type ProgressTracker } from './sweep-stages.ts';

/** Search spaces beyond this are refused at creation; the job trusts what was stored. */
const SPACE_LIMIT = 1_000_000;

/** The sweep's search (engine/optimizer/search.ts) over its ranges, method, budget and seed. */
export function sweepSearch(sweep: IOptimizationSweep): ParameterSearch {
  const spec = getStrategy(sweep.strategy);
  const search = spec && createSearch(spec, sweep.parameterRanges, sweep.baseParams, { ...sweep.search, maxCombinations: SPACE_LIMIT, start: sweep.learnedStart?.sets });
  if (!search || 'errors' in search) throw new PermanentJobError('BAD_USER_INPUT', search ? search.errors.join('; ') : `unknown strategy ${sweep.strategy}`);
  return search;
}

/**
 * Runs a search over one in-sample range: what the search asks, evaluated as chunk jobs, its scores
 * told back, until it is done. The current parameters (every comparison needs them) go with the first
 * sets rather than in a stage of their own, which cost a whole round of chunk jobs. GRID and RANDOM
 * ask for everything at once; ADAPTIVE one generation at a time. Resumable: rows stored by an earlier
 * attempt are not evaluated again, and the same seed asks the same sets.
 */
export async function runSearch(ctx: JobContext<OptimizeJobData>, sweep: IOptimizationSweep, place: RowPlace & { label: string }, progress: ProgressTracker): Promise<void> {
  const search = sweepSearch(sweep);
  let baseline: StrategyParams[] = [sweep.baseParams];
  while (!search.done) {
    const sets = search.ask(search.plannedEvaluations);
    if (sets.length === 0) throw new Error(`the ${sweep.search.method} search asked for nothing while not done`);
    const asked = new Set(sets.map(paramsKey));
    await evaluateStage(ctx, sweep, place, [...baseline.filter((params) => !asked.has(paramsKey(params))), ...sets], progress);
    baseline = [];
    search.tell(await scoredRows(ctx, sweep, place, sets));
  }
  if (baseline.length > 0) await evaluateStage(ctx, sweep, place, baseline, progress);
}

async function scoredRows(ctx: JobContext<OptimizeJobData>, sweep: IOptimizationSweep, place: RowPlace, sets: readonly StrategyParams[]) {
  const rows = new Map((await scoresAt(ctx.services.pool, sweep, place, sets.map(paramsKey))).map((row) => [row.paramsKey, row]));
  return sets.map((params) => {
    const row = rows.get(paramsKey(params));
    if (!row) throw new Error(`row ${paramsKey(params)} of sweep ${sweep.id} is missing after its stage`);
    return { params, score: row.score ?? null, eligible: (row.totalTrades ?? 0) >= sweep.minTrades };
  });
}

/** Parameter sets of the ranges that satisfy the strategy's constraints (a grid search visits exactly these). */
export function countValidCombinations(spec: StrategySpec, ranges: Readonly<Record<string, unknown>>, base: StrategyParams, maxCombinations: number): number {
  const grid = createSearch(spec, ranges, base, { method: 'GRID', maxCombinations });
  return 'errors' in grid ? 0 : grid.plannedEvaluations;
}
