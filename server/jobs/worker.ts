import { backtestJob } from '../backtest/backtest.job.ts';
import { fetchHistoryJob } from '../market-data/fetch-history.job.ts';
import { optimizeChunkJob } from '../optimization/optimization-chunk.job.ts';
import { optimizeJob } from '../optimization/optimization.job.ts';
import { recommendJob } from '../recommendations/recommendation.job.ts';
import { validateRecommendationJob } from '../recommendations/validation.job.ts';
import type { AppServices } from '../services.ts';
import { JobRunner, type JobDefinition } from './runner.ts';

/**
 * Jobs this process runs at once, per queue: WORKER_CONCURRENCY pollers for most, one more chunk
 * than evaluation threads (a chunk storing its rows leaves the threads busy with the next), one
 * recommender and one validator (each reads every earlier result).
 */
function jobSlots(workerConcurrency: number, evaluationThreads: number): JobSlots[] {
  return [
    slotsOf(backtestJob, workerConcurrency),
    slotsOf(optimizeJob, workerConcurrency),
    slotsOf(optimizeChunkJob, Math.max(2, evaluationThreads + 1)),
    slotsOf(recommendJob, 1),
    slotsOf(validateRecommendationJob, 1),
    slotsOf(fetchHistoryJob, workerConcurrency),
  ];
}

interface JobSlots {
  readonly slots: number;
  register(runner: JobRunner): Promise<void>;
}
const slotsOf = <TData extends object>(job: JobDefinition<TData>, slots: number): JobSlots => ({ slots, register: (runner) => runner.register(job, slots) });

/**
 * Database connections a worker process's jobs may hold at once: each job can hold one (a chunk
 * storing rows while a lock is held elsewhere holds it for as long). The process's pool gets these
 * on top of what the API needs, or busy jobs starve the API and their own lease renewals (a cancel
 * waited forever on a 4-core machine while every connection sat in a blocked chunk insert).
 */
export function workerConnectionCount(workerConcurrency: number, evaluationThreads: number): number {
  return jobSlots(workerConcurrency, evaluationThreads).reduce((sum, job) => sum + job.slots, 0);
}

/**
 * Registers this process as a worker on every queue. Any number of processes on any machines can
 * do this against one database: pg-boss hands each job to exactly one of them (SKIP LOCKED).
 */
export async function startWorkers(services: AppServices): Promise<JobRunner> {
  const runner = new JobRunner(services);
  for (const job of jobSlots(services.config.workerConcurrency, services.evaluator?.threads ?? 1)) await job.register(runner);
  return runner;
}
