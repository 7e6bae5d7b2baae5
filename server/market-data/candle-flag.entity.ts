import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * A stored candle that breaks the rules imports now enforce (engine/candles.ts, candle-grid.ts): a
 * price not positive, OHLC that contradict each other, a negative volume, an open time off its
 * interval's grid. Such rows could be stored before the rules existed; the migration that introduced
 * this table found them. They are kept, never deleted silently: dataQuality lists them, and a backtest
 * over one fails naming it (BAD_DATA).
 */
export const CandleFlag = defineEntity({
  name: 'CandleFlag',
  tableName: 'candle_flag',
  properties: (p) => ({
    symbol: p.string().length(40).primary(),
    interval: p.string().length(8).primary(),
    /** Epoch milliseconds, UTC. */
    openTime: p.bigint('number').primary(),
    /** NON_FINITE, PRICE, OHLC, VOLUME or MISALIGNED. */
    reason: p.string().length(16),
    problem: p.text(),
    flaggedAt: p.datetime().defaultRaw('now()'),
  }),
});

export type ICandleFlag = InferEntity<typeof CandleFlag>;
