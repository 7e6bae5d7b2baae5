import { mulberry32 } from './prng.ts';

/**
 * Monte Carlo on a run's per-trade returns (% of equity at entry, see trade-returns.ts): how much of its
 * result was the luck of the order (SHUFFLE) or of the draw (BOOTSTRAP) of its trades.
 *
 * One path compounds returns r_1..r_n from equity 1: E_k = E_{k−1} · (1 + r_k / 100), floored at 0 (a
 * return of −100 % or worse ruins the account, which then stays at 0). Per path:
 *   final return     = (E_n − 1) × 100
 *   max drawdown     = max over k of (peak_k − E_k) / peak_k × 100, the peak starting at 1 (as the engine's metric)
 *   longest losing streak = the longest run of consecutive r_k < 0
 * Methods: BOOTSTRAP draws n returns with replacement per path (the trades could have come out otherwise);
 * SHUFFLE permutes them (Fisher–Yates): the final return is then the same on every path (a product does not
 * depend on order), only the path to it, and so its drawdown and streaks, vary.
 * Percentiles interpolate linearly between order statistics (Hyndman–Fan type 7, numpy's default):
 * h = (N − 1)·p, value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). Reproducible from the seed (mulberry32).
 */
export type MonteCarloMethod = 'BOOTSTRAP' | 'SHUFFLE';
export const MONTE_CARLO_METHODS: readonly MonteCarloMethod[] = ['BOOTSTRAP', 'SHUFFLE'];

export interface MonteCarloOptions {
  readonly iterations: number;
  readonly seed: number;
  readonly method: MonteCarloMethod;
  /** probabilityOfDrawdownBeyond counts paths whose max drawdown exceeds this many percent. */
  readonly drawdownLevelPct: number;
}

export interface Percentiles {
  readonly p5: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
}

export interface MonteCarloResult {
  readonly method: MonteCarloMethod;
  readonly iterations: number;
  readonly trades: number;
  readonly seed: number;
  readonly finalReturnPct: Percentiles;
  readonly maxDrawdownPct: Percentiles;
  readonly longestLosingStreak: Percentiles & { readonly max: number };
  /** Share of paths ending below where they started (final return < 0). */
  readonly probabilityOfLoss: number;
  readonly drawdownLevelPct: number;
  /** Share of paths whose max drawdown exceeds drawdownLevelPct. */
  readonly probabilityOfDrawdownBeyond: number;
}

/** Beyond this the request is almost certainly a mistake (and would hold the thread for minutes). */
const MAX_STEPS = 1e9;

export function monteCarlo(tradeReturnsPct: ArrayLike<number>, options: MonteCarloOptions): MonteCarloResult | { errors: string[] } {
  const { iterations, seed, method, drawdownLevelPct } = options;
  const n = tradeReturnsPct.length;
  const errors: string[] = [];
  if (n === 0) errors.push('no trades: Monte Carlo needs at least one trade return');
  for (let k = 0; k < n; k++) {
    if (!Number.isFinite(tradeReturnsPct[k])) {
      errors.push(`trade return #${k} is ${tradeReturnsPct[k]}, not a finite number`);
      break;
    }
  }
  if (!Number.isInteger(iterations) || iterations < 1) errors.push(`iterations must be an integer >= 1, got ${iterations}`);
  else if (iterations * n > MAX_STEPS) errors.push(`${iterations} iterations over ${n} trades is more than ${MAX_STEPS} steps`);
  if (!Number.isInteger(seed)) errors.push(`seed must be an integer, got ${seed}`);
  if (!MONTE_CARLO_METHODS.includes(method)) errors.push(`method must be BOOTSTRAP or SHUFFLE, got ${String(method)}`);
  if (!(drawdownLevelPct > 0 && drawdownLevelPct <= 100)) errors.push(`drawdownLevelPct must be in (0, 100], got ${drawdownLevelPct}`);
  if (errors.length > 0) return { errors };

  const returns = Float64Array.from(tradeReturnsPct);
  const growth = returns.map((r) => Math.max(0, 1 + r / 100));
  const rng = mulberry32(seed);
  const finals = new Float64Array(iterations), drawdowns = new Float64Array(iterations), streaks = new Float64Array(iterations);
  const order = new Int32Array(n);
  let losses = 0, deepDrawdowns = 0;
  for (let it = 0; it < iterations; it++) {
    if (method === 'SHUFFLE') {
      for (let k = 0; k < n; k++) order[k] = k;
      for (let k = n - 1; k > 0; k--) {
        const j = Math.floor(rng.next() * (k + 1));
        const t = order[k];
        order[k] = order[j];
        order[j] = t;
      }
    } else {
      for (let k = 0; k < n; k++) order[k] = Math.floor(rng.next() * n);
    }
    // The drawdown from a peak is deepest at the lowest equity before the next peak, so the division runs
    // once per new peak (and at the end), not once per trade.
    let equity = 1, peak = 1, trough = 1, maxDd = 0, streak = 0, longest = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k];
      equity *= growth[i];
      if (equity > peak) {
        if (trough < peak) {
          const dd = (peak - trough) / peak;
          if (dd > maxDd) maxDd = dd;
        }
        peak = trough = equity;
      } else if (equity < trough) trough = equity;
      if (returns[i] < 0) {
        streak++;
        if (streak > longest) longest = streak;
      } else streak = 0;
    }
    if (trough < peak) {
      const dd = (peak - trough) / peak;
      if (dd > maxDd) maxDd = dd;
    }
    const finalReturn = (equity - 1) * 100;
    finals[it] = finalReturn;
    drawdowns[it] = maxDd * 100;
    streaks[it] = longest;
    if (finalReturn < 0) losses++;
    if (maxDd * 100 > drawdownLevelPct) deepDrawdowns++;
  }
  const streakPercentiles = percentiles(streaks);
  return {
    method,
    iterations,
    trades: n,
    seed,
    finalReturnPct: percentiles(finals),
    maxDrawdownPct: percentiles(drawdowns),
    longestLosingStreak: { ...streakPercentiles, max: streaks[iterations - 1] },
    probabilityOfLoss: losses / iterations,
    drawdownLevelPct,
    probabilityOfDrawdownBeyond: deepDrawdowns / iterations,
  };
}

/** Sorts `values` in place and returns its 5/25/50/75/95th percentiles (type 7). */
export function percentiles(values: Float64Array): Percentiles {
  values.sort();
  return { p5: percentile(values, 0.05), p25: percentile(values, 0.25), p50: percentile(values, 0.5), p75: percentile(values, 0.75), p95: percentile(values, 0.95) };
}

/** Type-7 percentile of ascending `sorted` (p in [0, 1]). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
