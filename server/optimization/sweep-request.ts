import { METRIC_NAMES, type MetricName } from '../engine/index.ts';
import { AppError } from '../graphql/errors.ts';
import { DEFAULT_MIN_TRADES, type ObjectiveName, type ObjectiveSpec, type SearchMethod, type SearchSpec, type ValidationSpec, type WalkForwardMode } from './sweep-spec.ts';

/** Bounds of a sweep request; each refusal names its limit. */
export const SWEEP_LIMITS = {
  maxCombinations: 50_000,
  defaultMaxCombinations: 2_000,
  /** RANDOM and ADAPTIVE sample spaces up to this many combinations (before constraints). */
  maxSearchSpace: 1_000_000,
  /** Values one swept parameter may take (a list, or what min/max/step spans). */
  maxValuesPerParameter: 1_000,
  maxSweptParameters: 12,
  maxMinTrades: 100_000,
  holdoutFraction: { min: 0.05, max: 0.5 },
  walkForwardWindows: { min: 2, max: 20 },
  inSampleFraction: { min: 0.2, max: 0.95 },
  /** Even: CSCV splits the blocks in halves; C(20, 10) = 184,756 splits is as far as it goes. */
  pboBlocks: { min: 4, max: 20, default: 16 },
  significanceLevel: { min: 0.001, max: 0.2, default: 0.05 },
} as const;

/** What the GraphQL inputs give (objective weights as a list). */
export interface SweepOptionsInput {
  readonly objective?: { name: ObjectiveName; weights?: ReadonlyArray<{ metric: MetricName; weight: number }> | null } | null;
  readonly minTrades?: number | null;
  readonly search?: { method: SearchMethod; budget?: number | null; seed?: number | null; learnedStart?: boolean | null } | null;
  readonly validation?: {
    holdoutFraction?: number | null;
    walkForward?: { windows: number; mode?: WalkForwardMode | null; inSampleFraction?: number | null } | null;
  } | null;
  readonly maxCombinations?: number | null;
  readonly pboBlocks?: number | null;
  readonly significanceLevel?: number | null;
}

export interface SweepOptions {
  readonly objective: ObjectiveSpec;
  readonly minTrades: number;
  readonly search: SearchSpec;
  readonly validation: ValidationSpec | null;
  readonly maxCombinations: number;
  readonly pboBlocks: number;
  readonly significanceLevel: number;
}

const bad = (field: string, message: string) => new AppError('BAD_USER_INPUT', message, { field });

/** Checks a sweep's ranking, search and validation options; the grid itself is checked by expandGrid. */
export function sweepOptionsOf(input: SweepOptionsInput): SweepOptions {
  const maxCombinations = input.maxCombinations ?? SWEEP_LIMITS.defaultMaxCombinations;
  if (!Number.isInteger(maxCombinations) || maxCombinations < 1 || maxCombinations > SWEEP_LIMITS.maxCombinations) {
    throw new AppError('LIMIT_EXCEEDED', `maxCombinations must be an integer in [1, ${SWEEP_LIMITS.maxCombinations}], got ${maxCombinations}`, {
      field: 'maxCombinations',
      limit: SWEEP_LIMITS.maxCombinations,
    });
  }
  const objective = objectiveOf(input.objective);
  const minTrades = input.minTrades ?? DEFAULT_MIN_TRADES;
  if (!Number.isInteger(minTrades) || minTrades < 0 || minTrades > SWEEP_LIMITS.maxMinTrades) {
    throw bad('minTrades', `minTrades must be an integer in [0, ${SWEEP_LIMITS.maxMinTrades}], got ${minTrades}`);
  }
  const search = searchOf(input.search, maxCombinations);
  const blocks = SWEEP_LIMITS.pboBlocks;
  const pboBlocks = input.pboBlocks ?? blocks.default;
  if (!Number.isInteger(pboBlocks) || pboBlocks % 2 !== 0 || pboBlocks < blocks.min || pboBlocks > blocks.max) {
    throw bad('pboBlocks', `pboBlocks must be an even integer in [${blocks.min}, ${blocks.max}], got ${pboBlocks}`);
  }
  const level = SWEEP_LIMITS.significanceLevel;
  const significanceLevel = input.significanceLevel ?? level.default;
  if (!Number.isFinite(significanceLevel) || significanceLevel < level.min || significanceLevel > level.max) {
    throw bad('significanceLevel', `significanceLevel must be in [${level.min}, ${level.max}], got ${significanceLevel}`);
  }
  return { objective, minTrades, search, validation: validationOf(input.validation), maxCombinations, pboBlocks, significanceLevel };
}

export function objectiveOf(input: SweepOptionsInput['objective']): ObjectiveSpec {
  if (!input) return { name: 'COMPOSITE' };
  const weights = input.weights ?? [];
  if (input.name !== 'CUSTOM') {
    if (weights.length > 0) throw bad('objective.weights', `weights apply to the CUSTOM objective only, not ${input.name}`);
    return { name: input.name };
  }
  if (weights.length === 0) throw bad('objective.weights', 'the CUSTOM objective needs at least one metric weight');
  const byMetric: Partial<Record<MetricName, number>> = {};
  for (const { metric, weight } of weights) {
    if (!METRIC_NAMES.includes(metric)) throw bad('objective.weights', `unknown metric ${metric}`);
    if (!Number.isFinite(weight) || Math.abs(weight) > 1000) throw bad('objective.weights', `the weight of ${metric} must be a number in [-1000, 1000], got ${weight}`);
    if (metric in byMetric) throw bad('objective.weights', `${metric} is weighted twice`);
    byMetric[metric] = weight;
  }
  if (Object.values(byMetric).every((weight) => weight === 0)) throw bad('objective.weights', 'at least one weight must be non-zero');
  return { name: 'CUSTOM', weights: byMetric };
}

