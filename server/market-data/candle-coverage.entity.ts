import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * What the candle table holds per market, kept by every insert (candle-store.ts) in the same
 * statement: the first and last open time and the count. Reading coverage from the candle table
 * itself meant a scan of every row (half a second at 5M candles, growing with the store) on every
 * form and market-data page.
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
