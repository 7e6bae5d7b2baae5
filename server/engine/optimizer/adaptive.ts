import { mulberry32, type Prng } from '../prng.ts';
import type { ParameterSpace } from './grid.ts';
import { compareResults, type IndexedResult } from './search-result.ts';

export interface GenerationInput {
  readonly seed: number;
  /** 0 for the first generation. */
  readonly generation: number;
  /** Evaluations left in the budget. */
  readonly remaining: number;
  /** The whole budget. */
  readonly planned: number;
  /** Every result told so far, by index in the space. */
  readonly told: ReadonlyMap<number, IndexedResult>;
  /** Every index proposed so far (told or not). */
  readonly proposed: ReadonlySet<number>;
  /** Indices to try first, in the first generation (a learned start); the Latin hypercube fills the rest. */
  readonly start?: readonly number[];
}

/** Share of the budget spent on the space-filling first generation. */
const FIRST_GENERATION_SHARE = 0.25;
/** Later generations are this share of the budget (at least MIN_GENERATION). */
const GENERATION_SHARE = 0.1;
const MIN_GENERATION = 4;
/** Share of each later generation drawn at random anywhere, so a region missed at first can still be found. */
const EXPLORE_SHARE = 0.15;
/** Mutation step, as a share of each axis' length, in the second generation; multiplied by DECAY per generation after. */
const INITIAL_STEP_SHARE = 0.2;
const DECAY = 0.7;
/** Never below this many grid steps (so ±1 moves stay likely once the search has narrowed). */
const MIN_STEP = 0.6;
const MAX_TRIES = 30;

/**
 * The next generation of an ADAPTIVE search, as indices of unevaluated valid combinations. A pure function
 * of (seed, generation, the results of earlier generations), so a resumed search proposes the same sets.
 *   generation 0: the start sets given (a learned start: learning/score-model.ts), then a Latin-hypercube
 *                 sample over the axes (each axis cut into as many strata as points, one point per stratum),
 *                 FIRST_GENERATION_SHARE of the budget in all;
 *   generation g: GENERATION_SHARE of the budget; EXPLORE_SHARE of it uniform at random, the rest children
 *                 of the μ best results so far (μ = half a generation; parent k of μ picked with weight
 *                 ∝ μ − k + 1, so the best breeds most), each coordinate moved by round(σ_g · N(0, 1)) grid
 *                 steps, σ_g = max(MIN_STEP, INITIAL_STEP_SHARE · axis length · DECAY^(g − 1)), clamped to
 *                 the axis; a child already proposed or breaking a constraint is redrawn.
 * Results are ordered by rankRows' total order (eligible, score, key), never by arrival.
 */
export function adaptiveGeneration(space: ParameterSpace, input: GenerationInput): number[] {
  const { generation, remaining, planned, told, proposed } = input;
  if (remaining <= 0) return [];
  const rng = mulberry32(generationSeed(input.seed, generation));
  const taken = new Set(proposed);
  const out: number[] = [];
  const take = (index: number): boolean => {
    if (taken.has(index) || space.at(index) === null) return false;
    taken.add(index);
    out.push(index);
    return true;
  };
  if (generation === 0) {
    const size = Math.min(remaining, Math.max(MIN_GENERATION, Math.round(planned * FIRST_GENERATION_SHARE)));
    for (const index of input.start ?? []) if (out.length < size) take(index);
    for (const coordinates of latinHypercube(space, size - out.length, rng)) if (!take(space.indexOf(coordinates))) randomPick(space, rng, take);
    return out;
  }
  const size = Math.min(remaining, Math.max(MIN_GENERATION, Math.round(planned * GENERATION_SHARE)));
  const explore = Math.round(size * EXPLORE_SHARE);
  const ranked = [...told.values()].sort(compareResults);
  const parents = ranked.slice(0, Math.max(1, Math.ceil(size / 2)));
  const lengths = space.axes.map((axis) => axis.values.length);
  const sigma = lengths.map((n) => Math.max(MIN_STEP, INITIAL_STEP_SHARE * n * DECAY ** (generation - 1)));
  while (out.length < size - explore) {
    const parent = parents[weightedRank(parents.length, rng)];
    if (!mutate(space, parent.index, sigma, lengths, rng, take) && !randomPick(space, rng, take)) break;
  }
  while (out.length < size && randomPick(space, rng, take));
  return out;
}

/** A per-generation stream, so each generation's draws do not depend on how many the earlier ones used. */
function generationSeed(seed: number, generation: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(generation + 1, 0x85ebca6b)) >>> 0;
}

/** Index in [0, n): 0 with weight n, 1 with weight n − 1, …, n − 1 with weight 1. */
function weightedRank(n: number, rng: Prng): number {
  let u = rng.next() * ((n * (n + 1)) / 2);
  for (let k = 0; k < n; k++) {
    u -= n - k;
    if (u < 0) return k;
  }
  return n - 1;
}

function mutate(space: ParameterSpace, parentIndex: number, sigma: readonly number[], lengths: readonly number[], rng: Prng, take: (index: number) => boolean): boolean {
  const parent = space.coordinatesOf(parentIndex);
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    // Each failed try widens the steps a little, so a crowded neighbourhood does not stall the generation.
    const widen = 1 + attempt / 10;
    const child = parent.map((c, a) => Math.min(lengths[a] - 1, Math.max(0, c + Math.round(sigma[a] * widen * rng.normal()))));
    if (take(space.indexOf(child))) return true;
  }
  return false;
}

/** A uniformly random unproposed valid index (MAX_TRIES draws, then the first free one after a random start). */
function randomPick(space: ParameterSpace, rng: Prng, take: (index: number) => boolean): boolean {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) if (take(Math.floor(rng.next() * space.size))) return true;
  const start = Math.floor(rng.next() * space.size);
  for (let k = 0; k < space.size; k++) if (take((start + k) % space.size)) return true;
  return false;
}

function latinHypercube(space: ParameterSpace, points: number, rng: Prng): number[][] {
  const strata = space.axes.map((axis) => {
    const order = Array.from({ length: points }, (_, i) => i);
    for (let i = points - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order.map((stratum) => Math.min(axis.values.length - 1, Math.floor(((stratum + rng.next()) * axis.values.length) / points)));
  });
  return Array.from({ length: points }, (_, p) => strata.map((axisStrata) => axisStrata[p]));
}
