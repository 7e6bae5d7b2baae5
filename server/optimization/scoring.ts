import type { Metrics, MetricName } from '../engine/index.ts';
import { objectiveScore, type CustomObjective, type ObjectiveName as EngineObjectiveName } from '../engine/optimizer/index.ts';
import type { ObjectiveSpec } from './sweep-spec.ts';

/**
 * A sweep's objective as the engine's objectives (engine/optimizer/objectives.ts) take it. A stored
 * row's score must not depend on the other rows (rows arrive chunk by chunk), so a CUSTOM objective
 * scores with the fixed metric scales (SCALE); ranking by percentile (RANK) is for re-ranking a
 * finished sweep (optimization.service.ts sweepResults).
 */
export function engineObjective(spec: ObjectiveSpec): EngineObjectiveName | (CustomObjective & { readonly normalise: 'SCALE' }) {
  if (spec.name !== 'CUSTOM') return spec.name;
  return { weights: spec.weights as Partial<Record<MetricName, number>>, normalise: 'SCALE' };
}

/** A row's score under the sweep's objective (higher is better; null = worst). */
export function scoreOf(spec: ObjectiveSpec, metrics: Metrics): number | null {
  return objectiveScore(metrics, engineObjective(spec));
}
