import type { StrategyParams, StrategySpec } from '../contract.ts';
import { mulberry32, type Prng } from '../prng.ts';
import { adaptiveGeneration } from './adaptive.ts';
import { checkSize, parameterSpace, paramsKey, type ParameterSpace } from './grid.ts';
import { compareResults, type IndexedResult, type SearchResult } from './search-result.ts';

export type { SearchResult } from './search-result.ts';

export const SEARCH_METHODS = ['GRID', 'RANDOM', 'ADAPTIVE'] as const;
export type SearchMethod = (typeof SEARCH_METHODS)[number];

export interface SearchOptions {
  readonly method: SearchMethod;
  /** Evaluations at most (RANDOM and ADAPTIVE; GRID evaluates every valid combination). */
  readonly budget?: number;
  /** Same seed, same rows (RANDOM and ADAPTIVE). */
  readonly seed?: number;
  /** Refuse spaces with more combinations than this (before constraints). Default 1,000,000. */
  readonly maxCombinations?: number;
  /** ADAPTIVE: sets to evaluate first, e.g. where a model of other markets predicts the best (snapped to the grid). */
  readonly start?: readonly StrategyParams[];
}

/**
 * An ask/tell search over a strategy's parameter space, so evaluations can run anywhere (chunk jobs on
 * several workers): ask(n) hands out parameter sets, tell(results) brings their scores back, until done.
 *   GRID      every valid combination, in index order;
 *   RANDOM    `budget` distinct valid combinations in a seeded random order (a lazily drawn permutation of
 *             the space, constraint-breaking ones skipped): sampling without replacement;
 *   ADAPTIVE  a seeded evolutionary search in generations (adaptive.ts): a space-filling first generation,
 *             then children of the best rows so far, mutated by grid steps that shrink generation by
 *             generation, plus a share of random picks; spends `budget` evaluations near good regions.
 * Determinism: what is asked depends only on the seed and, for ADAPTIVE, on the results of earlier
 * generations (not on their arrival order). Resuming after a crash: create the same search, ask, tell at
 * once the results already stored for asked sets, evaluate only the rest, and repeat; the same sets come out.
 */
export interface ParameterSearch {
  readonly method: SearchMethod;
  readonly space: ParameterSpace;
  /** How many evaluations the search asks for at most. */
  readonly plannedEvaluations: number;
  /** Up to n parameter sets never asked before; fewer or none while a generation waits for results, none when done. */
  ask(n: number): StrategyParams[];
  /** Scores for asked sets (in any order, in any batches); a set not asked, or told twice, is an error. */
  tell(results: readonly SearchResult[]): void;
  /** Every planned set has been asked and told. */
  readonly done: boolean;
  /** Sets asked and not yet told. */
  readonly pending: number;
  /** The best result told so far in rankRows' order (eligible, score, key), or null. */
  best(): SearchResult | null;
}

const DEFAULT_MAX_COMBINATIONS = 1_000_000;

export function createSearch(
  spec: StrategySpec,
  ranges: Readonly<Record<string, unknown>>,
  base: StrategyParams,
  options: SearchOptions,
): ParameterSearch | { errors: string[] } {
  const errors: string[] = [];
  if (!SEARCH_METHODS.includes(options.method)) errors.push(`method must be one of ${SEARCH_METHODS.join(', ')}, got ${String(options.method)}`);
  if (options.method === 'RANDOM' || options.method === 'ADAPTIVE') {
    if (!Number.isInteger(options.budget) || options.budget! < 1) errors.push(`budget must be an integer >= 1 for ${options.method}, got ${options.budget}`);
    if (!Number.isInteger(options.seed)) errors.push(`seed must be an integer for ${options.method}, got ${options.seed}`);
  }
  const space = parameterSpace(spec, ranges, base);
  if ('errors' in space) errors.push(...space.errors);
  if (errors.length > 0 || 'errors' in space) return { errors };
  const tooBig = checkSize(space, options.maxCombinations ?? DEFAULT_MAX_COMBINATIONS);
  if (tooBig !== null) return { errors: [tooBig] };
  return new Search(space, options);
}

/** Proposes the indices to ask next; [] means "wait for results" unless exhausted() says it is over. */
interface Proposer {
  next(n: number): number[];
  exhausted(): boolean;
}

class Search implements ParameterSearch {
  readonly method: SearchMethod;
  readonly plannedEvaluations: number;
  private readonly asked = new Map<string, number>();
  private readonly told = new Map<number, IndexedResult>();
  private readonly proposer: Proposer;
  private bestResult: IndexedResult | null = null;

