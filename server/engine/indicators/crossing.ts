/**
 * When one series crosses another, robust to rounding.
 *
 * Two series that are equal in exact arithmetic can differ in floating point by a few units in the last
 * place (ulps) of their values, and a difference of +2e-13 then −1e-13 on a flat market is a crossover
 * that never happened. The rule:
 *   - a tie: |a − b| <= TIE_RELATIVE × max(|a|, |b|, |scale|), i.e. within 8 ulps of the operands'
 *     magnitude (`scale` brings in the magnitude of what a difference was computed from, e.g. the
 *     price under a MACD histogram); NaN is neither side either;
 *   - otherwise a is above (side +1) or below (side −1) b;
 *   - a crossover is a change of side: a crosses above b at bar i when a is above at i and was below at
 *     the last bar before i that was not a tie. Ties in between carry the side; touching and going back
 *     is not a crossover, and neither is the first side taken after ties at the start of the data.
 * In exact arithmetic (TIE_RELATIVE = 0) this is the same rule with exact equality as the only tie.
 * The windowed averages are exact at ties (exact-sum.ts), so two of them that tie in exact arithmetic
 * differ here by at most an ulp; an EMA approaching a flat price stops short of it by up to (period+1)/4
 * ulps, but on its own side of it, so the side stays the exact one.
 */

/** 8 ulps relative: 8 × 2^-52. */
export const TIE_RELATIVE = 2 ** -49;

/** +1 when a is above b, −1 below, 0 a tie (or NaN). */
export function sideOf(a: number, b: number, scale = 0): number {
  const d = a - b;
  const band = TIE_RELATIVE * Math.max(Math.abs(a), Math.abs(b), Math.abs(scale));
  return d > band ? 1 : d < -band ? -1 : 0;
}

/** The side held at bar i: its side, or the last non-tie side before it; 0 when there is none. */
export function heldSide(a: ArrayLike<number>, b: ArrayLike<number>, i: number, scale?: ArrayLike<number>): number {
  for (let j = i; j >= 0; j--) {
    if (a[j] !== a[j] || b[j] !== b[j]) return 0;
    const side = sideOf(a[j], b[j], scale === undefined ? 0 : scale[j]);
    if (side !== 0) return side;
  }
  return 0;
}

/** +1 when a crosses above b at bar i, −1 when it crosses below, else 0 (the rule above). */
export function crossingAt(a: ArrayLike<number>, b: ArrayLike<number>, i: number, scale?: ArrayLike<number>): number {
  const side = sideOf(a[i], b[i], scale === undefined ? 0 : scale[i]);
  return side !== 0 && heldSide(a, b, i - 1, scale) === -side ? side : 0;
}

/**
 * The first bar in [from, to) where a crosses b (crossingAt ≠ 0), or `to`. The common case first, in few
 * bytes because the simulator's bar loop inlines this: from the strict sign of a − b at from − 1, run to the
 * first bar of the other sign; that is the crossing unless either bar is a tie, which the full scan decides.
 */
export function nextCrossing(a: ArrayLike<number>, b: ArrayLike<number>, from: number, to: number, scale?: ArrayLike<number>): number {
  const d = a[from - 1] - b[from - 1];
  let i = from;
  if (d > 0) while (i < to && !(a[i] - b[i] < 0)) i++;
  else if (d < 0) while (i < to && !(a[i] - b[i] > 0)) i++;
  else return scanCrossings(a, b, from, to, scale);
  return i < to ? confirmCrossing(a, b, from, i, to, scale) : to;
}

/** nextCrossing's fast scan found a sign change at i: a crossing when neither from − 1 nor i is a tie. */
function confirmCrossing(a: ArrayLike<number>, b: ArrayLike<number>, from: number, i: number, to: number, scale: ArrayLike<number> | undefined): number {
  if (sideOf(a[from - 1], b[from - 1], scale === undefined ? 0 : scale[from - 1]) === 0) return scanCrossings(a, b, from, to, scale);
  if (sideOf(a[i], b[i], scale === undefined ? 0 : scale[i]) !== 0) return i;
  return scanCrossings(a, b, i + 1, to, scale);
}

/** The rule in full: keep the side held (ties carry it) and stop where a bar beyond the tie band takes the other. */
function scanCrossings(a: ArrayLike<number>, b: ArrayLike<number>, from: number, to: number, scale: ArrayLike<number> | undefined): number {
  let held = heldSide(a, b, from - 1, scale);
  for (let i = from; i < to; i++) {
    const side = sideOf(a[i], b[i], scale === undefined ? 0 : scale[i]);
    if (side === 0) continue;
    if (held === -side) return i;
    held = side;
  }
  return to;
}
