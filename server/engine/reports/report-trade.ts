import type { ExitReason, FillRecord, TradeRecord } from '../contract.ts';

/** What the reports read of a closed trade (a stored trade or the engine's TradeRecord both fit). */
export type ReportTrade = Pick<TradeRecord, 'symbol' | 'direction' | 'entryTimeMs' | 'exitTimeMs' | 'entryPrice' | 'exitPrice' | 'quantity' | 'fees' | 'profitLoss' | 'profitLossPct'> & {
  /** An ExitReason; a stored trade's is read back as text. */
  readonly exitReason: ExitReason | string;
  /** Its fills in time order, when known (runs stored before fills existed have none): what it held in between. */
  readonly fills?: readonly ReportFill[];
};

/** What the reports read of a fill: a BUY adds to a LONG (reduces a SHORT), a SELL the reverse. */
export type ReportFill = Pick<FillRecord, 'timeMs' | 'side' | 'price' | 'quantity'>;

/** What the reports read of an equity point (stored points are the engine's curve downsampled, day ends kept). */
export interface ReportEquityPoint {
  readonly timeMs: number;
  readonly equity: number;
  readonly cash: number;
  readonly openPositions: number;
}
