import { adjustPValues, pairedSharpeTest, pairedTest } from '../engine/index.ts';

/**
 * The significance test every recommendation passes before it is emitted: the recommended against the
 * current settings over the same validation dates, on daily returns (engine/validation). PARAMETERS, SYMBOL
 * and TIMEFRAME compare mean daily returns; RISK compares Sharpe ratios, so that scaling a strategy down
 * is not an improvement. One-sided, stationary bootstrap; when several candidates of one question were
 * tested, their p-values are corrected together (Holm), and a recommendation is emitted only when its
 * corrected p is below the sweep's α.
 */
export const TEST_ITERATIONS = 4_000;

export type TestStatistic = 'MEAN_DAILY_RETURN' | 'SHARPE_RATIO';

export interface SignificanceTest {
  readonly statistic: TestStatistic;
  /** One-sided p of "the recommended settings do better", and after the multiple-testing correction. */
  readonly pValue: number;
  readonly adjustedPValue: number;
  readonly alpha: number;
  /** Candidates of the same question tested on these dates (the correction's k). */
  readonly candidatesTested: number;
  readonly correction: 'HOLM';
  /** Per day: the mean daily return difference, or the difference of daily Sharpe ratios. */
  readonly difference: number;
  readonly days: number;
  readonly blockLength: number;
  readonly iterations: number;
  readonly seed: number;
}

/** One candidate's test before correction (adjustedPValue = pValue, k = 1). */
export function pairedSignificance(statistic: TestStatistic, candidate: ArrayLike<number>, current: ArrayLike<number>, alpha: number, seed: number): SignificanceTest | { errors: string[] } {
  const options = { iterations: TEST_ITERATIONS, seed };
  if (statistic === 'SHARPE_RATIO') {
    const r = pairedSharpeTest(candidate, current, options);
    if ('errors' in r) return r;
    return { statistic, pValue: r.pValue, adjustedPValue: r.pValue, alpha, candidatesTested: 1, correction: 'HOLM', difference: r.sharpeDifference, days: r.days, blockLength: r.blockLength, iterations: r.iterations, seed };
  }
  const r = pairedTest(candidate, current, options);
  if ('errors' in r) return r;
  return { statistic, pValue: r.pValue, adjustedPValue: r.pValue, alpha, candidatesTested: 1, correction: 'HOLM', difference: r.meanDifference, days: r.days, blockLength: r.blockLength, iterations: r.iterations, seed };
}

/** The candidates' tests corrected together (Holm over their p-values); the order is kept. */
export function corrected<T extends SignificanceTest | null>(tests: readonly T[]): T[] {
  const present = tests.filter((t): t is NonNullable<T> => t !== null);
  const adjusted = adjustPValues(present.map((t) => t.pValue), 'HOLM');
  let k = 0;
  return tests.map((t) => (t === null ? t : ({ ...t, adjustedPValue: adjusted[k++], candidatesTested: present.length } as T)));
}

export const passes = (test: SignificanceTest | null): boolean => test !== null && test.adjustedPValue < test.alpha;

export function describeTest(test: SignificanceTest): string {
  const what = test.statistic === 'SHARPE_RATIO' ? 'Sharpe ratio' : 'mean daily return';
  const k = test.candidatesTested > 1 ? `, ${test.adjustedPValue.toFixed(3)} after Holm's correction for ${test.candidatesTested} candidates` : '';
  return `a paired bootstrap of the ${test.days} daily returns gives p = ${test.pValue.toFixed(3)} for a better ${what}${k} (α ${test.alpha})`;
}

/** A seed from the question: the same sweep and candidate always give the same bootstrap. */
export function seedOf(...parts: string[]): number {
  let h = 2166136261;
  for (const ch of parts.join('|')) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}
