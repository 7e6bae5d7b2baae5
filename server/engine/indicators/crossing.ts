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
  const absA = a < 0 ? -a : a;
  const absB = b < 0 ? -b : b;
  const absScale = scale < 0 ? -scale : scale;
  let magnitude = absA > absB ? absA : absB;
  if (absScale > magnitude) magnitude = absScale;
  const band = TIE_RELATIVE * magnitude;
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
 * The first bar in [from, to) where a crosses b (crossingAt ≠ 0), or `to`. One pass keeping the side held:
 * the inner loops only look for a difference of the other sign (or, before any side, any difference), and
 * only such a bar is checked against the tie band.
 */
export function nextCrossing(a: ArrayLike<number>, b: ArrayLike<number>, from: number, to: number, scale?: ArrayLike<number>): number {
  let held = heldSide(a, b, from - 1, scale);
  let i = from;
  for (;;) {
    if (held > 0) while (i < to && !(a[i] - b[i] < 0)) i++;
    else if (held < 0) while (i < to && !(a[i] - b[i] > 0)) i++;
    else while (i < to && !(a[i] - b[i] !== 0 && a[i] === a[i] && b[i] === b[i])) i++;
    if (i >= to) return to;
    const side = sideOf(a[i], b[i], scale === undefined ? 0 : scale[i]);
    if (side !== 0) {
      if (held !== 0) return i;
      held = side;
    }
    i++;
  }
}
