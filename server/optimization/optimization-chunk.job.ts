import { setMaxListeners } from 'node:events';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isTerminal, TERMINAL_STATUSES } from '../../domain/statuses.ts';
import { readRunSettings } from '../backtest/index.ts';
import { bulkInsert, withTransaction } from '../db/bulk-insert.ts';
import type { StrategyParams } from '../engine/index.ts';
import { failpoint } from '../jobs/failpoints.ts';
import { QUEUES } from '../jobs/queues.ts';
import { defineJob, type JobLifecycle } from '../jobs/runner.ts';
import { OptimizationSweep } from './optimization-sweep.entity.ts';
import { sweepLifecycle } from './sweep-lifecycle.ts';
import { StrategyOptimization } from './strategy-optimization.entity.ts';
import type { EvaluatedSet } from './evaluation/evaluate-params.ts';
import { pboBlocksOf } from './overfitting.ts';
import { evaluationStartMs } from './sweep-history.ts';
import { marketSlice, sweepMarket } from './sweep-market.ts';
import { sweepRow, type RowPlace } from './sweep-rows.ts';
import { documentOfStrategy, loadUserStrategies } from '../strategies/index.ts';

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

/**
 * A chunk belongs to its sweep: it stops when the sweep ends (or is deleted), and failing for good
 * fails the sweep. A PENDING sweep is alive: its coordinator was handed back (shutdown, database
 * weather) and will wait for these very chunks; a chunk that gave up then would never be sent again.
 */
const sweepIsOver = async (em: EntityManager, sweepId: string) => {
  const sweep = await em.findOne(OptimizationSweep, { id: sweepId }, { fields: ['status'], disableIdentityMap: true });
  return !sweep || TERMINAL_STATUSES.has(sweep.status);
};
const chunkLifecycle: JobLifecycle<OptimizeChunkJobData> = {
  claim: async (_services, em, job) => ((await sweepIsOver(em, job.data.sweepId)) ? null : job.retryCount + 1),
  isCancelled: async (_services, em, job) => ((await sweepIsOver(em, job.data.sweepId)) ? 'cancelled' : null),
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
    await loadUserStrategies(em, [sweep.strategy]);
    // A thread compiles a user strategy from its document (threads share no registry with this one).
    const document = documentOfStrategy(sweep.strategy);
    const market = await sweepMarket(services, sweep);
    const settings = readRunSettings(sweep.settings);
    // Sets that need the same history read the same candles: one slice (and one thread cache) each.
    const byHistory = new Map<number, StrategyParams[]>();
    for (const params of job.data.paramSets) {
      const startMs = evaluationStartMs(sweep, params, place.fromMs);
      byHistory.set(startMs, [...(byHistory.get(startMs) ?? []), params]);
    }
    const sets = [...byHistory.values()].flat();
    const tasks: Promise<EvaluatedSet[]>[] = [];
    // The search's own rows keep their daily returns' block statistics for the Probability of Backtest Overfitting.
    const blocks = place.phase === 'IN_SAMPLE' ? pboBlocksOf(sweep) : undefined;
    // Every task listens to the job's signal (Piscina's cancel); a chunk has more than Node's default 10.
    setMaxListeners(Math.ceil(sets.length / SETS_PER_TASK) + byHistory.size + 10, ctx.signal);
    for (const [startMs, group] of byHistory) {
      const series = marketSlice(market, startMs, place.toMs);
      const dataKey = `${sweep.id}:${startMs}:${place.toMs}`;
      for (let start = 0; start < group.length; start += SETS_PER_TASK) {
        const paramSets = group.slice(start, start + SETS_PER_TASK);
        tasks.push(services.evaluator!.evaluate({ dataKey, series, funding: market.funding, startTimeMs: place.fromMs, strategy: sweep.strategy, document, symbols: sweep.symbols, settings, paramSets, blocks }, ctx.signal));
      }
    }
    const results = (await Promise.all(tasks)).flat();
    ctx.throwIfStopped();
    const rows = results.map((result, i) => sweepRow(sweep, place, sets[i], result));
    await failpoint('optimize.chunk.evaluated');
    // Stored only while the sweep is alive, under a share lock on it: a cancel waits for this insert and
    // counts its rows, and a chunk finishing after the cancel stores nothing. A PENDING sweep is alive: its
    // coordinator was handed back and, resumed, re-sends this chunk under the same job id, which pg-boss
    // then ignores, so rows dropped here would be waited for forever.
    const stored = await withTransaction(services.pool, async (client) => {
      const { rows: state } = await client.query<{ status: string }>('SELECT status FROM optimization_sweep WHERE id = $1 FOR SHARE', [sweep.id]);
      if (!state[0] || isTerminal(state[0].status)) return false;
      await bulkInsert(client, services.orm.getMetadata().get(StrategyOptimization.meta.className), rows, { onConflictDoNothing: true });
      return true;
    });
    if (stored) services.pubsub.publish('sweepChunkStored', sweep.id, { sweepId: sweep.id });
  },
});
