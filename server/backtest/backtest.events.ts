import type { RunStatus } from './backtest-run.entity.ts';

/** Published by the backtest job after each slice of bars and at every status change. */
export interface BacktestProgressEvent {
  readonly backtestId: string;
  readonly status: RunStatus;
  /** 0..1 */
  readonly progress: number;
  readonly barsProcessed: number;
  readonly totalBars: number;
  readonly currentEquity: number | null;
  readonly tradesSoFar: number;
  readonly message: string | null;
}

export interface EquityPointEvent {
  readonly timeMs: number;
  readonly equity: number;
  readonly cash: number;
  readonly openPositions: number;
  readonly drawdownPct: number;
}

/** A batch of new equity points (downsampled per slice so each NOTIFY stays small). */
export interface BacktestEquityEvent {
  readonly backtestId: string;
  readonly points: readonly EquityPointEvent[];
  readonly done: boolean;
}
