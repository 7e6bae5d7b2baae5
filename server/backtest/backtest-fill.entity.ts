import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { BacktestRun } from './backtest-run.entity.ts';

/**
 * One fill of a trade: a trade is the sum of its fills (quantities and fees add up, the fills' prices give
 * its P/L). `(run, tradeSeq, seq)` is unique, like the trades' `(run, seq)`, so a retried job cannot add a copy.
 */
export const BacktestFill = defineEntity({
  name: 'BacktestFill',
  tableName: 'backtest_fill',
  uniques: [{ properties: ['run', 'tradeSeq', 'seq'] }],
  properties: (p) => ({
    id: p.bigint('number').primary().autoincrement(),
    // No foreign key: PostgreSQL checks one per inserted row, which cost more than the rest of storing a run's
    // rows; the rows are written only under the run's lock, and a trigger deletes them with the run (see the migration).
    run: p.manyToOne(BacktestRun).createForeignKeyConstraint(false),
    /** The trade's seq (BacktestTrade.seq). */
    tradeSeq: p.integer(),
    /** Order of the fill within its trade. */
    seq: p.integer(),
    symbol: p.string().length(40),
    time: p.datetime(),
    side: p.string().length(4).$type<'BUY' | 'SELL'>(),
    price: p.double().$type<number>(),
    quantity: p.double().$type<number>(),
    fee: p.double().$type<number>(),
    /** ENTRY_MARKET / ENTRY_LIMIT / ENTRY_STOP / ENTRY_STOP_LIMIT or the exit reason. */
    reason: p.string().length(20),
  }),
});

export type IBacktestFill = InferEntity<typeof BacktestFill>;
