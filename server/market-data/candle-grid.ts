import { type Interval, alignDown, intervalMs, isFixedLength, nextOpenTime } from '../../domain/intervals.ts';

/** How candles can sit off their interval's grid: an open time between its boundaries, or rows of another interval. */
export type GridFault = 'MISALIGNED' | 'SPACING';

export interface GridProblem {
  readonly fault: GridFault;
  /** The first row at fault, and why. */
  readonly index: number;
  readonly problem: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Bars of `interval` from `from` to `to` (both on its grid). */
function barsBetween(interval: Interval, from: number, to: number): number {
  if (isFixedLength(interval)) return (to - from) / intervalMs(interval);
  const a = new Date(from), b = new Date(to);
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
}

/** Open times that are not on `interval`'s boundaries (epoch-aligned; Monday weeks; calendar months), first `max` of them. */
export function misalignedRows(openTime: ArrayLike<number>, interval: Interval, max = Number.POSITIVE_INFINITY): number[] {
  const found: number[] = [];
  for (let i = 0; i < openTime.length && found.length < max; i++) if (alignDown(interval, openTime[i]) !== openTime[i]) found.push(i);
  return found;
}

/**
 * Why sorted open times cannot be candles of `interval`, naming the first row at fault, or null:
 * a row whose open time is not on the interval's boundary (5m rows stored as 1h, a :30 row in a 1h
 * series, hourly rows as 1M), or rows none of which follow the one before by exactly one interval
 * (1h rows stored as 5m: every row "five bars missing"). Gaps alone are not a fault: one pair of
 * neighbours one interval apart is enough to show the rows are of this interval.
 */
export function gridProblem(openTime: ArrayLike<number>, interval: Interval): GridProblem | null {
  const [first] = misalignedRows(openTime, interval, 1);
  if (first !== undefined) {
    return { fault: 'MISALIGNED', index: first, problem: `open time ${iso(openTime[first])} is not on a ${interval} boundary (the previous one is ${iso(alignDown(interval, openTime[first]))}): these are not ${interval} candles` };
  }
  if (openTime.length < 3) return null;
  const spacings = new Map<number, number>();
  for (let i = 1; i < openTime.length; i++) {
    if (openTime[i] === nextOpenTime(interval, openTime[i - 1])) return null;
    const bars = barsBetween(interval, openTime[i - 1], openTime[i]);
    spacings.set(bars, (spacings.get(bars) ?? 0) + 1);
  }
  const [usual] = [...spacings].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
  const index = 1 + Array.from({ length: openTime.length - 1 }, (_, i) => barsBetween(interval, openTime[i], openTime[i + 1])).indexOf(usual);
  return {
    fault: 'SPACING',
    index,
    problem: `no row follows the one before by one ${interval}; most are ${usual} × ${interval} apart (this one follows ${iso(openTime[index - 1])}): these look like candles of a longer interval, not ${interval}`,
  };
}
