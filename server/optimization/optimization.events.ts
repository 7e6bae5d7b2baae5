
/** Published by the sweep job at least once a second while it runs, and at every status change. */
export interface OptimizationProgressEvent {
  readonly sweepId: string;
  readonly status: RunStatus;
  /** 0..1 of all evaluations (search, walk-forward windows, out-of-sample tests). */
  readonly progress: number;
  readonly completedEvaluations: number;
  readonly totalEvaluations: number;
  /** Backtests per second over the last few seconds, over every worker. */
  readonly evaluationsPerSecond: number | null;
  /** Seconds until done at that rate. */
  readonly etaSeconds: number | null;
  /** What the sweep is doing, e.g. "walk-forward window 2 of 5: in-sample search". */
  readonly stage: string | null;
  readonly bestScore: number | null;
  readonly bestParams: Record<string, number | boolean> | null;
  readonly message: string | null;
}import { type RunStatus } from '../../domain/statuses.ts';

