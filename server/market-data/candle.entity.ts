import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * One stored candle. The composite primary key (symbol, interval, open time) is what makes every
 * import and download idempotent: a row can only ever exist once.
 * Prices are float8: the engine computes in float64 anyway, and numeric would cost a string parse per value.
 */
export const Candle = defineEntity({
  name: 'Candle',
  tableName: 'candle',
  properties: (p) => ({
    symbol: p.string().length(40).primary(),
    interval: p.string().length(8).primary(),
    /** Epoch milliseconds, UTC. */
    openTime: p.bigint('number').primary(),
    open: p.double().$type<number>(),
    high: p.double().$type<number>(),
    low: p.double().$type<number>(),
    close: p.double().$type<number>(),
    volume: p.double().$type<number>(),
  }),
});

export type ICandle = InferEntity<typeof Candle>;
