import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { BacktestRun } from './backtest-run.entity.ts';

/**
 * A closed trade. `(run, seq)` is unique: a job retried after a crash rewrites the same sequence
 * numbers, so the database itself refuses a second copy of any trade.
 */
export const BacktestTrade = defineEntity({
  name: 'BacktestTrade',
  tableName: 'backtest_trade',
  uniques: [{ properties: ['run', 'seq'] }],
  indexes: [{ properties: ['run', 'entryTime'] }, { properties: ['run', 'symbol'] }],
  properties: (p) => ({
    id: p.bigint('number').primary().autoincrement(),
    // No foreign key: PostgreSQL checks one per inserted row, which cost more than the rest of storing a run's
    // rows; the rows are written only under the run's lock, and a trigger deletes them with the run (see the migration).
    run: p.manyToOne(BacktestRun).createForeignKeyConstraint(false),
    seq: p.integer(),
    legIndex: p.integer(),
    symbol: p.string().length(40),
    direction: p.string().length(5).$type<'LONG' | 'SHORT'>(),
    entryTime: p.datetime(),
    exitTime: p.datetime(),
    entryPrice: p.double().$type<number>(),
    exitPrice: p.double().$type<number>(),
    quantity: p.double().$type<number>(),
    fees: p.double().$type<number>(),
    profitLoss: p.double().$type<number>(),
    profitLossPct: p.double().$type<number>(),
    /** P/L in percent of the account's equity before entry (what Monte Carlo resamples; engine tradeReturnsPct). */
    equityReturnPct: p.double().$type<number>().nullable(),
    exitReason: p.string().length(16),
    confidence: p.double().$type<number>(),
    stopLoss: p.double().$type<number>().nullable(),
    takeProfit: p.double().$type<number>().nullable(),
    durationMs: p.bigint('number'),
    // json, not jsonb: kept as the text it was sent as and only checked, where jsonb builds its own form per
    // row, about a fifth of storing a run's trades; no query reads inside it, so jsonb's indexing buys nothing.
    signalIndicators: p.json<Record<string, number>>().columnType('json'),
    /**
     * Set when the trade is one entry fill and one exit fill at its own times, prices and quantity (most
     * trades): those two fills are not stored as rows but read from here (backtest-fills.ts). Null when
     * its fills are rows of BacktestFill.
     */
    entryFee: p.double().$type<number>().nullable(),
    exitFee: p.double().$type<number>().nullable(),
    entryFillReason: p.string().length(20).nullable(),
  }),
});

export type IBacktestTrade = InferEntity<typeof BacktestTrade>;
