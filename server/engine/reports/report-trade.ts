import type { ExitReason, TradeDirection } from '../contract.ts';

/** What the reports read of a closed trade (a stored trade or the engine's TradeRecord both fit). */
export interface ReportTrade {
  readonly symbol: string;
  readonly direction: TradeDirection;
  readonly entryTimeMs: number;
  readonly exitTimeMs: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly quantity: number;
  readonly fees: number;
  readonly profitLoss: number;
  readonly profitLossPct: number;
  readonly exitReason: ExitReason | string;
}

/** What the reports read of an equity point (stored points are the engine's curve downsampled, day ends kept). */
export interface ReportEquityPoint {
  readonly timeMs: number;
  readonly equity: number;
  readonly cash: number;
  readonly openPositions: number;
}
