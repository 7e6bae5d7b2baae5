import { mulberry32, type Prng } from '../prng.ts';

/**
 * Does the candidate (recommended settings) beat the baseline (current settings) over the same dates? A
 * one-sided test on the daily return differences d_t = candidate_t − baseline_t, t = 1..n (days where
 * either return is undefined, NaN, are left out):
 *   H0: E[d] ≤ 0 against H1: E[d] > 0, statistic d̄ = mean of d.
 * The mean daily difference, not the compounded-return difference: for daily returns of a few percent the
 * two agree to first order (Σ ln(1 + r) ≈ Σ r), while the mean is a smooth statistic of a stationary series
 * for which block resampling is consistent (the compounded difference depends on the path and on the
 * volatility drag, which the test is not about).
 *
 * STATIONARY_BOOTSTRAP (Politis & Romano, "The Stationary Bootstrap", JASA 1994): resample the centred
 * differences d_t − d̄ in blocks of geometric random length with mean L, wrapping around the end, so the
 * day-to-day dependence of strategy returns (positions held over days, volatility clusters) is kept; the
 * p-value is the share of resampled means at or above d̄, p = (1 + #{d̄* ≥ d̄}) / (B + 1).
 * SIGN_FLIP: under H0 as exchangeability (each day's two returns could have come from either settings),
 * d's sign is flipped at random per block of L consecutive days; p = (1 + #{mean(±d) ≥ d̄}) / (B + 1).
 * Default L = ⌈n^(1/3)⌉ (8 for a year of days): the rate at which the optimal expected block length grows
 * (Politis & White 2004). Reproducible from the seed (mulberry32).
 */
export const PAIRED_TEST_METHODS = ['STATIONARY_BOOTSTRAP', 'SIGN_FLIP'] as const;
export type PairedTestMethod = (typeof PAIRED_TEST_METHODS)[number];

export interface PairedTestOptions {
  readonly iterations: number;
  readonly seed: number;
  readonly method?: PairedTestMethod;
  /** Mean block length in days (default ⌈n^(1/3)⌉). */
  readonly blockLength?: number;
}

export interface PairedTestResult {
  /** One-sided p-value of "the candidate's mean daily return exceeds the baseline's". */
  readonly pValue: number;
  /** d̄, per day. */
  readonly meanDifference: number;
  /** Days compared (both returns defined). */
  readonly days: number;
  readonly method: PairedTestMethod;
  readonly blockLength: number;
  readonly iterations: number;
  readonly seed: number;
}

/** Beyond this the request would hold the thread for minutes. */
const MAX_DRAWS = 1e9;

export function defaultBlockLength(days: number): number {
  return Math.max(1, Math.ceil(Math.cbrt(days)));
}

export function pairedTest(candidate: ArrayLike<number>, baseline: ArrayLike<number>, options: PairedTestOptions): PairedTestResult | { errors: string[] } {
  const method = options.method ?? 'STATIONARY_BOOTSTRAP';
  const { iterations, seed } = options;
  const errors: string[] = [];
  if (candidate.length !== baseline.length) errors.push(`the two return series must cover the same dates: ${candidate.length} against ${baseline.length} days`);
  if (!PAIRED_TEST_METHODS.includes(method)) errors.push(`method must be one of ${PAIRED_TEST_METHODS.join(', ')}, got ${String(method)}`);
  if (!Number.isInteger(iterations) || iterations < 1) errors.push(`iterations must be an integer >= 1, got ${iterations}`);
  if (!Number.isInteger(seed)) errors.push(`seed must be an integer, got ${seed}`);
  if (errors.length > 0) return { errors };
  const differences: number[] = [];
  for (let t = 0; t < candidate.length; t++) {
    const d = candidate[t] - baseline[t];
    if (Number.isNaN(d)) continue;
    if (!Number.isFinite(d)) return { errors: [`day ${t}: a return is not a finite number`] };
    differences.push(d);
  }
  const n = differences.length;
  const blockLength = options.blockLength ?? defaultBlockLength(n);
  if (n < 2) errors.push(`the test needs at least 2 days with both returns, got ${n}`);
  if (!(Number.isInteger(blockLength) && blockLength >= 1)) errors.push(`blockLength must be an integer >= 1, got ${blockLength}`);
  if (iterations * n > MAX_DRAWS) errors.push(`${iterations} iterations over ${n} days is more than ${MAX_DRAWS} draws`);
  if (errors.length > 0) return { errors };

  const d = Float64Array.from(differences);
  let observed = 0;
  for (let t = 0; t < n; t++) observed += d[t];
  observed /= n;
  const exceed = method === 'SIGN_FLIP' ? signFlipExceedances(d, blockLength, iterations, seed) : bootstrapExceedances(d, observed, blockLength, iterations, seed);
  return { pValue: (1 + exceed) / (iterations + 1), meanDifference: observed, days: n, method, blockLength, iterations, seed };
}

/** How many stationary-bootstrap means of the centred differences reach the observed mean. */
function bootstrapExceedances(d: Float64Array, observed: number, blockLength: number, iterations: number, seed: number): number {
  const n = d.length;
  const centred = d.map((x) => x - observed);
  const rng = mulberry32(seed);
  const indices = new Int32Array(n);
  let exceed = 0;
  for (let it = 0; it < iterations; it++) {
    stationaryResample(n, blockLength, rng, indices);
    let total = 0;
    for (let k = 0; k < n; k++) total += centred[indices[k]];
    if (total / n >= observed) exceed++;
  }
  return exceed;
}

/**
 * One stationary-bootstrap resample of n days into `out`: blocks start at a uniform day and continue day by
 * day (wrapping) until a restart, which comes with probability 1/blockLength after each day.
 */
export function stationaryResample(n: number, blockLength: number, rng: Prng, out: Int32Array): void {
  const restart = 1 / blockLength;
  let at = Math.floor(rng.next() * n);
  for (let k = 0; k < n; k++) {
    out[k] = at;
    at = rng.next() < restart ? Math.floor(rng.next() * n) : at + 1 === n ? 0 : at + 1;
  }
}

/** How many block-wise sign flips of the differences reach the observed mean (compared as block-sum totals, so the identity flip ties exactly). */
function signFlipExceedances(d: Float64Array, blockLength: number, iterations: number, seed: number): number {
  const n = d.length;
  const blocks = new Float64Array(Math.ceil(n / blockLength));
  for (let t = 0; t < n; t++) blocks[Math.floor(t / blockLength)] += d[t];
  let observedTotal = 0;
  for (const b of blocks) observedTotal += b;
  const rng = mulberry32(seed);
  let exceed = 0;
  for (let it = 0; it < iterations; it++) {
    let total = 0;
    for (let b = 0; b < blocks.length; b++) total += rng.next() < 0.5 ? -blocks[b] : blocks[b];
    if (total >= observedTotal) exceed++;
  }
  return exceed;
}
