import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { BacktestRun } from './backtest-run.entity.ts';

/**
 * The stored equity series of a run: the engine's per-bar curve downsampled with extremes kept,
 * so charts show every peak and trough without storing a row per bar. Served through equityPointOf.
 */
export const BacktestEquityPoint = defineEntity({
  name: 'BacktestEquityPoint',
  tableName: 'backtest_equity_point',
  uniques: [{ properties: ['run', 'timestamp'] }],
  properties: (p) => ({
    id: p.bigint('number').primary().autoincrement(),
    // No foreign key: PostgreSQL checks one per inserted row, which cost more than the rest of storing a run's
    // rows; the rows are written only under the run's lock, and a trigger deletes them with the run (see the migration).
    run: p.manyToOne(BacktestRun).createForeignKeyConstraint(false),
    timestamp: p.datetime(),
    equity: p.double().$type<number>(),
    cash: p.double().$type<number>(),
    openPositions: p.integer(),
    /** Trades closed by this time. */
    totalTrades: p.integer(),
    /** Drawdown from the running equity peak, in percent. */
    drawdown: p.double().$type<number>(),
  }),
});

export type IBacktestEquityPoint = InferEntity<typeof BacktestEquityPoint>;
