import type PgBoss from 'pg-boss';
import { handleBacktestJob, handleDeadBacktestJob } from '../backtest/backtest.job.ts';
import { registerFetchHistoryWorker } from '../market-data/fetch-history.job.ts';
import { handleOptimizeJob } from '../optimization/optimization.job.ts';
import { handleRecommendJob } from '../recommendations/recommendation.job.ts';
import type { AppServices } from '../services.ts';
import { deadLetterQueue } from './boss.ts';
import { QUEUES, type BacktestJobData, type OptimizeJobData, type RecommendJobData } from './queues.ts';

/**
 * Registers this process as a worker on every queue. Any number of processes on any machines can
 * do this against one database: pg-boss hands each job to exactly one of them (SKIP LOCKED).
 * Concurrency per process is WORKER_CONCURRENCY pollers per queue.
 */
export async function startWorkers(services: AppServices): Promise<void> {
  const { boss, config } = services;
  const polling = { pollingIntervalSeconds: config.jobs.pollingIntervalSeconds, batchSize: 1, includeMetadata: true as const };
  for (let i = 0; i < config.workerConcurrency; i++) {
    await boss.work<BacktestJobData>(QUEUES.backtest, polling, async ([job]) => {
      await handleBacktestJob(services, job as PgBoss.JobWithMetadata<BacktestJobData>);
    });
  }
  await boss.work<BacktestJobData>(deadLetterQueue(QUEUES.backtest), { pollingIntervalSeconds: 5 }, async (jobs) => {
    for (const job of jobs) await handleDeadBacktestJob(services, job);
  });
  for (let i = 0; i < config.workerConcurrency; i++) {
    await boss.work<OptimizeJobData>(QUEUES.optimize, polling, async ([job]) => {
      await handleOptimizeJob(services, job as PgBoss.JobWithMetadata<OptimizeJobData>);
    });
  }
  await boss.work<RecommendJobData>(QUEUES.recommend, polling, async ([job]) => {
    await handleRecommendJob(services, job);
  });
  await registerFetchHistoryWorker(services);
}
