/** A middle line with an upper and a lower band at the same distance from it. */
export interface BandsOutput {
  readonly middle: Float64Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
}

/**
 * middle ± multiplier × width, bar by bar. `width` is consumed: its buffer becomes the upper band, so a
 * channel allocates one array (the lower band) beyond its middle line and its width.
 */
export function bandsAround(middle: Float64Array, width: Float64Array, multiplier: number): BandsOutput {
  const upper = width;
  const lower = new Float64Array(middle.length);
  for (let i = 0; i < middle.length; i++) {
    const band = multiplier * width[i];
    upper[i] = middle[i] + band;
    lower[i] = middle[i] - band;
  }
  return { middle, upper, lower };
}
