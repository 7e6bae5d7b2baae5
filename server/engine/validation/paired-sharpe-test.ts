import { mulberry32 } from '../prng.ts';
import { mean, sampleStd } from './moments.ts';
import { defaultBlockLength, stationaryResample } from './paired-test.ts';

/**
 * Does the candidate's Sharpe ratio beat the baseline's over the same days? For changes that scale a
 * strategy rather than redirect it (position size, stop distance), a difference of mean returns rewards
 * trading less or more; the risk-adjusted return does not. One-sided test of
 *   H0: SR(candidate) ≤ SR(baseline), statistic Δ = SR(a) − SR(b) (per day, sample standard deviation),
 * by the stationary bootstrap of the day pairs (the two series resampled with the same days, so their
 * dependence is kept): p = (1 + #{Δ* − Δ ≥ Δ}) / (B + 1), Δ* − Δ approximating Δ's spread under H0.
 * Days where either return is NaN are left out.
 */
export interface PairedSharpeTestResult {
  readonly pValue: number;
  /** Per-day Sharpe ratios over the days compared, and their difference. */
  readonly candidateSharpe: number;
  readonly baselineSharpe: number;
  readonly sharpeDifference: number;
  readonly days: number;
  readonly blockLength: number;
  readonly iterations: number;
  readonly seed: number;
}

export function pairedSharpeTest(
  candidate: ArrayLike<number>,
  baseline: ArrayLike<number>,
  options: { readonly iterations: number; readonly seed: number; readonly blockLength?: number },
): PairedSharpeTestResult | { errors: string[] } {
  if (candidate.length !== baseline.length) return { errors: [`the two return series must cover the same dates: ${candidate.length} against ${baseline.length} days`] };
  const a: number[] = [], b: number[] = [];
  for (let t = 0; t < candidate.length; t++) {
    if (Number.isNaN(candidate[t]) || Number.isNaN(baseline[t])) continue;
    a.push(candidate[t]);
    b.push(baseline[t]);
  }
  const n = a.length;
  const blockLength = options.blockLength ?? defaultBlockLength(n);
  const { iterations, seed } = options;
  const errors: string[] = [];
  if (n < 3) errors.push(`the test needs at least 3 days with both returns, got ${n}`);
  if (!Number.isInteger(iterations) || iterations < 1) errors.push(`iterations must be an integer >= 1, got ${iterations}`);
  if (!Number.isInteger(seed)) errors.push(`seed must be an integer, got ${seed}`);
  if (errors.length > 0) return { errors };
  const sharpe = (xs: ArrayLike<number>) => {
    const m = mean(xs);
    const sd = sampleStd(xs, m);
    return sd > 0 ? m / sd : 0;
  };
  const candidateSharpe = sharpe(a), baselineSharpe = sharpe(b);
  const observed = candidateSharpe - baselineSharpe;
  const rng = mulberry32(seed);
  const indices = new Int32Array(n);
  const ra = new Float64Array(n), rb = new Float64Array(n);
  let exceed = 0;
  for (let it = 0; it < iterations; it++) {
    stationaryResample(n, blockLength, rng, indices);
    for (let k = 0; k < n; k++) {
      ra[k] = a[indices[k]];
      rb[k] = b[indices[k]];
    }
    if (sharpe(ra) - sharpe(rb) - observed >= observed) exceed++;
  }
  return { pValue: (1 + exceed) / (iterations + 1), candidateSharpe, baselineSharpe, sharpeDifference: observed, days: n, blockLength, iterations, seed };
}
