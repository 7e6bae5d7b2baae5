import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openOrm } from '../../db/orm.ts';
import type { OhlcvColumns } from '../../engine/index.ts';
import { CANDLES_PER_CHUNK, chunkSlices, chunkSpanMs, decodeChunk, encodeChunk, mergeIntoChunk } from '../../market-data/candle-chunks.ts';
import { insertCandles, loadCandles } from '../../market-data/candle-store.ts';
import { createTestDatabase } from '../helpers/database.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

const columns = (rows: ReadonlyArray<readonly [number, number, number, number, number, number]>): OhlcvColumns => ({
  openTime: Float64Array.from(rows, (r) => r[0]),
  open: Float64Array.from(rows, (r) => r[1]),
  high: Float64Array.from(rows, (r) => r[2]),
  low: Float64Array.from(rows, (r) => r[3]),
  close: Float64Array.from(rows, (r) => r[4]),
  volume: Float64Array.from(rows, (r) => r[5]),
});

const plain = (cols: OhlcvColumns) => Object.fromEntries(Object.entries(cols).map(([key, values]) => [key, Array.from(values as Float64Array)]));

/** Values a float8 round trip can get wrong: a subnormal volume, the smallest normal and the largest finite prices, -0, digits past 15. */
const AWKWARD = [
  [T0, 0.1 + 0.2, 1e300, 1e-307, 123.456789012345678, 5e-324],
  [T0 + HOUR, 1.7976931348623157e308, 1.7976931348623157e308, 2.2250738585072014e-308, 1e-300, -0],
  [T0 + 2 * HOUR, 100, 101, 99, 100.5, 0],
] as const;

describe('candle chunks', () => {
  it('encode to big-endian float8s, column after column, and decode to the same bits', () => {
    const cols = columns(AWKWARD);
    const bytes = encodeChunk(cols, 0, 3);
    expect(bytes.length).toBe(3 * 6 * 8);
    expect(bytes.readDoubleBE(8 * 3 * 4 + 8)).toBe(1e-300); // close (the fifth column) of the second candle
    const decoded = decodeChunk(bytes);
    expect(plain(decoded)).toEqual(plain(cols));
    expect(Object.is(decoded.volume[1], -0)).toBe(true);
  });

  it('split sorted candles at chunk boundaries', () => {
    const span = chunkSpanMs('1h');
    expect(span).toBe(CANDLES_PER_CHUNK * HOUR);
    const start = Math.floor(T0 / span) * span;
    const openTime = Float64Array.from([start - HOUR, start, start + span - HOUR, start + span, start + 3 * span]);
    expect(chunkSlices('1h', openTime)).toEqual([
      { chunkStart: start - span, from: 0, to: 1 },
      { chunkStart: start, from: 1, to: 3 },
      { chunkStart: start + span, from: 3, to: 4 },
      { chunkStart: start + 3 * span, from: 4, to: 5 },
    ]);
  });

  it('merge new candles into a stored chunk in time order, keeping a stored candle over an incoming one', () => {
    const stored = columns([
      [T0, 1, 1, 1, 1, 1],
      [T0 + 2 * HOUR, 3, 3, 3, 3, 3],
    ]);
    const incoming = columns([
      [T0 - HOUR, 9, 9, 9, 9, 9],
      [T0, 8, 8, 8, 8, 8],
      [T0 + HOUR, 7, 7, 7, 7, 7],
      [T0 + 3 * HOUR, 6, 6, 6, 6, 6],
    ]);
    const result = mergeIntoChunk(stored, incoming, 1, 4);
    expect(result!.added).toBe(2);
    expect(Array.from(result!.merged.openTime)).toEqual([T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR]);
    expect(Array.from(result!.merged.close)).toEqual([1, 7, 3, 6]);
    expect(mergeIntoChunk(stored, stored, 0, 2)).toBeNull();
  });
});

describe('the migration to chunks', () => {
  it('moves candles back to rows and forward to chunks with every value exact', async () => {
    const databaseUrl = await createTestDatabase('candle_chunks');
    const orm = await openOrm(databaseUrl);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    try {
      await orm.getMigrator().up();
      // Three chunks' worth of 1h (the first and last partly filled), and the awkward values in another market.
      const count = 2 * CANDLES_PER_CHUNK + 100;
      const many = columns(Array.from({ length: count }, (_, i) => [T0 + i * HOUR, 100 + i / 7, 101 + i / 7, 99 + i / 7, 100.5 + i / 7, i / 3] as const));
      await insertCandles(pool, 'MANYUSDT', '1h', many);
      await insertCandles(pool, 'ODDUSDT', '1h', columns(AWKWARD));
      const before = [await loadCandles(pool, 'MANYUSDT', '1h', 0, 2 ** 52), await loadCandles(pool, 'ODDUSDT', '1h', 0, 2 ** 52)];

      await orm.getMigrator().down({ to: 'Migration20261207111239' });
      const rows = await pool.query<{ open_time: string; open: number; high: number; low: number; close: number; volume: number }>(
        `SELECT open_time, open, high, low, close, volume FROM candle WHERE symbol = 'ODDUSDT' ORDER BY open_time`,
      );
      expect(rows.rows.map((r) => [Number(r.open_time), r.open, r.high, r.low, r.close, r.volume])).toEqual(AWKWARD.map((r) => [...r]));
      expect(Object.is(rows.rows[1].volume, -0)).toBe(true);
      expect(Number((await pool.query(`SELECT count(*) AS n FROM candle WHERE symbol = 'MANYUSDT'`)).rows[0].n)).toBe(count);

      await orm.getMigrator().up();
      const after = [await loadCandles(pool, 'MANYUSDT', '1h', 0, 2 ** 52), await loadCandles(pool, 'ODDUSDT', '1h', 0, 2 ** 52)];
      expect(after.map(plain)).toEqual(before.map(plain));
      expect(after[0].length).toBe(count);
      expect(Number((await pool.query(`SELECT count(*) AS n FROM candle_chunk WHERE symbol = 'MANYUSDT'`)).rows[0].n)).toBe(3);
    } finally {
      await pool.end();
      await orm.close();
    }
  });
});
