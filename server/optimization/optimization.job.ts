import { getStrategy } from '../engine/index.ts';
import { expandGrid } from '../engine/optimizer/grid.ts';
import { wakeWorkers } from '../jobs/enqueue.ts';
import { failpoint } from '../jobs/failpoints.ts';
import { PermanentJobError } from '../jobs/permanent-error.ts';
import { QUEUES, type OptimizeJobData, type RecommendJobData } from '../jobs/queues.ts';
import { defineJob } from '../jobs/runner.ts';
import { candleRangeOf, loadCandleRange } from '../market-data/range-loader.ts';
import { OptimizationSweep } from './optimization-sweep.entity.ts';
import { bestOfSweep, publishSweepProgress, sweepProgressEvent } from './optimization.service.ts';
import { evaluateStage, stageProgress } from './sweep-stages.ts';
import { planSweep } from './sweep-plan.ts';
import { sweepLifecycle } from './sweep-lifecycle.ts';

/**
 * A sweep job: the coordinator. It downloads what the market lacks and applies the gap policy once,
 * then runs the sweep's stages in order (the search, then tests on data the search never saw), each
 * split into chunk jobs that any worker on any machine evaluates (optimization-chunk.job.ts) while
 * this job streams progress. Resumable: a retried coordinator re-sends the same chunks (their job ids
 * derive from their content) and every stored row is kept, so nothing is evaluated or stored twice.
 */
export const optimizeJob = defineJob<OptimizeJobData>({
  queue: QUEUES.optimize,
  lifecycle: sweepLifecycle,
  async run(ctx) {
    const { services, em } = ctx;
    const id = ctx.job.data.sweepId;
    const sweep = await em.findOneOrFail(OptimizationSweep, { id });
    await failpoint('optimize.coordinator.started');
    await loadCandleRange(services, candleRangeOf(sweep), (message) => publishSweepProgress(services, sweepProgressEvent(sweep, null, message)));
    const spec = getStrategy(sweep.strategy);
    const grid = spec && expandGrid(spec, sweep.parameterRanges, sweep.baseParams, Number.MAX_SAFE_INTEGER);
    if (!grid || 'errors' in grid) throw new PermanentJobError('BAD_USER_INPUT', grid ? grid.errors.join('; ') : `unknown strategy ${sweep.strategy}`);
    const plan = planSweep(sweep, grid.combinations);
    const progress = stageProgress(ctx, sweep, plan.totalEvaluations);
    for (const stage of plan.stages) {
      ctx.throwIfStopped();
      await evaluateStage(ctx, sweep, stage, await stage.paramSets(em), progress);
    }
    const finished = await em.nativeUpdate(
      OptimizationSweep,
      { id, status: 'RUNNING', attempts: ctx.attempt },
      { status: 'COMPLETED', progress: 1, completedEvaluations: plan.totalEvaluations, completedAt: new Date() },
    );
    if (finished === 0) return;
    await em.refresh(sweep);
    publishSweepProgress(services, sweepProgressEvent(sweep, await bestOfSweep(em, sweep)));
    // What the sweep suggests becomes a recommendation (recommendations/recommendation.job.ts).
    await services.boss.send(QUEUES.recommend, { sweepId: id } satisfies RecommendJobData, { singletonKey: id });
    wakeWorkers(services, QUEUES.recommend);
  },
});
