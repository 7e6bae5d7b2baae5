import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * What the candle store holds per market, kept by every insert (candle-store.ts) in the same
 * transaction as its chunks: the first and last open time and the count. Reading coverage from the
 * candles themselves meant a scan of the store (half a second at 5M candles as rows, growing with it)
 * on every form and market-data page.
 */
export const CandleCoverage = defineEntity({
  name: 'CandleCoverage',
  tableName: 'candle_coverage',
  properties: (p) => ({
    symbol: p.string().length(40).primary(),
    interval: p.string().length(8).primary(),
    /** Epoch milliseconds, UTC. */
    firstOpenTime: p.bigint('number'),
    lastOpenTime: p.bigint('number'),
    count: p.bigint('number'),
  }),
});

export type ICandleCoverage = InferEntity<typeof CandleCoverage>;
