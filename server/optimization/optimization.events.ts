import type { RunStatus } from '../../domain/statuses.ts';

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
}

declare module '../graphql/pubsub.ts' {
  interface Topics {
    optimizationProgress: [sweepId: string, event: OptimizationProgressEvent];
    /** Every sweep's creation, status or stored-progress change, and deletion. */
    sweepChanged: [event: { kind: 'CREATED' | 'UPDATED' | 'DELETED'; sweepId: string }];
    /** A chunk of a sweep stored its rows: its coordinator counts them now instead of at its next poll. */
    sweepChunkStored: [sweepId: string, event: { sweepId: string }];
  }
}
