import type { OhlcvColumns } from '../engine/index.ts';
import { type Interval, intervalMs } from '../../domain/intervals.ts';

/**
 * How candles are laid out in candle_chunk (candle-chunk.entity.ts): which chunk a candle belongs
 * to, and a chunk's columns as bytes. No IO here; candle-store.ts reads and writes the rows.
 */

/**
 * A chunk spans this many bars of its interval: a year of 1m is 129 chunks of ~200 kB, and a
 * market's latest page of candles rewrites one chunk, not the whole history.
 */
export const CANDLES_PER_CHUNK = 4096;

/** The columns of a chunk's blob, in order. */
export const CHUNK_COLUMNS = ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const;

export type ChunkColumn = (typeof CHUNK_COLUMNS)[number];

const BYTES_PER_VALUE = 8;

export function chunkSpanMs(interval: Interval): number {
  return intervalMs(interval) * CANDLES_PER_CHUNK;
}

/** The start of the chunk holding a candle that opens at `openTime`. */
export function chunkStartOf(interval: Interval, openTime: number): number {
  const span = chunkSpanMs(interval);
  return Math.floor(openTime / span) * span;
}

/** Where sorted candles split into chunks: the chunk's start and the candles' index range [from, to). */
export interface ChunkSlice {
  readonly chunkStart: number;
  readonly from: number;
  readonly to: number;
}

export function chunkSlices(interval: Interval, openTime: Float64Array): ChunkSlice[] {
  const slices: ChunkSlice[] = [];
  let from = 0;
  while (from < openTime.length) {
    const chunkStart = chunkStartOf(interval, openTime[from]);
    const end = chunkStart + chunkSpanMs(interval);
    let to = from + 1;
    while (to < openTime.length && openTime[to] < end) to++;
    slices.push({ chunkStart, from, to });
    from = to;
  }
  return slices;
}

/** Candles [from, to) of `cols` as a chunk's blob: each column's float8s, big-endian, one column after another. */
export function encodeChunk(cols: OhlcvColumns, from: number, to: number): Buffer {
  const count = to - from;
  const bytes = Buffer.alloc(count * CHUNK_COLUMNS.length * BYTES_PER_VALUE);
  const values = new Float64Array(bytes.buffer, bytes.byteOffset, count * CHUNK_COLUMNS.length);
  CHUNK_COLUMNS.forEach((column, k) => values.set(cols[column].subarray(from, to), k * count));
  if (LITTLE_ENDIAN) bytes.swap64();
  return bytes;
}

/** A chunk's blob back to its columns (in memory of their own: `bytes` may be a slice of a larger message). */
export function decodeChunk(bytes: Uint8Array): OhlcvColumns {
  const count = bytes.length / (CHUNK_COLUMNS.length * BYTES_PER_VALUE);
  if (!Number.isInteger(count)) throw new Error(`a candle chunk of ${bytes.length} bytes is not ${CHUNK_COLUMNS.length} whole columns`);
  const all = float64sOfBigEndian(bytes);
  const column = (k: number) => all.subarray(k * count, (k + 1) * count);
  return { openTime: column(0), open: column(1), high: column(2), low: column(3), close: column(4), volume: column(5) };
}

/** Big-endian float8s → a Float64Array of its own. */
export function float64sOfBigEndian(bytes: Uint8Array): Float64Array {
  const copy = Buffer.alloc(bytes.length);
  copy.set(bytes);
  return float64sInPlace(copy);
}

/** A buffer of big-endian float8s, which must own its 8-aligned memory (Buffer.alloc), read as float64s in place. */
export function float64sInPlace(bytes: Buffer): Float64Array {
  if (LITTLE_ENDIAN) bytes.swap64();
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / BYTES_PER_VALUE);
}

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * A stored chunk with incoming candles [from, to) added: a candle already stored is kept as it is
 * (an import never overwrites), so `added` counts the open times the chunk did not have. Null when
 * nothing is new.
 */
export function mergeIntoChunk(stored: OhlcvColumns, incoming: OhlcvColumns, from: number, to: number): { readonly merged: OhlcvColumns; readonly added: number } | null {
  const a = stored.openTime;
  const b = incoming.openTime;
  let added = 0;
  for (let i = 0, j = from; j < to; j++) {
    while (i < a.length && a[i] < b[j]) i++;
    if (i >= a.length || a[i] !== b[j]) added++;
  }
  if (added === 0) return null;
  const length = a.length + added;
  const merged = Object.fromEntries(CHUNK_COLUMNS.map((column) => [column, new Float64Array(length)])) as unknown as Record<ChunkColumn, Float64Array>;
  let i = 0;
  let j = from;
  for (let k = 0; k < length; k++) {
    const takeStored = j >= to || (i < a.length && a[i] <= b[j]);
    const source = takeStored ? stored : incoming;
    const at = takeStored ? i : j;
    for (const column of CHUNK_COLUMNS) merged[column][k] = source[column][at];
    if (takeStored) {
      if (j < to && a[i] === b[j]) j++;
      i++;
    } else j++;
  }
  return { merged, added };
}
