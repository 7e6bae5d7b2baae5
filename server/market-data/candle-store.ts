import pg, { type Pool } from 'pg';
import { LOCKS } from '../db/advisory-lock.ts';
import { withTransaction } from '../db/bulk-insert.ts';
import { type CandleFault, type CandleSeries, type OhlcvColumns, CandleValidationError, candleSeries, validateCandles } from '../engine/index.ts';
import { type GridFault, gridProblem } from './candle-grid.ts';
import { copyOutBinary } from './copy-binary.ts';
import { CHUNK_COLUMNS, type ChunkColumn, chunkSlices, decodeChunk, encodeChunk, float64sInPlace, mergeIntoChunk } from './candle-chunks.ts';
import { type Gap, findGaps } from './gaps.ts';
import { type Interval, alignUp, intervalMs } from '../../domain/intervals.ts';

/**
 * The candle store through plain pg: bulk paths the ORM is not built for. Candles live in chunks of a
 * market's time (candle-chunks.ts), each a blob of float8 columns, written back whole when an import
 * adds to it and read back as bytes straight into typed arrays.
 */

/** Why candles are refused: a fault of one candle (engine/candles.ts), or of the rows' grid (candle-grid.ts). */
export type CandleRefusal = CandleFault | GridFault | 'OPEN_TIME';

export class CandleDataError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    message: string,
    readonly reason: CandleRefusal,
    /** The first row at fault, counted from 0 in time order. */
    readonly row: number,
  ) {
    super(message);
  }
}

/**
 * Only candles the engine could trade on are stored (its validateCandles: finite, positive prices,
 * consistent OHLC, non-negative volume, sorted unique times) and only as the interval they claim to be
 * (on its boundaries, spaced by it: candle-grid.ts), so a bad row is refused at import, naming the
 * first one, instead of failing (or, worse, silently skewing) every later backtest. Open times must
 * also fit the bigint column.
 */
export function validateColumns(symbol: string, interval: Interval, cols: OhlcvColumns): void {
  try {
    validateCandles(candleSeries(symbol, intervalMs(interval), cols));
  } catch (error) {
    if (error instanceof CandleValidationError) throw new CandleDataError(error.message, error.fault, error.index);
    throw new CandleDataError((error as Error).message, 'NON_FINITE', 0);
  }
  for (let i = 0; i < cols.openTime.length; i++) {
    const t = cols.openTime[i];
    if (!Number.isSafeInteger(t) || t < 0) throw new CandleDataError(`${symbol} candle #${i}: open time ${t} is not an epoch-millisecond integer`, 'OPEN_TIME', i);
  }
  const grid = gridProblem(cols.openTime, interval);
  if (grid) throw new CandleDataError(`${symbol} ${interval} candle #${grid.index}: ${grid.problem}`, grid.fault, grid.index);
}

/** A write statement carries chunks up to about this many bytes. */
const BYTES_PER_STATEMENT = 16 << 20;

const UPSERT_CHUNKS = (rows: number) => `INSERT INTO candle_chunk (symbol, interval, chunk_start, first_open_time, last_open_time, count, "columns")
  VALUES ${Array.from({ length: rows }, (_, r) => `($1, $2, $${3 + r * 5}, $${4 + r * 5}, $${5 + r * 5}, $${6 + r * 5}, $${7 + r * 5})`).join(', ')}
  ON CONFLICT (symbol, interval, chunk_start) DO UPDATE SET first_open_time = excluded.first_open_time,
    last_open_time = excluded.last_open_time, count = excluded.count, "columns" = excluded."columns"`;

const ADD_COVERAGE = `INSERT INTO candle_coverage (symbol, interval, first_open_time, last_open_time, count) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (symbol, interval) DO UPDATE SET
    first_open_time = least(candle_coverage.first_open_time, excluded.first_open_time),
    last_open_time = greatest(candle_coverage.last_open_time, excluded.last_open_time),
    count = candle_coverage.count + excluded.count`;

interface ChunkRow {
  readonly chunkStart: number;
  readonly firstOpenTime: number;
  readonly lastOpenTime: number;
  readonly count: number;
  readonly columns: Buffer;
}

