import type { CandleSeries } from './contract.ts';

/** Raw candle columns as they come from a loader: any array-like of numbers. */
export interface CandleColumns {
  readonly openTime: ArrayLike<number>;
  readonly open: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly volume: ArrayLike<number>;
}

/** The engine's candle columns without the series metadata: what loaders, parsers and generators exchange. */
export type OhlcvColumns = Pick<CandleSeries, 'openTime' | 'open' | 'high' | 'low' | 'close' | 'volume'>;

/** Thrown at the engine's edge for the first candle that cannot be trusted. */
export class CandleValidationError extends Error {
  readonly symbol: string;
  readonly index: number;
  readonly timeMs: number;
  readonly fault: CandleFault;

  constructor(symbol: string, index: number, timeMs: number, problem: string, fault: CandleFault) {
    super(`${symbol} candle #${index} (${isoOrRaw(timeMs)}): ${problem}`);
    this.name = 'CandleValidationError';
    this.symbol = symbol;
    this.index = index;
    this.timeMs = timeMs;
    this.fault = fault;
  }
}

/**
 * The smallest price a candle may carry: the smallest normal double. Zero, negative and denormal
 * prices are refused: an order sized against one divides by (nearly) nothing and its quantity
 * overflows to Infinity, which poisons every figure after it.
 */
export const MIN_PRICE = 2 ** -1022;

function isoOrRaw(timeMs: number): string {
  return Number.isFinite(timeMs) && Math.abs(timeMs) < 8.64e15 ? new Date(timeMs).toISOString() : String(timeMs);
}

function asFloat64(column: ArrayLike<number>): Float64Array {
  return column instanceof Float64Array ? column : Float64Array.from(column);
}

/**
 * Builds a struct-of-arrays series. Columns already in Float64Array are used as they are (no copy);
 * anything else is copied once. Does not validate: call validateCandles at the edge.
 */
export function candleSeries(
  symbol: string,
  intervalMs: number,
  columns: CandleColumns,
  filled?: Uint8Array,
): CandleSeries {
  const length = columns.openTime.length;
  for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) {
    if (columns[name].length !== length) {
      throw new Error(`${symbol}: column ${name} has ${columns[name].length} values, openTime has ${length}`);
    }
  }
  if (filled !== undefined && filled.length !== length) {
    throw new Error(`${symbol}: filled flags have ${filled.length} values, openTime has ${length}`);
  }
  return {
    symbol,
    intervalMs,
    length,
    openTime: asFloat64(columns.openTime),
    open: asFloat64(columns.open),
    high: asFloat64(columns.high),
    low: asFloat64(columns.low),
    close: asFloat64(columns.close),
    volume: asFloat64(columns.volume),
    ...(filled !== undefined ? { filled } : {}),
  };
}

