export interface BandOutput {
  readonly middle: Float64Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
}

/**
 * A channel around `middle`: upper/lower = middle ± multiplier × width. `width` becomes the upper band
 * (overwritten in place: the callers compute it for this alone), so only the lower band is a new array.
 */
export function bandsAround(middle: Float64Array, width: Float64Array, multiplier: number): BandOutput {
  const lower = new Float64Array(middle.length);
  for (let i = 0; i < middle.length; i++) {
    const band = multiplier * width[i];
    width[i] = middle[i] + band;
    lower[i] = middle[i] - band;
  }
  return { middle, upper: width, lower };
}
