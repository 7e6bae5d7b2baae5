import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import type PgBoss from 'pg-boss';
import { getStrategy, IndicatorCache, type CandleSeries } from '../engine/index.ts';
import { expandGrid, paramsKey } from '../engine/optimizer/grid.ts';
import { evaluateCombination } from './evaluate.ts';
import { PermanentJobError } from '../jobs/permanent-error.ts';
import { QUEUES, type OptimizeJobData, type RecommendJobData } from '../jobs/queues.ts';
import { loadCandleRange } from '../market-data/range-loader.ts';
import type { AppServices } from '../services.ts';
import { OptimizationSweep, type IOptimizationSweep } from './optimization-sweep.entity.ts';
import { bestOfSweep, isTerminal, publishSweepProgress, sweepProgressEvent } from './optimization.service.ts';
import { StrategyOptimization } from './strategy-optimization.entity.ts';

/** Combinations simulated between two writes (and progress events, and cancellation checks). */
const BATCH = 25;

/**
 * Runs a sweep. Resumable and idempotent: combinations already stored for this sweep (by an attempt
 * that died) are skipped, and each batch is written with ON CONFLICT DO NOTHING on (sweep, params),
 * so a retry never stores a combination twice. One IndicatorCache serves every combination, so each
 * distinct indicator series is computed once per sweep.
 */
export async function handleOptimizeJob(services: AppServices, job: PgBoss.JobWithMetadata<OptimizeJobData>): Promise<void> {
  const em = services.orm.em.fork();
  const id = job.data.sweepId;
  const sweep = await em.findOne(OptimizationSweep, { id });
  if (!sweep || isTerminal(sweep.status)) return;
  const started = await em.nativeUpdate(
    OptimizationSweep,
    { id, status: { $in: ['PENDING', 'RUNNING'] } },
    { status: 'RUNNING', startedAt: new Date(), attempts: sweep.attempts + 1, error: null, errorCode: null },
  );
  if (started === 0) return;
  await em.refresh(sweep);
  publishSweepProgress(services, sweepProgressEvent(sweep, null));
  try {
    const { data } = await loadCandleRange(
      services,
      {
        symbols: sweep.symbols,
        timeframe: sweep.timeframe,
        fromMs: sweep.startDate.getTime(),
        toMs: sweep.endDate.getTime(),
        gapPolicy: sweep.gapPolicy,
        fetchMissingData: sweep.fetchMissingData,
      },
      (message) => publishSweepProgress(services, sweepProgressEvent(sweep, null, message)),
    );
    if ((await sweepCombinations(services, em, sweep, data)) === 'cancelled') return;
    await em.nativeUpdate(OptimizationSweep, { id, status: 'RUNNING' }, { status: 'COMPLETED', progress: 1, completedAt: new Date() });
    await em.refresh(sweep);
    publishSweepProgress(services, sweepProgressEvent(sweep, await bestOfSweep(em, id)));
    // What the sweep suggests becomes a recommendation (recommendations/recommendation.job.ts).
    await services.boss.send(QUEUES.recommend, { sweepId: id } satisfies RecommendJobData, { singletonKey: id });
  } catch (error) {
    const permanent = error instanceof PermanentJobError;
    const lastAttempt = permanent || job.retryCount >= job.retryLimit;
    const message = error instanceof Error ? error.message : String(error);
    if (!permanent) services.log.error(`Sweep ${id} attempt ${sweep.attempts} failed${lastAttempt ? '' : '; it will be retried'}`, error);
    await em.nativeUpdate(
      OptimizationSweep,
      { id, status: 'RUNNING' },
      lastAttempt
        ? { status: 'FAILED', error: message, errorCode: permanent ? error.code : 'INTERNAL_SERVER_ERROR', completedAt: new Date() }
        : { status: 'PENDING', error: `Retrying after: ${message}` },
    );
    await em.refresh(sweep);
    publishSweepProgress(services, sweepProgressEvent(sweep, null));
    if (!permanent) throw error;
  }
}

async function sweepCombinations(services: AppServices, em: EntityManager, sweep: IOptimizationSweep, data: Map<string, CandleSeries>): Promise<'done' | 'cancelled'> {
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
    await em.createQueryBuilder(StrategyOptimization).insert(rows).onConflict(['sweep', 'paramsKey']).ignore().execute();
    completed += rows.length;
    const progress = completed / grid.combinations.length;
    const changed = await em.nativeUpdate(OptimizationSweep, { id: sweep.id, status: 'RUNNING' }, { completedCombinations: completed, progress });
    if (changed === 0) return 'cancelled';
    await em.refresh(sweep);
    publishSweepProgress(services, sweepProgressEvent(sweep, await bestOfSweep(em, sweep.id)));
    await yieldToEventLoop();
  }
  return 'done';
}
