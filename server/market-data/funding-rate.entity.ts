import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * One funding settlement of a USDⓈ-M perpetual (Binance GET /fapi/v1/fundingRate). The primary key
 * (symbol, funding time) makes downloads and CSV imports idempotent, as for candles.
 */
export const FundingRate = defineEntity({
  name: 'FundingRate',
  tableName: 'funding_rate',
  properties: (p) => ({
    symbol: p.string().length(40).primary(),
    /** Epoch milliseconds, UTC. */
    fundingTime: p.bigint('number').primary(),
    rate: p.double().$type<number>(),
  }),
});

export type IFundingRate = InferEntity<typeof FundingRate>;