/**
 * Inserts candles, skipping any already stored; returns how many were new. The chunks the candles
 * fall in are read, merged and written back in one transaction with the market's coverage
 * (candle-coverage.entity.ts), so the two never disagree. Writers of one market take turns on an
 * advisory lock, so two imports of it at once cannot lose each other's candles; other markets go on.
 */
export async function insertCandles(pool: Pool, symbol: string, interval: Interval, cols: OhlcvColumns): Promise<number> {
  validateColumns(symbol, interval, cols);
  if (cols.openTime.length === 0) return 0;
  const slices = chunkSlices(interval, cols.openTime);
  return withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCKS.candleWrites, `${symbol} ${interval}`]);
    const stored = await storedChunks(client, symbol, interval, slices.map((slice) => slice.chunkStart));
    const rows: ChunkRow[] = [];
    let added = 0;
    for (const { chunkStart, from, to } of slices) {
      const before = stored.get(chunkStart);
      const merge = before ? mergeIntoChunk(before, cols, from, to) : { merged: cols, added: to - from };
      if (!merge) continue;
      const [at, end] = before ? [0, merge.merged.openTime.length] : [from, to];
      added += merge.added;
      rows.push({ chunkStart, firstOpenTime: merge.merged.openTime[at], lastOpenTime: merge.merged.openTime[end - 1], count: end - at, columns: encodeChunk(merge.merged, at, end) });
    }
    if (added === 0) return 0;
    for (let r = 0; r < rows.length; ) {
      const batch: ChunkRow[] = [];
      for (let bytes = 0; r < rows.length && (batch.length === 0 || bytes + rows[r].columns.length <= BYTES_PER_STATEMENT); r++) {
        batch.push(rows[r]);
        bytes += rows[r].columns.length;
      }
      await client.query(UPSERT_CHUNKS(batch.length), [symbol, interval, ...batch.flatMap((row) => [String(row.chunkStart), String(row.firstOpenTime), String(row.lastOpenTime), row.count, row.columns])]);
    }
    await client.query(ADD_COVERAGE, [symbol, interval, String(rows[0].firstOpenTime), String(rows[rows.length - 1].lastOpenTime), added]);
    return added;
  });
}

/** The market's stored chunks among `chunkStarts`, decoded. */
async function storedChunks(client: pg.ClientBase, symbol: string, interval: Interval, chunkStarts: readonly number[]): Promise<Map<number, OhlcvColumns>> {
  const tuples = await copyOutBinary(
    client,
    `SELECT chunk_start::float8, "columns" FROM candle_chunk
      WHERE symbol = ${pg.escapeLiteral(symbol)} AND interval = ${pg.escapeLiteral(interval)} AND chunk_start IN (${chunkStarts.map((t) => String(t)).join(', ')})`,
  );
  return new Map(tuples.map(([chunkStart, columns]) => [chunkStart!.readDoubleBE(0), decodeChunk(columns!)]));
}

/** Candles with open time in [fromMs, toMs), as the engine's struct-of-arrays series. */
export async function loadCandles(pool: Pool, symbol: string, interval: Interval, fromMs: number, toMs: number): Promise<CandleSeries> {
  return (await loadCandlesOfSymbols(pool, [symbol], interval, fromMs, toMs)).get(symbol)!;
}

/**
 * loadCandles for several symbols in one round trip: the chunks overlapping the range, in order, sent by a
 * binary COPY so the blobs cross as raw bytes (as text they would be hex, twice the size, decoded again
 * here). Every symbol asked for is in the answer, with no candles if none are stored.
 */
export async function loadCandlesOfSymbols(pool: Pool, symbols: readonly string[], interval: Interval, fromMs: number, toMs: number): Promise<Map<string, CandleSeries>> {
  const loaded = await loadColumnsOfSymbols(pool, symbols, interval, fromMs, toMs, CHUNK_COLUMNS);
  return new Map([...loaded].map(([symbol, cols]) => [symbol, { symbol, intervalMs: intervalMs(interval), length: cols.openTime.length, ...(cols as OhlcvColumns) }]));
}

