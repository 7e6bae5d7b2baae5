import type { RunStatus } from '../backtest/backtest-run.entity.ts';

/** Published by the optimize job after each batch of combinations and at every status change. */
export interface OptimizationProgressEvent {
  readonly sweepId: string;
  readonly status: RunStatus;
  /** 0..1 */
  readonly progress: number;
  readonly completedCombinations: number;
  readonly totalCombinations: number;
  readonly bestScore: number | null;
  readonly bestParams: Record<string, number | boolean> | null;
  readonly message: string | null;
}
