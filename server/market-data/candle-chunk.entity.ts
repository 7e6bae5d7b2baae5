import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * Stored candles, a chunk of one market's time per row (candle-chunks.ts says which). A row per
 * candle cost ~100 bytes and a tuple to write, index and read back for each bar: a year of 1m took
 * seconds to store. A chunk's columns are one blob of float8s that PostgreSQL writes, and reads
 * back, as a few pages of bytes.
 *
 * `columns` holds the chunk's candles in time order as six columns one after another (open time,
 * open, high, low, close, volume), each `count` big-endian float8s: the byte order of PostgreSQL's
 * own float8send, so SQL can build chunks (the migration from rows does). Its storage is EXTERNAL:
 * float columns barely compress, and uncompressed blobs let a query read one column's slice
 * (substring) without the rest.
 */
export const CandleChunk = defineEntity({
  name: 'CandleChunk',
  tableName: 'candle_chunk',
  properties: (p) => ({
    symbol: p.string().length(40).primary(),
    interval: p.string().length(8).primary(),
    /** Epoch milliseconds, UTC: the start of the chunk's span, not necessarily a candle's open time. */
    chunkStart: p.bigint('number').primary(),
    /** Open times of the chunk's first and last candle, so a range finds its chunks without opening them. */
    firstOpenTime: p.bigint('number'),
    lastOpenTime: p.bigint('number'),
    count: p.integer(),
    columns: p.blob(),
  }),
});

export type ICandleChunk = InferEntity<typeof CandleChunk>;
