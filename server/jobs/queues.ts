/** pg-boss queue names: the contract between API processes that enqueue and workers that run. */
export const QUEUES = {
  backtest: 'backtest',
  optimize: 'optimize',
  /** Slices of a sweep's evaluations, for every worker (optimization/optimization-chunk.job.ts). */
  optimizeChunk: 'optimize-chunk',
  fetchHistory: 'fetch-history',
  recommend: 'recommend',
  /** Measures an applied recommendation on data newer than its evidence. */
  validateRecommendation: 'validate-recommendation',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface BacktestJobData {
  readonly backtestId: string;
}

export interface OptimizeJobData {
  readonly sweepId: string;
}

/** What a recommend job looks at: one completed sweep, or every completed sweep of a strategy (null: all). */
export type RecommendJobData = { readonly sweepId: string } | { readonly acrossSweeps: true; readonly strategy: string | null };

export interface ValidateRecommendationJobData {
  readonly recommendationId: string;
}
