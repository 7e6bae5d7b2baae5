import { firstAtOrAfter, type CandleSeries } from '../../engine/index.ts';

/**
 * Candles in shared memory, so every evaluation thread of a worker process reads the one copy the
 * process loaded (a year of 5m is 5 MB a symbol; a copy per thread per chunk would cost more than the
 * evaluations). One SharedArrayBuffer holds the six columns back to back; a slice (a walk-forward
 * window, the in-sample part of a hold-out split) is an offset and a length into it, not a copy.
 */
export interface SharedSeries {
  readonly symbol: string;
  readonly intervalMs: number;
  /** Candles per column in the buffer. */
  readonly capacity: number;
  readonly offset: number;
  readonly length: number;
  readonly buffer: SharedArrayBuffer;
  readonly filled: SharedArrayBuffer | null;
}

const COLUMNS = ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const;

export function shareSeries(series: CandleSeries): SharedSeries {
  const n = series.length;
  const buffer = new SharedArrayBuffer(COLUMNS.length * n * Float64Array.BYTES_PER_ELEMENT);
  COLUMNS.forEach((column, c) => new Float64Array(buffer, c * n * 8, n).set(series[column].subarray(0, n)));
  let filled: SharedArrayBuffer | null = null;
  if (series.filled) {
    filled = new SharedArrayBuffer(n);
    new Uint8Array(filled).set(series.filled.subarray(0, n));
  }
  return { symbol: series.symbol, intervalMs: series.intervalMs, capacity: n, offset: 0, length: n, buffer, filled };
}

/** Typed-array views over the shared columns: no copy. */
export function seriesOfShared(shared: SharedSeries): CandleSeries {
  const { capacity, offset, length } = shared;
  const view = (c: number) => new Float64Array(shared.buffer, (c * capacity + offset) * 8, length);
  return {
    symbol: shared.symbol,
    intervalMs: shared.intervalMs,
    length,
    openTime: view(0),
    open: view(1),
    high: view(2),
    low: view(3),
    close: view(4),
    volume: view(5),
    ...(shared.filled && { filled: new Uint8Array(shared.filled, offset, length) }),
  };
}

/** The candles opening in [fromMs, toMs), as a view of the same memory. */
export function sliceShared(shared: SharedSeries, fromMs: number, toMs: number): SharedSeries {
  const openTime = new Float64Array(shared.buffer, shared.offset * 8, shared.length);
  const first = firstAtOrAfter(openTime, fromMs);
  const end = firstAtOrAfter(openTime, toMs);
  return { ...shared, offset: shared.offset + first, length: Math.max(0, end - first) };
}
