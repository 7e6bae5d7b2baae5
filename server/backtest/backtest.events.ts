import type { RunStatus } from '../../domain/statuses.ts';

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

/** One point of a run's equity curve: stored (equity-points.ts), served and streamed in this one shape. */
export interface EquityPointData {
  readonly timeMs: number;
  readonly equity: number;
  readonly cash: number;
  readonly openPositions: number;
  /** Trades closed by this time. */
  readonly totalTrades: number;
  /** Drawdown from the running peak, percent. */
  readonly drawdownPct: number;
}

/** A batch of new equity points (downsampled per slice so each NOTIFY stays small). */
export interface BacktestEquityEvent {
  readonly backtestId: string;
  readonly points: readonly EquityPointData[];
  readonly done: boolean;
}

/** Any run created, changed (status, stored progress) or deleted: what a list of runs follows live. */
export interface BacktestChangeEvent {
  readonly kind: 'CREATED' | 'UPDATED' | 'DELETED';
  readonly backtestId: string;
}

declare module '../graphql/pubsub.ts' {
  interface Topics {
    backtestProgress: [backtestId: string, event: BacktestProgressEvent];
    backtestEquity: [backtestId: string, event: BacktestEquityEvent];
    /** Every run's creation, status or stored-progress change, and deletion. */
    backtestChanged: [event: BacktestChangeEvent];
  }
}
