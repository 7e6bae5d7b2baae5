import { backtestJob } from '../backtest/backtest.job.ts';
import { fetchHistoryJob } from '../market-data/fetch-history.job.ts';
import { optimizeChunkJob } from '../optimization/optimization-chunk.job.ts';
import { optimizeJob } from '../optimization/optimization.job.ts';
import { recommendJob } from '../recommendations/recommendation.job.ts';
import { validateRecommendationJob } from '../recommendations/validation.job.ts';
import type { AppServices } from '../services.ts';
import { JobRunner } from './runner.ts';

/**
 * Registers this process as a worker on every queue. Any number of processes on any machines can
 * do this against one database: pg-boss hands each job to exactly one of them (SKIP LOCKED).
 * Concurrency per process is WORKER_CONCURRENCY pollers per queue.
 */
export async function startWorkers(services: AppServices): Promise<JobRunner> {
  const runner = new JobRunner(services);
  await runner.register(backtestJob);
  await runner.register(optimizeJob);
  // One more chunk than threads: a chunk storing its rows leaves the threads busy with the next.
  await runner.register(optimizeChunkJob, Math.max(2, (services.evaluator?.threads ?? 1) + 1));
  await runner.register(recommendJob, 1);
  await runner.register(validateRecommendationJob, 1);
  await runner.register(fetchHistoryJob);
  return runner;
}
