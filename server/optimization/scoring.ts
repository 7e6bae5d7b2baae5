import type { Metrics } from '../engine/index.ts';
import { compositeScore } from '../engine/optimizer/grid.ts';
import type { ObjectiveSpec } from './sweep-spec.ts';

/** A row's score under the sweep's objective (higher is better). */
export function scoreOf(_objective: ObjectiveSpec, metrics: Metrics): number {
  return compositeScore(metrics);
}
