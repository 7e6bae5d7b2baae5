import type { BucketCalendar } from '../server/engine/index.ts';

/**
 * Binance kline intervals and their calendar. Fixed-length intervals are aligned to the Unix epoch,
 * except 1w (Binance weeks open on Monday 00:00 UTC) and 1M (calendar months, variable length),
 * so gap detection must step with `nextOpenTime` rather than adding a constant.
 */

export const INTERVALS = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M'] as const;

export type Interval = (typeof INTERVALS)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 1970-01-01 was a Thursday; the first Monday is four days later. */
const FIRST_MONDAY = 4 * DAY;

const FIXED_MS: Record<Exclude<Interval, '1M'>, number> = {
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': HOUR,
  '2h': 2 * HOUR,
  '4h': 4 * HOUR,
  '6h': 6 * HOUR,
  '8h': 8 * HOUR,
  '12h': 12 * HOUR,
  '1d': DAY,
  '3d': 3 * DAY,
  '1w': 7 * DAY,
};

export class InvalidIntervalError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(value: string) {
    super(`Unknown interval "${value}"; expected one of ${INTERVALS.join(', ')}`);
  }
}

export function isInterval(value: string): value is Interval {
  return (INTERVALS as readonly string[]).includes(value);
}

export function parseInterval(value: string): Interval {
  if (!isInterval(value)) throw new InvalidIntervalError(value);
  return value;
}

/** Nominal bar length; months count as 30 days (only used where a rough length is enough). */
export function intervalMs(interval: Interval): number {
  return interval === '1M' ? 30 * DAY : FIXED_MS[interval];
}

export function isFixedLength(interval: Interval): boolean {
  return interval !== '1M';
}

/** Open time of the bar containing t. */
export function alignDown(interval: Interval, t: number): number {
  if (interval === '1M') {
    const d = new Date(t);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
  const ms = FIXED_MS[interval];
  const offset = interval === '1w' ? FIRST_MONDAY : 0;
  return Math.floor((t - offset) / ms) * ms + offset;
}

/** Open time of the first bar starting at or after t. */
export function alignUp(interval: Interval, t: number): number {
  const down = alignDown(interval, t);
  return down === t ? t : nextOpenTime(interval, down);
}

/** Open time of the bar after the one opening at t (t must be aligned). */
export function nextOpenTime(interval: Interval, t: number): number {
  if (interval === '1M') {
    const d = new Date(t);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return t + FIXED_MS[interval];
}

/** Binance's closeTime of the bar opening at t: one millisecond before the next bar opens. */
export function closeTimeOf(interval: Interval, t: number): number {
  return nextOpenTime(interval, t) - 1;
}

/** Number of bar open times in [from, to). */
export function countOpenTimes(interval: Interval, from: number, to: number): number {
  const first = alignUp(interval, from);
  if (first >= to) return 0;
  if (interval !== '1M') return Math.ceil((to - first) / FIXED_MS[interval]);
  let n = 0;
  for (let t = first; t < to; t = nextOpenTime(interval, t)) n++;
  return n;
}

/** Every bar open time in [from, to). */
export function openTimesBetween(interval: Interval, from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = alignUp(interval, from); t < to; t = nextOpenTime(interval, t)) out.push(t);
  return out;
}

/** The exchange's bucket calendar for resampling into `interval` (Monday weeks, calendar months). */
export function bucketCalendar(interval: Interval): BucketCalendar {
  return { intervalMs: intervalMs(interval), bucketStart: (t) => alignDown(interval, t), nextBucket: (t) => nextOpenTime(interval, t) };
}

/**
 * Whether bars of `base` tile bars of `target` exactly, so `target` can be resampled from `base`:
 * every target boundary must be a base boundary. Months are tiled by any interval that divides a
 * day; Monday weeks by those that divide the four-day offset of the first Monday as well as a week.
 */
export function divides(base: Interval, target: Interval): boolean {
  if (base === target) return true;
  if (base === '1M' || base === '1w') return false;
  const baseMs = FIXED_MS[base];
  if (target === '1M') return DAY % baseMs === 0;
  if (FIXED_MS[target] <= baseMs || FIXED_MS[target] % baseMs !== 0) return false;
  return target !== '1w' || FIRST_MONDAY % baseMs === 0;
}
