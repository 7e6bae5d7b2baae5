import pg, { type Pool, type QueryConfig } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { type CandleFault, type CandleSeries, type OhlcvColumns, CandleValidationError, candleSeries, concatSeries, validateCandles } from '../engine/index.ts';
import { type GridFault, gridProblem } from './candle-grid.ts';
import { type Gap, findGaps } from './gaps.ts';
import { type Interval, alignUp, countOpenTimes, intervalMs, isFixedLength } from '../../domain/intervals.ts';

/**
 * The candle table through plain pg: bulk paths the ORM is not built for.
 * Writes go through `unnest` of whole columns (one statement per 50k rows, no per-row bind
 * parameters) with ON CONFLICT DO NOTHING, so re-importing is a no-op by construction.
 * Reads return each column as one float8 bytea blob, parsed straight into typed arrays.
 */

const BATCH = 20_000;

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

/** Typed arrays print with join(',') in shortest round-trip form, which PostgreSQL's float8 input reads exactly. */
function pgArray(col: Float64Array, from: number, to: number): string {
  return `{${col.subarray(from, to).join(',')}}`;
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

const INSERT_ROWS = `INSERT INTO candle (symbol, interval, open_time, open, high, low, close, volume)
  SELECT $1, $2, t, o, h, l, c, v
  FROM unnest($3::bigint[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[]) AS u(t, o, h, l, c, v)`;

/**
 * The batch's rows and the market's coverage (candle-coverage.entity.ts) in one statement, so they
 * can never disagree; answers the count of rows inserted. Rows skipped as already stored lie inside
 * the stored span already, so the batch's own first and last bound the new span.
 */
const withCoverage = (insert: string) => `WITH inserted AS (${insert} RETURNING open_time),
  covered AS (
    INSERT INTO candle_coverage (symbol, interval, first_open_time, last_open_time, count)
    SELECT $1, $2, min(open_time), max(open_time), count(*) FROM inserted HAVING count(*) > 0
    ON CONFLICT (symbol, interval) DO UPDATE SET
      first_open_time = least(candle_coverage.first_open_time, excluded.first_open_time),
      last_open_time = greatest(candle_coverage.last_open_time, excluded.last_open_time),
      count = candle_coverage.count + excluded.count
  )
  SELECT count(*)::int AS inserted FROM inserted`;
const INSERT_PLAIN = withCoverage(INSERT_ROWS);
const INSERT_IDEMPOTENT = withCoverage(`${INSERT_ROWS} ON CONFLICT DO NOTHING`);

async function spanHasRows(pool: Pool, symbol: string, interval: string, fromMs: number, toMs: number): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM candle WHERE symbol = $1 AND interval = $2 AND open_time BETWEEN $3 AND $4 LIMIT 1', [symbol, interval, String(fromMs), String(toMs)]);
  return Boolean(rowCount);
}

/**
 * Inserts candles, skipping any already stored; returns how many rows were new.
 * Batches run on up to `parallel` connections: PostgreSQL parses array input and updates the
 * index on one core per statement, so parallel statements roughly multiply throughput.
 */
export async function insertCandles(pool: Pool, symbol: string, interval: Interval, cols: OhlcvColumns, parallel = 4): Promise<number> {
  validateColumns(symbol, interval, cols);
  const starts: number[] = [];
  for (let from = 0; from < cols.openTime.length; from += BATCH) starts.push(from);
  let inserted = 0;
  let next = 0;
  const worker = async () => {
    while (next < starts.length) {
      const from = starts[next++];
      const to = Math.min(cols.openTime.length, from + BATCH);
      const params = [
        symbol,
        interval,
        pgArray(cols.openTime, from, to),
        pgArray(cols.open, from, to),
        pgArray(cols.high, from, to),
        pgArray(cols.low, from, to),
        pgArray(cols.close, from, to),
        pgArray(cols.volume, from, to),
      ];
      // ON CONFLICT costs ~50 % more per row, so a batch whose span holds no stored rows yet (the
      // usual case: fresh downloads and first imports) goes in plainly. If a concurrent writer got
      // there first, the plain insert fails as a whole and the batch is redone idempotently.
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = from; i < to; i++) {
        if (cols.openTime[i] < lo) lo = cols.openTime[i];
        if (cols.openTime[i] > hi) hi = cols.openTime[i];
      }
      const fresh = !(await spanHasRows(pool, symbol, interval, lo, hi));
      const result = fresh
        ? await pool.query(INSERT_PLAIN, params).catch((error: { code?: string }) => {
            if (error.code === '23505') return pool.query(INSERT_IDEMPOTENT, params);
            throw error;
          })
        : await pool.query(INSERT_IDEMPOTENT, params);
      inserted += (result.rows[0] as { inserted: number }).inserted;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, starts.length)) }, worker));
  return inserted;
}

