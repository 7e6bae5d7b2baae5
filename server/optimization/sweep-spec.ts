import type { MetricName } from '../engine/index.ts';
import { OBJECTIVE_NAMES as NAMED_OBJECTIVES, type SearchMethod } from '../engine/optimizer/index.ts';

export { DEFAULT_MIN_TRADES, SEARCH_METHODS, type SearchMethod } from '../engine/optimizer/index.ts';

/**
 * How a sweep ranks, searches and validates, as stored with it (optimization-sweep.entity.ts) and
 * given by OptimizeStrategyInput.
 */

/** The engine's named objectives, and CUSTOM (weights given with the sweep). */
export const OBJECTIVE_NAMES = [...NAMED_OBJECTIVES, 'CUSTOM'] as const;
export type ObjectiveName = (typeof OBJECTIVE_NAMES)[number];

export interface ObjectiveSpec {
  readonly name: ObjectiveName;
  /** CUSTOM only: weight per metric (metrics are normalised first; see engine/optimizer/objectives.ts). */
  readonly weights?: Readonly<Partial<Record<MetricName, number>>>;
}

export interface SearchSpec {
  readonly method: SearchMethod;
  /** RANDOM and ADAPTIVE: how many parameter sets to evaluate at most. */
  readonly budget?: number;
  /** RANDOM and ADAPTIVE: the same seed draws the same sets. */
  readonly seed?: number;
  /** ADAPTIVE: start from the sets a model of the strategy's other markets predicts best (default true). */
  readonly learnedStart?: boolean;
}

export const WALK_FORWARD_MODES = ['ROLLING', 'ANCHORED'] as const;
export type WalkForwardMode = (typeof WALK_FORWARD_MODES)[number];

export interface WalkForwardSpec {
  readonly windows: number;
  readonly mode: WalkForwardMode;
  /** In-sample share of each window's span (ROLLING) or of the first window (ANCHORED), in (0, 1). */
  readonly inSampleFraction: number;
}

/** Checks on data the ranking was not derived from: a hold-out tail, or walk-forward windows (not both). */
export interface ValidationSpec {
  /** The last fraction of the range is kept out of the search; the best rows are tested on it. */
  readonly holdoutFraction?: number;
  readonly walkForward?: WalkForwardSpec;
}

/** Rows of a sweep: the search's own (in-sample) or a test on held-out data. */
export const ROW_PHASES = ['IN_SAMPLE', 'OUT_OF_SAMPLE'] as const;
export type RowPhase = (typeof ROW_PHASES)[number];