/** `before` followed by `after` (the same symbol and interval, `before` ending earlier), as one new series. */
export function concatSeries(before: CandleSeries, after: CandleSeries): CandleSeries {
  if (before.length === 0) return after;
  if (after.length === 0) return before;
  const join = (a: Float64Array, b: Float64Array): Float64Array => {
    const out = new Float64Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  let filled: Uint8Array | undefined;
  if (before.filled || after.filled) {
    filled = new Uint8Array(before.length + after.length);
    if (before.filled) filled.set(before.filled);
    if (after.filled) filled.set(after.filled, before.length);
  }
  const columns = {
    openTime: join(before.openTime, after.openTime),
    open: join(before.open, after.open),
    high: join(before.high, after.high),
    low: join(before.low, after.low),
    close: join(before.close, after.close),
    volume: join(before.volume, after.volume),
  };
  return candleSeries(after.symbol, after.intervalMs, columns, filled);
}

/** The kind of fault a candle can have: a value that is not a number, a price that is not positive, OHLC that contradict each other, a negative volume, or an open time out of order. */
export type CandleFault = 'NON_FINITE' | 'PRICE' | 'OHLC' | 'VOLUME' | 'ORDER';

/**
 * What is wrong with candle i, or null when it is sound: the one definition of a sound candle, used by
 * validateCandles, the import's checks and the data-quality report.
 */
export function candleFault(s: OhlcvColumns, i: number): { readonly fault: CandleFault; readonly problem: string } | null {
  const t = s.openTime[i], o = s.open[i], h = s.high[i], l = s.low[i], c = s.close[i], v = s.volume[i];
  const fault = (kind: CandleFault, problem: string) => ({ fault: kind, problem });
  for (const [name, value] of [['open time', t], ['open', o], ['high', h], ['low', l], ['close', c], ['volume', v]] as const) {
    if (!Number.isFinite(value)) return fault('NON_FINITE', `${name} is ${value}`);
  }
  const lowest = Math.min(o, h, l, c);
  if (lowest < MIN_PRICE) return fault('PRICE', `${lowest === o ? 'open' : lowest === l ? 'low' : lowest === c ? 'close' : 'high'} ${lowest} is not a positive price`);
  if (h < l) return fault('OHLC', `high ${h} is below low ${l}`);
  if (h < Math.max(o, c)) return fault('OHLC', `high ${h} is below ${o > c ? `open ${o}` : `close ${c}`}`);
  if (l > Math.min(o, c)) return fault('OHLC', `low ${l} is above ${o < c ? `open ${o}` : `close ${c}`}`);
  if (v < 0) return fault('VOLUME', `volume ${v} is negative`);
  if (i > 0) {
    const prev = s.openTime[i - 1];
    if (t === prev) return fault('ORDER', `open time duplicates candle #${i - 1}`);
    if (t < prev) return fault('ORDER', `open time is before candle #${i - 1} (${isoOrRaw(prev)}): candles must be sorted`);
  }
  return null;
}

export const candleProblem = (s: OhlcvColumns, i: number): string | null => candleFault(s, i)?.problem ?? null;

const validated = new WeakSet<CandleSeries>();

/**
 * Rejects non-finite or inconsistent candles, naming the first bad one. Series that passed once are
 * remembered (by identity) so a parameter sweep over the same data validates it once.
 */
export function validateCandles(series: CandleSeries): void {
  if (validated.has(series)) return;
  if (!(series.intervalMs > 0) || !Number.isFinite(series.intervalMs)) {
    throw new Error(`${series.symbol}: intervalMs must be a positive number, got ${series.intervalMs}`);
  }
  const n = series.length;
  for (const name of ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const) {
    if (series[name].length !== n) {
      throw new Error(`${series.symbol}: column ${name} has ${series[name].length} values, length says ${n}`);
    }
  }
  // One tight pass with the same checks as candleProblem (which then words the first failure).
  const { openTime, open, high, low, close, volume } = series;
  let prev = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = openTime[i], o = open[i], h = high[i], l = low[i], c = close[i], v = volume[i];
    // Finite ⇔ x − x === 0 (NaN and ±Infinity give NaN). Ordered so a NaN fails every comparison.
    const sound =
      t - t === 0 && o - o === 0 && h - h === 0 && l - l === 0 && c - c === 0 && v - v === 0 &&
      h >= l && o >= l && o <= h && c >= l && c <= h && l >= MIN_PRICE && v >= 0 && t > prev;
    if (!sound) {
      const found = candleFault(series, i) ?? { fault: 'OHLC', problem: 'invalid candle' };
      throw new CandleValidationError(series.symbol, i, t, found.problem, found.fault);
    }
    prev = t;
  }
  validated.add(series);
}

/** The nominal length of a monthly candle's interval: months are stored with 30 days as their intervalMs. */
export const NOMINAL_MONTH_MS = 30 * 86_400_000;

/**
 * When a candle closes: open time + interval, except monthly candles (intervalMs = NOMINAL_MONTH_MS), which
 * close at the first instant of the next calendar month (UTC), not 30 days after they opened.
 */
export function candleCloseTimeMs(openTimeMs: number, intervalMs: number): number {
  if (intervalMs !== NOMINAL_MONTH_MS) return openTimeMs + intervalMs;
  const d = new Date(openTimeMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}