/**
 * Some columns of several symbols' candles with open time in [fromMs, toMs) (open times always among them).
 * Only the asked columns' slices of each chunk are read: the blobs are stored uncompressed for that.
 */
export async function loadColumnsOfSymbols<C extends ChunkColumn>(
  pool: Pool,
  symbols: readonly string[],
  interval: Interval,
  fromMs: number,
  toMs: number,
  wanted: readonly C[],
): Promise<Map<string, Record<C | 'openTime', Float64Array>>> {
  if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMs)) throw new Error(`candle range ${fromMs} → ${toMs} is not in epoch milliseconds`);
  const columns = CHUNK_COLUMNS.filter((column) => column === 'openTime' || (wanted as readonly ChunkColumn[]).includes(column));
  const whole = columns.length === CHUNK_COLUMNS.length;
  const slices = columns.map((column) => `substring(k."columns" from ${CHUNK_COLUMNS.indexOf(column)} * 8 * k.count + 1 for 8 * k.count)`);
  // COPY takes no parameters: the symbols and the interval are quoted as literals by pg's own escaping.
  const list = `ARRAY[${symbols.map((symbol) => pg.escapeLiteral(symbol)).join(', ')}]::text[]`;
  const tuples = await withClient(pool, (client) =>
    copyOutBinary(
      client,
      `SELECT s.ord::int, ${whole ? 'k."columns"' : slices.join(', ')}
         FROM unnest(${list}) WITH ORDINALITY AS s(symbol, ord)
         JOIN candle_chunk k ON k.symbol = s.symbol AND k.interval = ${pg.escapeLiteral(interval)} AND k.last_open_time >= ${fromMs} AND k.first_open_time < ${toMs}
        ORDER BY s.ord, k.chunk_start`,
    ),
  );
  const chunksOf = symbols.map(() => [] as Array<Array<Buffer>>);
  for (const [ord, ...blobs] of tuples) chunksOf[ord!.readInt32BE(0) - 1].push(blobs as Buffer[]);
  const bySymbol = new Map<string, Record<C | 'openTime', Float64Array>>();
  symbols.forEach((symbol, s) => bySymbol.set(symbol, joinChunks(chunksOf[s], columns, whole, fromMs, toMs) as Record<C | 'openTime', Float64Array>));
  return bySymbol;
}

/**
 * One symbol's chunks, in time order, cut to [fromMs, toMs) and joined column by column. Each chunk's
 * fields are either its whole blob or one slice per column, as loadColumnsOfSymbols asked.
 */
function joinChunks(chunks: ReadonlyArray<readonly Buffer[]>, columns: readonly ChunkColumn[], whole: boolean, fromMs: number, toMs: number): Record<ChunkColumn, Float64Array> {
  const parts = chunks.map((fields) => {
    const count = whole ? fields[0].length / (8 * CHUNK_COLUMNS.length) : fields[0].length / 8;
    const columnBytes = (c: number) => (whole ? fields[0].subarray(CHUNK_COLUMNS.indexOf(columns[c]) * 8 * count, (CHUNK_COLUMNS.indexOf(columns[c]) + 1) * 8 * count) : fields[c]);
    const times = columnBytes(0);
    return { columnBytes, from: firstAtOrAfter(times, count, fromMs), to: firstAtOrAfter(times, count, toMs) };
  });
  const length = parts.reduce((sum, part) => sum + part.to - part.from, 0);
  const joined = {} as Record<ChunkColumn, Float64Array>;
  columns.forEach((column, c) => {
    // Uninitialised: the parts below fill all of it (their lengths sum to `length`).
    const bytes = Buffer.allocUnsafe(length * 8);
    let at = 0;
    for (const part of parts) {
      part.columnBytes(c).copy(bytes, at, part.from * 8, part.to * 8);
      at += (part.to - part.from) * 8;
    }
    joined[column] = float64sInPlace(bytes);
  });
  return joined;
}