function searchOf(input: SweepOptionsInput['search'], maxCombinations: number): SearchSpec {
  if (!input || input.method === 'GRID') {
    if (input?.budget != null) throw bad('search.budget', 'a GRID search evaluates every combination; budget applies to RANDOM and ADAPTIVE');
    if (input?.learnedStart) throw bad('search.learnedStart', 'a GRID search evaluates every combination; a learned start applies to ADAPTIVE');
    return { method: 'GRID' };
  }
  if (input.method === 'RANDOM' && input.learnedStart) throw bad('search.learnedStart', 'a RANDOM search samples uniformly; a learned start applies to ADAPTIVE');
  const budget = input.budget;
  if (budget == null) throw bad('search.budget', `a ${input.method} search needs a budget (parameter sets to evaluate)`);
  if (!Number.isInteger(budget) || budget < 1 || budget > maxCombinations) {
    throw new AppError('LIMIT_EXCEEDED', `search.budget must be an integer in [1, maxCombinations = ${maxCombinations}], got ${budget}`, { field: 'search.budget', limit: maxCombinations });
  }
  const seed = input.seed ?? 1;
  if (!Number.isInteger(seed)) throw bad('search.seed', `search.seed must be an integer, got ${seed}`);
  return input.method === 'ADAPTIVE' ? { method: input.method, budget, seed, learnedStart: input.learnedStart ?? true } : { method: input.method, budget, seed };
}

/**
 * Validation left out: a hold-out of the last quarter, so a sweep's recommendations can be checked on
 * data they were not derived from. Given with neither field: in-sample only (nothing to recommend from).
 */
export const DEFAULT_HOLDOUT_FRACTION = 0.25;

function validationOf(input: SweepOptionsInput['validation']): ValidationSpec | null {
  if (input === null || input === undefined) return { holdoutFraction: DEFAULT_HOLDOUT_FRACTION };
  if (input.holdoutFraction == null && input.walkForward == null) return null;
  if (input.holdoutFraction != null && input.walkForward != null) {
    throw bad('validation', 'choose a hold-out or walk-forward windows, not both');
  }
  if (input.holdoutFraction != null) {
    const { min, max } = SWEEP_LIMITS.holdoutFraction;
    const h = input.holdoutFraction;
    if (!Number.isFinite(h) || h < min || h > max) throw bad('validation.holdoutFraction', `holdoutFraction must be in [${min}, ${max}], got ${h}`);
    return { holdoutFraction: h };
  }
  const wf = input.walkForward!;
  const { min, max } = SWEEP_LIMITS.walkForwardWindows;
  if (!Number.isInteger(wf.windows) || wf.windows < min || wf.windows > max) {
    throw new AppError('LIMIT_EXCEEDED', `walkForward.windows must be an integer in [${min}, ${max}], got ${wf.windows}`, { field: 'validation.walkForward.windows', limit: max });
  }
  const fraction = wf.inSampleFraction ?? 0.7;
  const bounds = SWEEP_LIMITS.inSampleFraction;
  if (!Number.isFinite(fraction) || fraction < bounds.min || fraction > bounds.max) {
    throw bad('validation.walkForward.inSampleFraction', `inSampleFraction must be in [${bounds.min}, ${bounds.max}], got ${fraction}`);
  }
  return { walkForward: { windows: wf.windows, mode: wf.mode ?? 'ROLLING', inSampleFraction: fraction } };
}

/** Refuses oversized ranges before anything expands them: a list of 10⁶ values is a mistake, not a sweep. */
export function checkRangeSizes(ranges: Readonly<Record<string, unknown>>): void {
  const names = Object.keys(ranges);
  if (names.length > SWEEP_LIMITS.maxSweptParameters) {
    throw new AppError('LIMIT_EXCEEDED', `A sweep varies at most ${SWEEP_LIMITS.maxSweptParameters} parameters; got ${names.length}`, { field: 'parameterRanges', limit: SWEEP_LIMITS.maxSweptParameters });
  }
  for (const name of names) {
    const range = ranges[name] as { min?: unknown; max?: unknown; step?: unknown } | unknown[];
    const count = Array.isArray(range)
      ? range.length
      : range && typeof range === 'object' && typeof range.min === 'number' && typeof range.max === 'number' && typeof range.step === 'number' && range.step > 0
        ? Math.floor((range.max - range.min) / range.step) + 1
        : 0;
    if (count > SWEEP_LIMITS.maxValuesPerParameter) {
      throw new AppError('LIMIT_EXCEEDED', `parameterRanges.${name} has ${count} values; at most ${SWEEP_LIMITS.maxValuesPerParameter} per parameter`, {
        field: `parameterRanges.${name}`,
        limit: SWEEP_LIMITS.maxValuesPerParameter,
      });
    }
  }
}