  constructor(
    readonly space: ParameterSpace,
    options: SearchOptions,
  ) {
    this.method = options.method;
    const valid = countValid(space);
    if (options.method === 'GRID') {
      this.plannedEvaluations = valid;
      this.proposer = gridProposer(space);
    } else if (options.method === 'RANDOM') {
      this.plannedEvaluations = Math.min(options.budget!, valid);
      this.proposer = randomProposer(space, mulberry32(options.seed!), this.plannedEvaluations);
    } else {
      this.plannedEvaluations = Math.min(options.budget!, valid);
      // Start sets off the grid are dropped (a learned start is snapped to the grid before it comes here).
      const start = (options.start ?? [])
        .map((params) => space.axes.map((axis) => axis.values.indexOf(params[axis.name])))
        .filter((coordinates) => coordinates.every((c) => c >= 0))
        .map((coordinates) => space.indexOf(coordinates));
      this.proposer = generationsProposer(space, options.seed!, this.plannedEvaluations, this.told, () => this.asked.size, start);
    }
  }

  get pending(): number {
    return this.asked.size - this.told.size;
  }

  get done(): boolean {
    return this.pending === 0 && (this.asked.size >= this.plannedEvaluations || this.proposer.exhausted());
  }

  ask(n: number): StrategyParams[] {
    const room = Math.min(Math.max(0, Math.floor(n)), this.plannedEvaluations - this.asked.size);
    if (room <= 0) return [];
    const out: StrategyParams[] = [];
    for (const index of this.proposer.next(room)) {
      const params = this.space.at(index)!;
      this.asked.set(sweptKey(this.space, params), index);
      out.push(params);
    }
    return out;
  }

  tell(results: readonly SearchResult[]): void {
    for (const r of results) {
      const key = sweptKey(this.space, r.params);
      const index = this.asked.get(key);
      if (index === undefined) throw new Error(`tell: ${key} was never asked`);
      if (this.told.has(index)) throw new Error(`tell: ${key} was already told`);
      const indexed: IndexedResult = { ...r, eligible: r.eligible ?? true, index, key: paramsKey(r.params) };
      this.told.set(index, indexed);
      if (this.bestResult === null || compareResults(indexed, this.bestResult) < 0) this.bestResult = indexed;
    }
  }

  best(): SearchResult | null {
    return this.bestResult;
  }
}

/** The swept values of a parameter set, as a key (the base values are the same for every set of a space). */
function sweptKey(space: ParameterSpace, params: StrategyParams): string {
  return JSON.stringify(space.axes.map((axis) => params[axis.name]));
}

function countValid(space: ParameterSpace): number {
  let valid = 0;
  for (let index = 0; index < space.size; index++) if (space.at(index) !== null) valid++;
  return valid;
}

function gridProposer(space: ParameterSpace): Proposer {
  let cursor = 0;
  return {
    next(n) {
      const out: number[] = [];
      for (; cursor < space.size && out.length < n; cursor++) if (space.at(cursor) !== null) out.push(cursor);
      return out;
    },
    exhausted: () => cursor >= space.size,
  };
}

/**
 * A seeded random permutation of [0, size), drawn lazily (Fisher–Yates with the swaps kept in a map), so a
 * huge space is never materialised; constraint-breaking indices are skipped.
 */
function randomProposer(space: ParameterSpace, rng: Prng, planned: number): Proposer {
  const swapped = new Map<number, number>();
  let drawn = 0, given = 0;
  const valueAt = (i: number): number => swapped.get(i) ?? i;
  return {
    next(n) {
      const out: number[] = [];
      while (out.length < n && given < planned && drawn < space.size) {
        const j = drawn + Math.floor(rng.next() * (space.size - drawn));
        const pick = valueAt(j);
        swapped.set(j, valueAt(drawn));
        drawn++;
        if (space.at(pick) !== null) {
          out.push(pick);
          given++;
        }
      }
      return out;
    },
    exhausted: () => given >= planned || drawn >= space.size,
  };
}

/** ADAPTIVE: one generation at a time, the next computed once every set of the current one has been told. */
function generationsProposer(space: ParameterSpace, seed: number, planned: number, told: ReadonlyMap<number, IndexedResult>, askedCount: () => number, start: readonly number[]): Proposer {
  let generation = -1;
  let queue: number[] = [];
  const proposed = new Set<number>();
  let exhausted = false;
  return {
    next(n) {
      if (queue.length === 0 && !exhausted && askedCount() === told.size) {
        generation++;
        queue = adaptiveGeneration(space, { seed, generation, remaining: planned - askedCount(), planned, told, proposed, start });
        if (queue.length === 0) exhausted = true;
        for (const index of queue) proposed.add(index);
      }
      return queue.splice(0, n);
    },
    exhausted: () => exhausted,
  };
}
