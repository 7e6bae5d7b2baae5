import { DAYS_PER_YEAR } from '../metrics.ts';
import { pairedMoments } from '../validation/moments.ts';

/**
 * The run against buying every symbol of its universe with an equal share of the capital and holding
 * (engine/buy-and-hold.ts gives that account's equity at the run's times). Both are read at the same
 * times (the last stored point of each UTC day); r_t = E_t / E_{t−1} − 1 from the initial capital.
 *
 * - excessReturnPct = ROI − benchmark return, in percentage points;
 * - beta = cov(r_run, r_bench) / var(r_bench) (sample moments, n − 1);
 * - alphaPct = (mean(r_run) − beta × mean(r_bench)) × 365 × 100: Jensen's alpha with a zero risk-free
 *   rate, per day annualised by simple scaling, in percent a year;
 * - correlation = Pearson's r of the two return series.
 * Beta, alpha and correlation need at least 2 returns and a benchmark that moves (null otherwise, with the reason).
 */
export interface BenchmarkComparison {
  readonly runReturnPct: number;
  readonly benchmarkReturnPct: number;
  readonly excessReturnPct: number;
  readonly alphaPct: number | null;
  readonly beta: number | null;
  readonly correlation: number | null;
  /** Daily returns the statistics were computed from. */
  readonly observations: number;
  readonly nullReason: string | null;
}

export function periodReturns(equity: ArrayLike<number>, initial: number): Float64Array {
  const out = new Float64Array(equity.length);
  let before = initial;
  for (let i = 0; i < equity.length; i++) {
    out[i] = before !== 0 ? equity[i] / before - 1 : 0;
    before = equity[i];
  }
  return out;
}

export function compareWithBenchmark(runEquity: ArrayLike<number>, benchmarkEquity: ArrayLike<number>, initialCapital: number): BenchmarkComparison {
  if (runEquity.length !== benchmarkEquity.length) throw new Error(`run has ${runEquity.length} points, benchmark ${benchmarkEquity.length}`);
  const n = runEquity.length;
  const last = (e: ArrayLike<number>) => (n > 0 ? e[n - 1] : initialCapital);
  const runReturnPct = (last(runEquity) / initialCapital - 1) * 100;
  const benchmarkReturnPct = (last(benchmarkEquity) / initialCapital - 1) * 100;
  const base = { runReturnPct, benchmarkReturnPct, excessReturnPct: runReturnPct - benchmarkReturnPct, observations: n };
  const undefinedStats = (nullReason: string) => ({ ...base, alphaPct: null, beta: null, correlation: null, nullReason });
  if (n < 2) return undefinedStats('fewer than 2 daily returns');
  if (!(benchmarkReturnPct === benchmarkReturnPct)) return undefinedStats('the benchmark has no prices');
  const r = periodReturns(runEquity, initialCapital), b = periodReturns(benchmarkEquity, initialCapital);
  const { meanX: meanR, meanY: meanB, sxx, syy, sxy } = pairedMoments(r, b);
  if (syy === 0) return undefinedStats('the benchmark does not move');
  const covariance = sxy / (n - 1), varianceR = sxx / (n - 1), varianceB = syy / (n - 1);
  const beta = covariance / varianceB;
  return {
    ...base,
    beta,
    alphaPct: (meanR - beta * meanB) * DAYS_PER_YEAR * 100,
    correlation: varianceR > 0 ? covariance / Math.sqrt(varianceR * varianceB) : null,
    nullReason: varianceR > 0 ? null : 'the run’s equity does not move: no correlation',
  };
}
