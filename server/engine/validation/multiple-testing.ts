/**
 * Adjusted p-values for k hypotheses tested together (e.g. k candidate recommendations, each with its
 * paired-test p-value): reject hypothesis i at level α when adjusted[i] < α. Returned in the input order.
 *   Bonferroni          min(1, k · p_i)
 *   Šidák               1 − (1 − p_i)^k                      (exact for independent tests)
 *   Holm (step-down)    with p_(1) ≤ … ≤ p_(k): adj_(i) = max over j ≤ i of min(1, (k − j + 1) · p_(j))
 *                       (controls the family-wise error rate like Bonferroni, never rejects less)
 *   Benjamini–Hochberg  adj_(i) = min over j ≥ i of min(1, k · p_(j) / j) (controls the false-discovery rate)
 * Holm–Bonferroni is the default for "emit at most a few of k candidates": it holds the chance of emitting
 * any false recommendation at α whatever the dependence between the candidates.
 */

export const MULTIPLE_TESTING_METHODS = ['HOLM', 'BONFERRONI', 'SIDAK', 'BENJAMINI_HOCHBERG'] as const;
export type MultipleTestingMethod = (typeof MULTIPLE_TESTING_METHODS)[number];

export function adjustPValues(pValues: readonly number[], method: MultipleTestingMethod = 'HOLM'): number[] {
  for (const p of pValues) if (!(p >= 0 && p <= 1)) throw new RangeError(`a p-value must be in [0, 1], got ${p}`);
  const k = pValues.length;
  switch (method) {
    case 'BONFERRONI':
      return pValues.map((p) => Math.min(1, k * p));
    case 'SIDAK':
      // 1 − (1 − p)^k through log1p/expm1, so a tiny p does not round to 1 − 1.
      return pValues.map((p) => (p === 1 ? 1 : -Math.expm1(k * Math.log1p(-p))));
    case 'HOLM':
      return stepwise(pValues, 'down', (p, rank) => (k - rank + 1) * p);
    case 'BENJAMINI_HOCHBERG':
      return stepwise(pValues, 'up', (p, rank) => (k * p) / rank);
    default:
      throw new RangeError(`method must be one of ${MULTIPLE_TESTING_METHODS.join(', ')}, got ${String(method)}`);
  }
}

/**
 * Ranks the p-values (1 = smallest; ties by input order), scales each by its rank, caps at 1, and makes the
 * result monotone in rank: a running maximum from the smallest p (step-down) or a running minimum from the
 * largest (step-up).
 */
function stepwise(pValues: readonly number[], direction: 'down' | 'up', scale: (p: number, rank: number) => number): number[] {
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b] || a - b);
  const adjusted = new Array<number>(pValues.length);
  const k = order.length;
  let running = direction === 'down' ? 0 : 1;
  for (let step = 0; step < k; step++) {
    const rank = direction === 'down' ? step + 1 : k - step;
    const i = order[rank - 1];
    const value = Math.min(1, scale(pValues[i], rank));
    running = direction === 'down' ? Math.max(running, value) : Math.min(running, value);
    adjusted[i] = running;
  }
  return adjusted;
}
