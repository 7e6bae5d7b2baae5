/** pg-boss queue names: the contract between API processes that enqueue and workers that run. */
export const QUEUES = {
  backtest: 'backtest',
  optimize: 'optimize',
  /** Slices of a sweep's evaluations, for every worker (optimization/optimization-chunk.job.ts). */
  optimizeChunk: 'optimize-chunk',
  fetchHistory: 'fetch-history',
  recommend: 'recommend',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface BacktestJobData {
  readonly backtestId: string;
}

export interface OptimizeJobData {
  readonly sweepId: string;
}

export interface RecommendJobData {
  readonly sweepId: string;
}
