import type { StrategyParams, StrategySpec } from '../contract.ts';
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

export interface ParameterAxis {
  readonly name: string;
  /** Distinct values in ascending order (false before true). */
  readonly values: readonly (number | boolean)[];
}

/**
 * The Cartesian product of swept values over fixed base values, addressed by index without being
 * materialised: index = Σ coordinate[a] × (product of the later axes' lengths), last axis fastest.
 * Searches (search.ts) and neighbourhood analysis walk it by coordinates.
 */
export interface ParameterSpace {
  readonly strategy: string;
  readonly axes: readonly ParameterAxis[];
  readonly base: StrategyParams;
  /** Number of combinations before constraints. */
  readonly size: number;
  /** The resolved combination at `index`, or null when it breaks a cross-parameter constraint. */
  at(index: number): StrategyParams | null;
  coordinatesOf(index: number): number[];
  indexOf(coordinates: readonly number[]): number;
}

/**
 * Validates the ranges against the strategy's parameters and returns the space they span, or one message
 * per problem (malformed range, unknown parameter, invalid value, nothing swept).
 */
export function parameterSpace(spec: StrategySpec, ranges: Readonly<Record<string, unknown>>, base: StrategyParams): ParameterSpace | { errors: string[] } {
  const errors: string[] = [];
  const axes: ParameterAxis[] = [];
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
      else axes.push({ name, values: [...new Set(values)].sort((a, b) => Number(a) - Number(b)) });
    }
  }
  if (axes.length === 0 && errors.length === 0) errors.push('parameterRanges must sweep at least one parameter');
  if (errors.length > 0) return { errors };
  const lengths = axes.map((axis) => axis.values.length);
  const size = lengths.reduce((product, n) => product * n, 1);
  const coordinatesOf = (index: number): number[] => {
    const out = new Array<number>(axes.length);
    for (let a = axes.length - 1; a >= 0; a--) {
      out[a] = index % lengths[a];
      index = Math.floor(index / lengths[a]);
    }
    return out;
  };
  return {
    strategy: spec.name,
    axes,
    base,
    size,
    at(index) {
      const coordinates = coordinatesOf(index);
      const candidate: Record<string, unknown> = { ...base };
      axes.forEach((axis, a) => (candidate[axis.name] = axis.values[coordinates[a]]));
      // Every value was checked above, so what fails now is a cross-parameter constraint.
      const resolved = resolveStrategyParams(spec.name, candidate);
      return 'params' in resolved ? resolved.params : null;
    },
    coordinatesOf,
    indexOf(coordinates) {
      let index = 0;
      for (let a = 0; a < axes.length; a++) index = index * lengths[a] + coordinates[a];
      return index;
    },
  };
}

/**
 * Every valid combination of the space, in index order (last parameter fastest, values ascending). Returns
 * one message per problem instead when a range is malformed, names an unknown parameter, or the product
 * exceeds `maxCombinations`.
 */
export function expandGrid(
  spec: StrategySpec,
  ranges: Readonly<Record<string, unknown>>,
  base: StrategyParams,
  maxCombinations: number,
): ExpandedGrid | { errors: string[] } {
  const space = parameterSpace(spec, ranges, base);
  if ('errors' in space) return space;
  const tooBig = checkSize(space, maxCombinations);
  if (tooBig !== null) return { errors: [tooBig] };
  const combinations: StrategyParams[] = [];
  let skippedByConstraint = 0;
  for (let index = 0; index < space.size; index++) {
    const params = space.at(index);
    if (params !== null) combinations.push(params);
    else skippedByConstraint++;
  }
  return { combinations, skippedByConstraint };
}

/** The refusal for a space larger than maxCombinations, or null. */
export function checkSize(space: ParameterSpace, maxCombinations: number): string | null {
  return space.size > maxCombinations
    ? `the grid has ${space.size} combinations, more than maxCombinations (${maxCombinations}); narrow the ranges or raise the limit`
    : null;
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

/** The values each swept parameter takes (as expandGrid reads the ranges), for neighbourhood analysis. */
export function sweptAxes(ranges: Readonly<Record<string, unknown>>): Record<string, (number | boolean)[]> {
  const axes: Record<string, (number | boolean)[]> = {};
  for (const [name, range] of Object.entries(ranges)) {
    const values = rangeValues(range);
    if (typeof values !== 'string') axes[name] = [...new Set(values)];
  }
  return axes;
}
