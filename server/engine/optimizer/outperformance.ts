import { mulberry32 } from '../prng.ts';

/**
 * The probability that a strategy's trades compound to more than another's, by bootstrap: each iteration
 * draws as many returns as each side has (with replacement, % of equity per trade as in monte-carlo.ts),
 * compounds them, and compares the final returns; ties count a half. A side with no trades ends flat.
 * What a recommendation's confidence calls "the Monte Carlo probability that the improvement is positive".
 * Reproducible from the seed.
 */
export function probabilityOfOutperforming(candidate: ArrayLike<number>, baseline: ArrayLike<number>, options: { iterations: number; seed: number }): number {
  const rng = mulberry32(options.seed);
  const growth = (returns: ArrayLike<number>) => Float64Array.from({ length: returns.length }, (_, k) => Math.max(0, 1 + returns[k] / 100));
  const a = growth(candidate), b = growth(baseline);
  const draw = (g: Float64Array) => {
    let equity = 1;
    for (let k = 0; k < g.length; k++) equity *= g[Math.floor(rng.next() * g.length)];
    return equity;
  };
  let wins = 0;
  for (let it = 0; it < options.iterations; it++) {
    const da = draw(a), db = draw(b);
    wins += da > db ? 1 : da === db ? 0.5 : 0;
  }
  return options.iterations > 0 ? wins / options.iterations : 0.5;
}
