import { type Interval, alignDown, alignUp, countOpenTimes, nextOpenTime } from '../../domain/intervals.ts';

/** Missing bars: every open time in [fromMs, toMs) is absent; `missing` counts them. */
export interface Gap {
  readonly fromMs: number;
  readonly toMs: number;
  readonly missing: number;
}

/**
 * Gaps of a sorted open-time column within [fromMs, toMs), including a leading gap before the
 * first bar and a trailing one after the last. Stepping with nextOpenTime keeps calendar months right.
 */
export function findGaps(openTime: ArrayLike<number>, interval: Interval, fromMs: number, toMs: number): Gap[] {
  const gaps: Gap[] = [];
  let expected = alignUp(interval, fromMs);
  for (let i = 0; i < openTime.length; i++) {
    const t = openTime[i];
    if (t < fromMs) continue;
    if (t >= toMs) break;
    if (t > expected) {
      const missing = countOpenTimes(interval, expected, t);
      if (missing > 0) gaps.push({ fromMs: expected, toMs: t, missing });
    }
    if (t >= expected) expected = nextOpenTime(interval, alignDown(interval, t));
  }
  if (expected < toMs) {
    const missing = countOpenTimes(interval, expected, toMs);
    if (missing > 0) gaps.push({ fromMs: expected, toMs, missing });
  }
  return gaps;
}

/** The exact missing open times of a gap, at most `limit` of them (a year-long hole has 100k+). */
export function missingOpenTimes(gap: Gap, interval: Interval, limit = 10_000): number[] {
  const out: number[] = [];
  for (let t = alignUp(interval, gap.fromMs); t < gap.toMs && out.length < limit; t = nextOpenTime(interval, t)) out.push(t);
  return out;
}

export function totalMissing(gaps: readonly Gap[]): number {
  return gaps.reduce((sum, g) => sum + g.missing, 0);
}

export function describeGaps(gaps: readonly Gap[], max = 5): string {
  const shown = gaps.slice(0, max).map((g) => `${new Date(g.fromMs).toISOString()} → ${new Date(g.toMs).toISOString()} (${g.missing} bars)`);
  const more = gaps.length > max ? `, and ${gaps.length - max} more` : '';
  return `${shown.join('; ')}${more}`;
}
