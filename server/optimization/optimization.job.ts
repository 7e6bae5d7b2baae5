import { publishSweepProgress, sweepProgressEvent } from './sweep-progress.ts';
import { bestOfSweep } from './ranked-rows.ts';
import { enqueueWithin, wakeWorkers } from '../jobs/enqueue.ts';
import { failpoint } from '../jobs/failpoints.ts';
import { PermanentJobError } from '../jobs/permanent-error.ts';
import { QUEUES, type OptimizeJobData, type RecommendJobData } from '../jobs/queues.ts';
import { defineJob } from '../jobs/runner.ts';
import { firstAtOrAfter } from '../engine/index.ts';
import { loadCandleRange } from '../market-data/index.ts';
import { OptimizationSweep } from './optimization-sweep.entity.ts';
import { learnFromOtherMarkets } from './learned-start.ts';
import { overfittingReport } from './overfitting.ts';
import { sweepCandleRange } from './sweep-history.ts';
import { keepSweepMarket } from './sweep-market.ts';
import { sweepLifecycle } from './sweep-lifecycle.ts';
import { plannedEvaluations, sweepWindows } from './sweep-plan.ts';
import { stitchWalkForward } from './sweep-report.ts';
import { runSearch, sweepSearch } from './sweep-search.ts';
import { evaluateStage, stageProgress } from './sweep-stages.ts';
import { testSets } from './sweep-tests.ts';
import { loadUserStrategies } from '../strategies/index.ts';

/**
 * A sweep job: the coordinator. It downloads what the market lacks and applies the gap policy once,
 * splits the range into windows (plain, hold-out or walk-forward: sweep-plan.ts), and in each runs the
 * search on the in-sample part and then tests what it chose on the out-of-sample part. Every batch of
 * evaluations is a set of chunk jobs any worker on any machine evaluates (optimization-chunk.job.ts)
 * while this job streams progress. Resumable: a retried coordinator re-sends the same chunks (their
 * job ids derive from their content) and every stored row is kept, so nothing is evaluated twice.
 */
export const optimizeJob = defineJob<OptimizeJobData>({
  queue: QUEUES.optimize,
  lifecycle: sweepLifecycle,
  async run(ctx) {
    const { services, em } = ctx;
    const id = ctx.job.data.sweepId;
    const sweep = await em.findOneOrFail(OptimizationSweep, { id });
    await loadUserStrategies(em, [sweep.strategy]);
    await failpoint('optimize.coordinator.started');
    const loaded = await loadCandleRange(services, sweepCandleRange(sweep), (message) => publishSweepProgress(services, sweepProgressEvent(sweep, null, message)));
    const { data } = loaded;
    keepSweepMarket(sweep.id, loaded);
    await learnFromOtherMarkets(em, sweep, data);
    await failpoint('optimize.load');
    const first = data.get(sweep.symbols[0]);
    // Windows split the range's bars; the history before it only warms the first window up.
    const rangeTimes = first?.openTime.subarray(firstAtOrAfter(first.openTime, sweep.startDate.getTime()));
    const windows = first && rangeTimes ? sweepWindows(sweep, rangeTimes, first.intervalMs) : { errors: [`no candles for ${sweep.symbols[0]}`] };
    if ('errors' in windows) throw new PermanentJobError('BAD_USER_INPUT', windows.errors.join('; '));
    const progress = stageProgress(ctx, sweep, plannedEvaluations(sweep.validation, sweepSearch(sweep).plannedEvaluations));
    for (const window of windows) {
      await runSearch(ctx, sweep, window.search, progress);
      if (window.test) await evaluateStage(ctx, sweep, window.test, await testSets(em, sweep, window), progress);
    }
    const report = {
      overfitting: await overfittingReport(em, sweep, loaded, services.evaluator!),
      ...(sweep.validation?.walkForward && { walkForward: await stitchWalkForward(em, sweep, windows, loaded) }),
    };
    // The sweep's end and the job that turns it into recommendations (recommendations/recommendation.job.ts)
    // commit together: a process dying between them can neither complete a sweep that never recommends
    // nor queue recommendations for a sweep that did not complete.
    const finished = await em.transactional(async (tx) => {
      const stored = await tx.getConnection().execute('SELECT count(*)::int AS n FROM strategy_optimization WHERE sweep_id = ?', [id], 'all', tx.getTransactionContext());
      const rows = (stored as Array<{ n: number }>)[0].n;
      const updated = await tx.nativeUpdate(
        OptimizationSweep,
        { id, status: 'RUNNING', attempts: ctx.attempt },
        { status: 'COMPLETED', progress: 1, completedEvaluations: rows, totalEvaluations: rows, report, completedAt: new Date() },
      );
      if (updated === 0) return false;
      await failpoint('optimize.store');
      await enqueueWithin(services, tx, QUEUES.recommend, { sweepId: id } satisfies RecommendJobData, { singletonKey: id });
      return true;
    });
    if (!finished) return;
    wakeWorkers(services, QUEUES.recommend);
    await failpoint('optimize.publish');
    await em.refresh(sweep);
    publishSweepProgress(services, sweepProgressEvent(sweep, await bestOfSweep(em, sweep)));
  },
});
