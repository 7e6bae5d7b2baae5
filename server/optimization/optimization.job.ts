import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { getStrategy, IndicatorCache, type CandleSeries } from '../engine/index.ts';
import { expandGrid, paramsKey } from '../engine/optimizer/grid.ts';
import { wakeWorkers } from '../jobs/enqueue.ts';
import { failpoint } from '../jobs/failpoints.ts';
import { PermanentJobError } from '../jobs/permanent-error.ts';
import { QUEUES, type OptimizeJobData, type RecommendJobData } from '../jobs/queues.ts';
import { recordLifecycle } from '../jobs/record-lifecycle.ts';
import { defineJob, type JobContext } from '../jobs/runner.ts';
import { candleRangeOf, loadCandleRange } from '../market-data/range-loader.ts';
import { evaluateCombination } from './evaluate.ts';
import { OptimizationSweep, type IOptimizationSweep } from './optimization-sweep.entity.ts';
import { bestOfSweep, publishSweepProgress, sweepProgressEvent } from './optimization.service.ts';
import { StrategyOptimization } from './strategy-optimization.entity.ts';

/** Combinations simulated between two writes (and progress events). */
const BATCH = 25;

/**
 * A sweep job. Resumable and idempotent: combinations already stored for this sweep (by an attempt
 * that died) are skipped, and each batch is written with ON CONFLICT DO NOTHING on (sweep, params),
 * so a retry never stores a combination twice. One IndicatorCache serves every combination, so each
 * distinct indicator series is computed once per sweep.
 */
export const optimizeJob = defineJob<OptimizeJobData>({
  queue: QUEUES.optimize,
  lifecycle: recordLifecycle({
    entity: OptimizationSweep,
    idOf: (data) => data.sweepId,
    publish: (services, sweep, message) => publishSweepProgress(services, sweepProgressEvent(sweep, null, message)),
  }),
  async run(ctx) {
    const { services, em } = ctx;
    const id = ctx.job.data.sweepId;
    const sweep = await em.findOneOrFail(OptimizationSweep, { id });
    const { data } = await loadCandleRange(services, candleRangeOf(sweep), (message) => publishSweepProgress(services, sweepProgressEvent(sweep, null, message)));
    await sweepCombinations(ctx, sweep, data);
    const finished = await em.nativeUpdate(OptimizationSweep, { id, status: 'RUNNING', attempts: ctx.attempt }, { status: 'COMPLETED', progress: 1, completedAt: new Date() });
    if (finished === 0) return;
    await em.refresh(sweep);
    publishSweepProgress(services, sweepProgressEvent(sweep, await bestOfSweep(em, id)));
    // What the sweep suggests becomes a recommendation (recommendations/recommendation.job.ts).
    await services.boss.send(QUEUES.recommend, { sweepId: id } satisfies RecommendJobData, { singletonKey: id });
    wakeWorkers(services, QUEUES.recommend);
  },
});

async function sweepCombinations(ctx: JobContext<OptimizeJobData>, sweep: IOptimizationSweep, data: Map<string, CandleSeries>): Promise<void> {
  const { services, em } = ctx;
  const grid = expandGrid(getStrategy(sweep.strategy)!, sweep.parameterRanges, sweep.baseParams, Number.MAX_SAFE_INTEGER);
  if ('errors' in grid) throw new PermanentJobError('BAD_USER_INPUT', grid.errors.join('; '));
  const stored = new Set(
    ((await em.getConnection().execute('SELECT params_key FROM strategy_optimization WHERE sweep_id = ?', [sweep.id])) as Array<{ params_key: string }>).map(
      (row) => row.params_key,
    ),
  );
  const pending = grid.combinations.filter((params) => !stored.has(paramsKey(params)));
  const cache = new IndicatorCache();
  let completed = stored.size;
  for (let start = 0; start < pending.length; start += BATCH) {
    const rows = pending.slice(start, start + BATCH).map((params) => evaluateCombination(sweep, params, data, { cache, inSweep: true }));
    ctx.throwIfStopped();
    await em.createQueryBuilder(StrategyOptimization).insert(rows).onConflict(['sweep', 'paramsKey']).ignore().execute();
    completed += rows.length;
    const progress = completed / grid.combinations.length;
    await em.nativeUpdate(OptimizationSweep, { id: sweep.id, status: 'RUNNING', attempts: ctx.attempt }, { completedCombinations: completed, progress });
    await em.refresh(sweep);
    publishSweepProgress(services, sweepProgressEvent(sweep, await bestOfSweep(em, sweep.id)));
    await failpoint('optimize.chunk.midway');
    await yieldToEventLoop();
    ctx.throwIfStopped();
  }
}