/**
 * Rows with every value left as PostgreSQL's text: bytea then arrives as `\\x` + hex, which
 * Buffer decodes natively. (pg's binary result mode decodes rows as UTF-8 strings, corrupting bytes.)
 */
async function rawRows<R>(pool: Pool, text: string, values: unknown[]): Promise<R[]> {
  const config: QueryConfig = { text, values, types: { getTypeParser: (() => (value: string) => value) as never } };
  const result = await pool.query(config);
  return result.rows as R[];
}

/** Hex of big-endian float8s → Float64Array without touching values one by one in JS. */
function blobToFloat64(hex: string | null): Float64Array {
  return hex && hex.length > 2 ? float64sOf(Buffer.from(hex.substring(2), 'hex')) : new Float64Array(0);
}

/** Candles with open time in [fromMs, toMs), as the engine's struct-of-arrays series. */
export async function loadCandles(pool: Pool, symbol: string, interval: Interval, fromMs: number, toMs: number): Promise<CandleSeries> {
  return (await loadCandlesOfSymbols(pool, [symbol], interval, fromMs, toMs)).get(symbol)!;
}

/**
 * loadCandles for several symbols in one round trip: each symbol's columns are aggregated on its own
 * (the same index range scan as one symbol's), one row per symbol, sent by a binary COPY so the blobs
 * cross as raw bytes (as text they would be hex, twice the size, decoded again here).
 */
export async function loadCandlesOfSymbols(pool: Pool, symbols: readonly string[], interval: Interval, fromMs: number, toMs: number): Promise<Map<string, CandleSeries>> {
  if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMs)) throw new Error(`candle range ${fromMs} → ${toMs} is not in epoch milliseconds`);
  // One symbol's long range: its two halves packed side by side, by two database processes. (Several
  // symbols' loads are already spread over queries by the caller.) Open times split the rows exactly.
  if (symbols.length === 1 && (toMs - fromMs) / intervalMs(interval) > SPLIT_ABOVE_CANDLES) {
    const middle = fromMs + Math.floor((toMs - fromMs) / 2);
    const [before, after] = await Promise.all([loadPacked(pool, symbols, interval, fromMs, middle), loadPacked(pool, symbols, interval, middle, toMs)]);
    return new Map([[symbols[0], concatSeries(before.get(symbols[0])!, after.get(symbols[0])!)]]);
  }
  return loadPacked(pool, symbols, interval, fromMs, toMs);
}

/** A range of one symbol's candles above this many is loaded in two halves at once. */
const SPLIT_ABOVE_CANDLES = 200_000;

async function loadPacked(pool: Pool, symbols: readonly string[], interval: Interval, fromMs: number, toMs: number): Promise<Map<string, CandleSeries>> {
  // COPY takes no parameters: the symbols and the interval are quoted as literals by pg's own escaping.
  const list = `ARRAY[${symbols.map((symbol) => pg.escapeLiteral(symbol)).join(', ')}]::text[]`;
  const tuples = await copyOutBinary(
    pool,
    `SELECT s.symbol, a.* FROM unnest(${list}) WITH ORDINALITY AS s(symbol, ord)
     CROSS JOIN LATERAL (
       SELECT string_agg(float8send(open_time::float8), ''::bytea ORDER BY open_time) AS t,
              string_agg(float8send(open), ''::bytea ORDER BY open_time) AS o,
              string_agg(float8send(high), ''::bytea ORDER BY open_time) AS h,
              string_agg(float8send(low), ''::bytea ORDER BY open_time) AS l,
              string_agg(float8send(close), ''::bytea ORDER BY open_time) AS c,
              string_agg(float8send(volume), ''::bytea ORDER BY open_time) AS v
       FROM candle WHERE candle.symbol = s.symbol AND interval = ${pg.escapeLiteral(interval)} AND open_time >= ${fromMs} AND open_time < ${toMs}
     ) a ORDER BY s.ord`,
  );
  const bySymbol = new Map<string, CandleSeries>();
  for (const [symbol, t, o, h, l, c, v] of tuples) {
    const name = symbol!.toString('utf8');
    const openTime = float64sOf(t);
    bySymbol.set(name, { symbol: name, intervalMs: intervalMs(interval), length: openTime.length, openTime, open: float64sOf(o), high: float64sOf(h), low: float64sOf(l), close: float64sOf(c), volume: float64sOf(v) });
  }
  return bySymbol;
}

