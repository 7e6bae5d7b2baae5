import { setMaxListeners } from 'node:events';
import type { ResultSummary } from '../backtest/metric-columns.ts';
import { readRunSettings } from '../backtest/run-settings.ts';
import { bulkInsert, withTransaction } from '../db/bulk-insert.ts';
import type { StrategyParams } from '../engine/index.ts';
import { failpoint } from '../jobs/failpoints.ts';
import { QUEUES } from '../jobs/queues.ts';
import { defineJob, type JobLifecycle } from '../jobs/runner.ts';
import { OptimizationSweep } from './optimization-sweep.entity.ts';
import { sweepLifecycle } from './sweep-lifecycle.ts';
import { StrategyOptimization } from './strategy-optimization.entity.ts';
import { marketSlice, sweepMarket } from './sweep-market.ts';
import { sweepRow, type RowPlace } from './sweep-rows.ts';

/** A slice of a sweep's evaluations, for any worker on any machine (the sweep job plans and waits). */
export interface OptimizeChunkJobData extends RowPlace {
  readonly sweepId: string;
  readonly paramSets: readonly StrategyParams[];
}

/**
 * Parameter sets per thread task: small enough that every thread stays busy to the end of a chunk and
 * that a cancel stops within one task (a year of 5m is a few ms per set), large enough to amortise the
 * message to the thread.
 */
const SETS_PER_TASK = 4;

/** A chunk belongs to its sweep: it stops when the sweep does, and failing for good fails the sweep. */
const chunkLifecycle: JobLifecycle<OptimizeChunkJobData> = {
  async claim(_services, em, job) {
    const sweep = await em.findOne(OptimizationSweep, { id: job.data.sweepId }, { fields: ['status'], disableIdentityMap: true });
    return sweep?.status === 'RUNNING' ? job.retryCount + 1 : null;
  },
  async isCancelled(_services, em, job) {
    const sweep = await em.findOne(OptimizationSweep, { id: job.data.sweepId }, { fields: ['status'], disableIdentityMap: true });
    return sweep?.status === 'RUNNING' ? null : 'cancelled';
  },
  fail: (services, data, failure) => sweepLifecycle.fail(services, { sweepId: data.sweepId }, failure),
  retrying: async () => {},
  interrupted: async () => {},
};

/**
 * Evaluates a chunk on this process's thread pool over the sweep's shared candles and stores its rows
 * in one statement with ON CONFLICT DO NOTHING: a retried chunk stores nothing twice.
 */
export const optimizeChunkJob = defineJob<OptimizeChunkJobData>({
  queue: QUEUES.optimizeChunk,
  lifecycle: chunkLifecycle,
  async run(ctx) {
    const { services, em, job } = ctx;
    const place: RowPlace = { window: job.data.window, phase: job.data.phase, fromMs: job.data.fromMs, toMs: job.data.toMs };
    const sweep = await em.findOneOrFail(OptimizationSweep, { id: job.data.sweepId });
    const series = marketSlice(await sweepMarket(services, sweep), place.fromMs, place.toMs);
    const settings = readRunSettings(sweep.settings);
    const dataKey = `${sweep.id}:${place.fromMs}:${place.toMs}`;
    const sets = job.data.paramSets;
    const tasks: Promise<ResultSummary[]>[] = [];
    // Every task listens to the job's signal (Piscina's cancel); a chunk has more than Node's default 10.
    setMaxListeners(Math.ceil(sets.length / SETS_PER_TASK) + 10, ctx.signal);
    for (let start = 0; start < sets.length; start += SETS_PER_TASK) {
      const paramSets = sets.slice(start, start + SETS_PER_TASK);
      tasks.push(services.evaluator!.evaluate({ dataKey, series, strategy: sweep.strategy, symbols: sweep.symbols, settings, paramSets }, ctx.signal));
    }
    const results = (await Promise.all(tasks)).flat();
    ctx.throwIfStopped();
    const rows = results.map((result, i) => sweepRow(sweep, place, sets[i], result));
    await failpoint('optimize.chunk.evaluated');
    // Stored only while the sweep runs, under a share lock on it: a cancel waits for this insert and counts
    // its rows, and a chunk finishing after the cancel stores nothing (a cancelled sweep reported 714
    // evaluations and held 918 rows).
    const stored = await withTransaction(services.pool, async (client) => {
      const { rows: state } = await client.query<{ status: string }>('SELECT status FROM optimization_sweep WHERE id = $1 FOR SHARE', [sweep.id]);
      if (state[0]?.status !== 'RUNNING') return false;
      await bulkInsert(client, services.orm.getMetadata().get(StrategyOptimization.meta.className), rows, { onConflictDoNothing: true });
      return true;
    });
    if (stored) services.pubsub.publish('sweepChunkStored', sweep.id, { sweepId: sweep.id });
  },
});
