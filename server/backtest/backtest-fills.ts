import type pg from 'pg';
import type { FillRecord, TradeRecord } from '../engine/index.ts';

/**
 * Where a run's fills are kept. Most trades are one entry fill and one exit fill at the trade's own
 * times, prices and quantity: storing those as rows doubled a run's rows for nothing the trade does
 * not already say. Such a trade keeps its two fees and its entry's reason (BacktestTrade.entryFee,
 * exitFee, entryFillReason) and its fills are read back from it; the fills of any other trade (adds,
 * partial exits, rebalancing) are rows of BacktestFill. Readers see one list either way.
 */

/** A fill as the API and the reports read it. */
export interface RunFill {
  readonly tradeSeq: number;
  /** Order within the trade. */
  readonly seq: number;
  readonly symbol: string;
  readonly time: Date;
  readonly side: 'BUY' | 'SELL';
  readonly price: number;
  readonly quantity: number;
  readonly fee: number;
  readonly reason: string;
}

/** What a trade row keeps of its fills: set for a plain entry and exit, null when its fills are rows. */
export interface FillsInTrade {
  readonly entryFee: number | null;
  readonly exitFee: number | null;
  readonly entryFillReason: string | null;
}

const AS_ROWS: FillsInTrade = { entryFee: null, exitFee: null, entryFillReason: null };

/** Splits a run's fills: what each trade keeps of its own (by index), and the fills stored as rows (with their trade's seq and their order within it). */
export function placeFills(trades: readonly TradeRecord[], fills: readonly FillRecord[]): { readonly inTrades: FillsInTrade[]; readonly rows: Array<FillRecord & { readonly seq: number }> } {
  const byTrade = trades.map((): FillRecord[] => []);
  for (const fill of fills) byTrade[fill.tradeIndex].push(fill);
  const inTrades = trades.map((trade, t) => (isPlain(trade, byTrade[t]) ? { entryFee: byTrade[t][0].fee, exitFee: byTrade[t][1].fee, entryFillReason: byTrade[t][0].reason } : AS_ROWS));
  const rows: Array<FillRecord & { readonly seq: number }> = [];
  const seqInTrade = new Map<number, number>();
  for (const fill of fills) {
    if (inTrades[fill.tradeIndex] !== AS_ROWS) continue;
    const seq = seqInTrade.get(fill.tradeIndex) ?? 0;
    seqInTrade.set(fill.tradeIndex, seq + 1);
    rows.push({ ...fill, seq });
  }
  return { inTrades, rows };
}

/** Exactly an entry and an exit that the trade's own fields reproduce, bit for bit. */
function isPlain(trade: TradeRecord, fills: readonly FillRecord[]): boolean {
  if (fills.length !== 2) return false;
  const [entry, exit] = fills;
  const [entrySide, exitSide] = trade.direction === 'LONG' ? ['BUY', 'SELL'] : ['SELL', 'BUY'];
  return (
    // A fee that is no number would be stored as NULL, which reads as "its fills are rows".
    Number.isFinite(entry.fee) &&
    Number.isFinite(exit.fee) &&
    entry.symbol === trade.symbol &&
    entry.timeMs === trade.entryTimeMs &&
    entry.side === entrySide &&
    entry.price === trade.entryPrice &&
    entry.quantity === trade.quantity &&
    exit.symbol === trade.symbol &&
    exit.timeMs === trade.exitTimeMs &&
    exit.side === exitSide &&
    exit.price === trade.exitPrice &&
    exit.quantity === trade.quantity &&
    exit.reason === trade.exitReason
  );
}

/**
 * A run's fills, the stored rows and those kept in their trades together, in time order (a trade's own
 * fills in their order; fills at one instant by their trade's seq). `tradeSeq` narrows it to one trade.
 */
export async function runFills(db: pg.Pool, runId: string, options: { readonly tradeSeq?: number; readonly limit?: number } = {}): Promise<RunFill[]> {
  const oneTrade = options.tradeSeq === undefined ? '' : ' AND trade_seq = $2';
  const oneTradeRow = options.tradeSeq === undefined ? '' : ' AND seq = $2';
  const params: unknown[] = [runId];
  if (options.tradeSeq !== undefined) params.push(options.tradeSeq);
  const limit = options.limit === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(options.limit))}`;
  const { rows } = await db.query<{ trade_seq: number; seq: number; symbol: string; time: Date; side: 'BUY' | 'SELL'; price: number; quantity: number; fee: number; reason: string }>(
    `SELECT trade_seq, seq, symbol, time, side, price, quantity, fee, reason FROM backtest_fill WHERE run_id = $1${oneTrade}
     UNION ALL
     SELECT seq, 0, symbol, entry_time, CASE direction WHEN 'LONG' THEN 'BUY' ELSE 'SELL' END, entry_price, quantity, entry_fee, entry_fill_reason
       FROM backtest_trade WHERE run_id = $1 AND entry_fee IS NOT NULL${oneTradeRow}
     UNION ALL
     SELECT seq, 1, symbol, exit_time, CASE direction WHEN 'LONG' THEN 'SELL' ELSE 'BUY' END, exit_price, quantity, exit_fee, exit_reason
       FROM backtest_trade WHERE run_id = $1 AND entry_fee IS NOT NULL${oneTradeRow}
     ORDER BY ${options.tradeSeq === undefined ? 'time, trade_seq, seq' : 'seq'}${limit}`,
    params,
  );
  return rows.map((r) => ({ tradeSeq: r.trade_seq, seq: r.seq, symbol: r.symbol, time: r.time, side: r.side, price: r.price, quantity: r.quantity, fee: r.fee, reason: r.reason }));
}