/** The rows of `select` through COPY … (FORMAT binary): each field's raw bytes, or null for NULL. */
async function copyOutBinary(pool: Pool, select: string): Promise<Array<Array<Buffer | null>>> {
  const client = await pool.connect();
  let failure: unknown;
  let bytes: Buffer;
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of client.query(copyTo(`COPY (${select}) TO STDOUT (FORMAT binary)`))) chunks.push(chunk as Buffer);
    bytes = Buffer.concat(chunks);
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    client.release(failure === undefined ? undefined : true);
  }
  // The format: an 11-byte signature, flags, a header extension, then per row a field count and each field's length and bytes; a count of -1 ends it.
  let at = 11 + 4;
  at += 4 + bytes.readInt32BE(at);
  const rows: Array<Array<Buffer | null>> = [];
  for (let fields = bytes.readInt16BE(at); fields !== -1; fields = bytes.readInt16BE(at)) {
    at += 2;
    const row: Array<Buffer | null> = [];
    for (let f = 0; f < fields; f++) {
      const length = bytes.readInt32BE(at);
      at += 4;
      row.push(length < 0 ? null : bytes.subarray(at, at + length));
      at += Math.max(0, length);
    }
    rows.push(row);
  }
  return rows;
}

/**
 * Big-endian float8s → Float64Array, copied and swapped in memory of its own: a Buffer may be a slice of a
 * shared pool or of a larger message, and a Float64Array needs 8-aligned, owned memory.
 */
function float64sOf(bytes: Buffer | null): Float64Array {
  if (!bytes || bytes.length === 0) return new Float64Array(0);
  const copy = Buffer.alloc(bytes.length);
  bytes.copy(copy);
  copy.swap64();
  return new Float64Array(copy.buffer, copy.byteOffset, copy.length / 8);
}

export async function loadOpenTimes(pool: Pool, symbol: string, interval: Interval, fromMs: number, toMs: number): Promise<Float64Array> {
  const [row] = await rawRows<{ t: string | null }>(
    pool,
    `SELECT string_agg(float8send(open_time::float8), ''::bytea ORDER BY open_time) AS t
     FROM candle WHERE symbol = $1 AND interval = $2 AND open_time >= $3 AND open_time < $4`,
    [symbol, interval, String(fromMs), String(toMs)],
  );
  return blobToFloat64(row.t);
}

/**
 * Missing bars in [fromMs, toMs). For fixed-length intervals the database finds the holes with
 * lead() so only the gap edges cross the wire; calendar months are few enough to check in JS.
 */
export async function findStoredGaps(pool: Pool, symbol: string, interval: Interval, fromMs: number, toMs: number): Promise<Gap[]> {
  const start = alignUp(interval, fromMs);
  if (start >= toMs) return [];
  if (!isFixedLength(interval)) return findGaps(await loadOpenTimes(pool, symbol, interval, start, toMs), interval, start, toMs);
  const ms = intervalMs(interval);
  // Sentinels just outside the range turn leading/trailing holes into ordinary lead() gaps.
  const { rows } = await pool.query<{ t: string; next: string }>(
    `SELECT t, next FROM (
       SELECT t, lead(t) OVER (ORDER BY t) AS next FROM (
         SELECT open_time AS t FROM candle WHERE symbol = $1 AND interval = $2 AND open_time >= $3 AND open_time < $4
         UNION ALL SELECT $3::bigint - $5::bigint
         UNION ALL SELECT $4::bigint
       ) s
     ) w WHERE next - t > $5::bigint ORDER BY t`,
    [symbol, interval, String(start), String(toMs), String(ms)],
  );
  return rows.map((r) => {
    const gapFrom = Number(r.t) + ms;
    const gapTo = Number(r.next);
    return { fromMs: gapFrom, toMs: gapTo, missing: countOpenTimes(interval, gapFrom, gapTo) };
  });
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
    `SELECT count(*) AS n FROM candle WHERE ($1::text IS NULL OR symbol = $1) AND ($2::text IS NULL OR interval = $2)`,
    [symbol ?? null, interval ?? null],
  );
  return Number(rows[0].n);
}

export async function storeIsEmpty(pool: Pool): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM candle LIMIT 1');
  return !rowCount;
}

export async function hasCandles(pool: Pool, symbol: string): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM candle WHERE symbol = $1 LIMIT 1', [symbol]);
  return Boolean(rowCount);
}

