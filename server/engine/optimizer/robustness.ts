import type { StrategyParams } from '../contract.ts';
import type { ParameterAxis } from './grid.ts';
import { neighbourSupport, type ScoredParams } from './neighbours.ts';

export interface EdgeFlag {
  readonly name: string;
  /** The best row uses the smallest swept value. */
  readonly atMin: boolean;
  /** The best row uses the largest swept value. */
  readonly atMax: boolean;
}

export interface Robustness {
  /** Scores of the one-step grid neighbours (neighbours.ts): how the ground around the best row holds up. */
  readonly neighbours: number;
  readonly neighbourMean: number | null;
  readonly neighbourMin: number | null;
  readonly neighbourMax: number | null;
  /** Sample standard deviation of the neighbour scores (null under 2). */
  readonly neighbourStd: number | null;
  /** neighbourMean / best score: near 1 on a plateau, low on a spike (null when the best score is not positive). */
  readonly plateauRatio: number | null;
  /** Neighbours scoring above the baseline, and neighbourSupport's Laplace confidence. */
  readonly supporting: number;
  readonly confidence: number;
  /** Per swept parameter with more than one value: whether the best row sits on an end of its range. */
  readonly edges: readonly EdgeFlag[];
  /** Some parameter is at an end of its range: the optimum may lie outside the grid, widen it. */
  readonly onEdge: boolean;
}

/**
 * Robustness of a chosen (best) row: score statistics of its grid neighbours and an edge-of-range flag per
 * swept parameter. `results` are every scored row of the sweep (null scores left out of the statistics).
 */
export function robustness(
  best: ScoredParams,
  results: readonly { readonly params: StrategyParams; readonly score: number | null }[],
  axes: readonly ParameterAxis[],
  baselineScore: number,
): Robustness {
  const scored = results.filter((r): r is ScoredParams => r.score !== null && Number.isFinite(r.score));
  const axisValues = Object.fromEntries(axes.map((a) => [a.name, a.values]));
  const { neighbours, supporting, confidence } = neighbourSupport(best.params, scored, axisValues, baselineScore);
  const scores = neighbours.map((n) => n.score);
  const n = scores.length;
  const mean = n > 0 ? scores.reduce((a, b) => a + b, 0) / n : null;
  const std = n > 1 && mean !== null ? Math.sqrt(scores.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : null;
  const edges = axes
    .filter((axis) => axis.values.length > 1)
    .map((axis) => ({ name: axis.name, atMin: best.params[axis.name] === axis.values[0], atMax: best.params[axis.name] === axis.values[axis.values.length - 1] }));
  return {
    neighbours: n,
    neighbourMean: mean,
    neighbourMin: n > 0 ? Math.min(...scores) : null,
    neighbourMax: n > 0 ? Math.max(...scores) : null,
    neighbourStd: std,
    plateauRatio: mean !== null && best.score > 0 ? mean / best.score : null,
    supporting,
    confidence,
    edges,
    onEdge: edges.some((e) => e.atMin || e.atMax),
  };
}
