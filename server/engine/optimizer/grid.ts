import type { Metrics, StrategyParams, StrategySpec } from '../contract.ts';
import { checkParamValue, resolveStrategyParams } from '../strategies/params.ts';

/** A swept parameter: explicit values, or an inclusive arithmetic range. */
export type ParamRange = readonly (number | boolean)[] | { readonly min: number; readonly max: number; readonly step: number };

export interface ExpandedGrid {
  /** Every valid combination, fully resolved (defaults and fixed values filled in), in a stable order. */
  readonly combinations: StrategyParams[];
  /** Combinations dropped because they break a cross-parameter constraint (e.g. fast ≥ slow). */
  readonly skippedByConstraint: number;
}

/** Ranges wider than this many values per parameter are refused: it is almost always a unit mistake. */
const MAX_VALUES_PER_PARAM = 10_000;

/**
 * The Cartesian product of the swept values over `base` (fixed values for the rest), in the order the
 * ranges are given, last parameter fastest. Returns one message per problem instead when a range is
 * malformed, names an unknown parameter, or the product exceeds `maxCombinations`.
 */
export function expandGrid(
  spec: StrategySpec,
  ranges: Readonly<Record<string, unknown>>,
  base: StrategyParams,
  maxCombinations: number,
): ExpandedGrid | { errors: string[] } {
  const errors: string[] = [];
  const axes: Array<{ name: string; values: (number | boolean)[] }> = [];
  const known = new Map(spec.params.map((p) => [p.name, p]));
  for (const [name, range] of Object.entries(ranges)) {
    const param = known.get(name);
    if (!param) {
      errors.push(`parameterRanges: unknown parameter "${name}" for ${spec.name}; known: ${[...known.keys()].join(', ')}`);
      continue;
    }
    const values = rangeValues(range);
    if (typeof values === 'string') errors.push(`parameterRanges.${name}: ${values}`);
    else if (values.length === 0) errors.push(`parameterRanges.${name}: no values`);
    else {
      const problems = [...new Set(values.map((value) => checkParamValue(param, value)).filter((p): p is string => p !== null))];
      if (problems.length > 0) errors.push(...problems.map((problem) => `parameterRanges: ${problem}`));
      else axes.push({ name, values: [...new Set(values)] });
    }
  }
  if (axes.length === 0 && errors.length === 0) errors.push('parameterRanges must sweep at least one parameter');
  if (errors.length > 0) return { errors };
  const total = axes.reduce((product, axis) => product * axis.values.length, 1);
  if (total > maxCombinations) return { errors: [`the grid has ${total} combinations, more than maxCombinations (${maxCombinations}); narrow the ranges or raise the limit`] };

  const combinations: StrategyParams[] = [];
  let skippedByConstraint = 0;
  const index = new Array<number>(axes.length).fill(0);
  for (let n = 0; n < total; n++) {
    const candidate: Record<string, unknown> = { ...base };
    axes.forEach((axis, a) => (candidate[axis.name] = axis.values[index[a]]));
    // Every value was checked above, so what fails now is a cross-parameter constraint.
    const resolved = resolveStrategyParams(spec.name, candidate);
    if ('params' in resolved) combinations.push(resolved.params);
    else skippedByConstraint++;
    for (let a = axes.length - 1; a >= 0; a--) {
      if (++index[a] < axes[a].values.length) break;
      index[a] = 0;
    }
  }
  return { combinations, skippedByConstraint };
}

function rangeValues(range: unknown): (number | boolean)[] | string {
  if (Array.isArray(range)) {
    return range.every((v) => typeof v === 'number' || typeof v === 'boolean') ? (range as (number | boolean)[]) : 'a list must hold numbers or booleans';
  }
  if (range && typeof range === 'object') {
    const { min, max, step } = range as Record<string, unknown>;
    if (typeof min !== 'number' || typeof max !== 'number' || typeof step !== 'number') return 'a range needs numeric min, max and step';
    if (!(step > 0)) return 'step must be > 0';
    if (max < min) return 'max must be >= min';
    const count = Math.floor((max - min) / step + 1e-9) + 1;
    if (count > MAX_VALUES_PER_PARAM) return `${count} values is more than ${MAX_VALUES_PER_PARAM}`;
    // Computed from the index, not by repeated addition, so 0.1 steps do not drift.
    return Array.from({ length: count }, (_, i) => Number((min + i * step).toPrecision(12)));
  }
  return 'give a list of values or { min, max, step }';
}

/** Canonical JSON of a parameter set (sorted keys), so equal sets compare and store as equal. */
export function paramsKey(params: StrategyParams): string {
  return JSON.stringify(Object.fromEntries(Object.keys(params).sort().map((key) => [key, params[key]])));
}

/**
 * The original notes' composite ranking score:
 *   win rate × 0.4 + ROI × 0.3 + Sharpe × 0.2 + profit factor × 0.1
 * with win rate and ROI in percent; a metric that is null (no trades, no losses…) counts as 0.
 */
export function compositeScore(metrics: Pick<Metrics, 'winRate' | 'roi' | 'sharpeRatio' | 'profitFactor'>): number {
  return (metrics.winRate ?? 0) * 0.4 + metrics.roi * 0.3 + (metrics.sharpeRatio ?? 0) * 0.2 + (metrics.profitFactor ?? 0) * 0.1;
}

/** The values each swept parameter takes (as expandGrid reads the ranges), for neighbourhood analysis. */
export function sweptAxes(ranges: Readonly<Record<string, unknown>>): Record<string, (number | boolean)[]> {
  const axes: Record<string, (number | boolean)[]> = {};
  for (const [name, range] of Object.entries(ranges)) {
    const values = rangeValues(range);
    if (typeof values !== 'string') axes[name] = [...new Set(values)];
  }
  return axes;
}
