import type { StrategyParams } from '../contract.ts';

export interface ScoredParams {
  readonly params: StrategyParams;
  readonly score: number;
}

/**
 * How well a chosen combination's grid neighbours hold up: the neighbours are the results that differ
 * from it in exactly one swept parameter, moved one step along that parameter's sorted values. A best
 * result surrounded by others that also beat the baseline sits on a plateau; one whose neighbours do
 * not is a spike that is likely overfit.
 *
 * confidence = (neighbours beating the baseline + 1) / (neighbours + 2) — Laplace's rule of succession,
 * with the chosen point itself as one success: 1/2 with no neighbour, 5/6 when four of four agree.
 */
export function neighbourSupport(
  chosen: StrategyParams,
  results: readonly ScoredParams[],
  axes: Readonly<Record<string, readonly (number | boolean)[]>>,
  baselineScore: number,
): { neighbours: ScoredParams[]; supporting: number; confidence: number } {
  const neighbours = results.filter((candidate) => isNeighbour(chosen, candidate.params, axes));
  const supporting = neighbours.filter((n) => n.score > baselineScore).length;
  return { neighbours, supporting, confidence: (supporting + 1) / (neighbours.length + 2) };
}

function isNeighbour(a: StrategyParams, b: StrategyParams, axes: Readonly<Record<string, readonly (number | boolean)[]>>): boolean {
  let moved = 0;
  for (const key of Object.keys(a)) {
    if (a[key] === b[key]) continue;
    const axis = axes[key];
    if (!axis) return false;
    const sorted = [...axis].sort((x, y) => Number(x) - Number(y));
    if (Math.abs(sorted.indexOf(a[key]) - sorted.indexOf(b[key])) !== 1 || sorted.indexOf(b[key]) < 0) return false;
    moved++;
  }
  return moved === 1;
}