/** Index of the first of `count` big-endian open times at or after `t`. */
function firstAtOrAfter(times: Buffer, count: number, t: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times.readDoubleBE(mid * 8) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

async function withClient<T>(pool: Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failure: unknown;
  try {
    return await work(client);
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    client.release(failure === undefined ? undefined : true);
  }
}

export async function loadOpenTimes(pool: Pool, symbol: string, interval: Interval, fromMs: number, toMs: number): Promise<Float64Array> {
  return (await loadColumnsOfSymbols(pool, [symbol], interval, fromMs, toMs, [])).get(symbol)!.openTime;
}

/** Missing bars in [fromMs, toMs), found in the stored open times (8 bytes a candle read: a year of 1m is 4 MB). */
export async function findStoredGaps(pool: Pool, symbol: string, interval: Interval, fromMs: number, toMs: number): Promise<Gap[]> {
  const start = alignUp(interval, fromMs);
  if (start >= toMs) return [];
  return findGaps(await loadOpenTimes(pool, symbol, interval, start, toMs), interval, start, toMs);
}

/**
 * How many candles each market among `symbols` × `intervals` stores with open time in [fromMs, toMs).
 * A chunk inside the range counts whole; only the open times of the (at most two) chunks a range cuts are read.
 */
export async function countStoredCandles(
  pool: Pool,
  symbols: readonly string[],
  intervals: readonly Interval[],
  fromMs: number,
  toMs: number,
): Promise<Array<{ readonly symbol: string; readonly interval: Interval; readonly count: number }>> {
  const tuples = await withClient(pool, (client) =>
    copyOutBinary(
      client,
      `SELECT symbol, interval, count, CASE WHEN first_open_time >= ${fromMs} AND last_open_time < ${toMs} THEN NULL ELSE substring("columns" from 1 for 8 * count) END
         FROM candle_chunk
        WHERE symbol = ANY(ARRAY[${symbols.map((x) => pg.escapeLiteral(x)).join(', ') || "''"}]::text[])
          AND interval = ANY(ARRAY[${intervals.map((x) => pg.escapeLiteral(x)).join(', ') || "''"}]::text[])
          AND last_open_time >= ${fromMs} AND first_open_time < ${toMs}`,
    ),
  );
  const counts = new Map<string, { symbol: string; interval: Interval; count: number }>();
  for (const [symbolBytes, intervalBytes, countBytes, times] of tuples) {
    const symbol = symbolBytes!.toString('utf8');
    const interval = intervalBytes!.toString('utf8') as Interval;
    const count = countBytes!.readInt32BE(0);
    const inRange = times ? firstAtOrAfter(times, count, toMs) - firstAtOrAfter(times, count, fromMs) : count;
    const key = `${symbol} ${interval}`;
    const entry = counts.get(key) ?? { symbol, interval, count: 0 };
    entry.count += inRange;
    counts.set(key, entry);
  }
  return [...counts.values()];
}

export interface CoverageRow {
  readonly symbol: string;
  readonly interval: string;
  readonly firstOpenTime: number;
  readonly lastOpenTime: number;
  readonly count: number;
}

export async function coverage(pool: Pool, filter: { symbol?: string; interval?: string } = {}): Promise<CoverageRow[]> {
  const { rows } = await pool.query<{ symbol: string; interval: string; first: string; last: string; count: string }>(
    `SELECT symbol, interval, first_open_time AS first, last_open_time AS last, count
     FROM candle_coverage WHERE ($1::text IS NULL OR symbol = $1) AND ($2::text IS NULL OR interval = $2)
     ORDER BY symbol, interval`,
    [filter.symbol ?? null, filter.interval ?? null],
  );
  return rows.map((r) => ({ symbol: r.symbol, interval: r.interval, firstOpenTime: Number(r.first), lastOpenTime: Number(r.last), count: Number(r.count) }));
}

export async function countCandles(pool: Pool, symbol?: string, interval?: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    `SELECT coalesce(sum(count), 0) AS n FROM candle_chunk WHERE ($1::text IS NULL OR symbol = $1) AND ($2::text IS NULL OR interval = $2)`,
    [symbol ?? null, interval ?? null],
  );
  return Number(rows[0].n);
}

export async function storeIsEmpty(pool: Pool): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM candle_chunk LIMIT 1');
  return !rowCount;
}

export async function hasCandles(pool: Pool, symbol: string): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM candle_chunk WHERE symbol = $1 LIMIT 1', [symbol]);
  return Boolean(rowCount);
}

