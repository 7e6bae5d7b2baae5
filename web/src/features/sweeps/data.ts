import { isTerminal } from '../../../../domain/statuses.ts';
import { useClient } from '@urql/solid';
import type { Accessor } from 'solid-js';
import type { ResultOf, VariablesOf } from '../../graphql.ts';
import { createLive } from '../../lib/live.ts';
import { createLiveRows } from '../../lib/live-rows.ts';
import { createGraphQLMutation, createGraphQLQuery, loadEveryPage } from '../../lib/query.ts';
import type { OptimizationFields } from '../../lib/operations.ts';
import {
  CANCEL_SWEEP,
  OPTIMIZE_STRATEGY,
  SWEEP,
  SWEEP_CHANGES,
  SWEEP_HEATMAP,
  SWEEP_HOLDOUT,
  SWEEP_PROGRESS,
  SWEEP_RECOMMENDATIONS,
  SWEEP_RESULTS,
  SWEEP_SENSITIVITY,
  SWEEP_WALK_FORWARD,
  SWEEPS,
  SweepListFields,
} from './operations.ts';

/** Data wiring of the sweep screens: views call these and never build operations themselves. */

export type SweepProgress = ResultOf<typeof SWEEP_PROGRESS>['optimizationProgress'];
export type Optimization = ResultOf<typeof OptimizationFields>;
export type Sweep = NonNullable<ResultOf<typeof SWEEP>['optimizationSweep']>;
export type SweepListItem = ResultOf<typeof SweepListFields>;
export type OptimizeInput = VariablesOf<typeof OPTIMIZE_STRATEGY>['input'];
export type RowPhase = Optimization['phase'];
export type ResultsVariables = VariablesOf<typeof SWEEP_RESULTS>;
export type HeatmapVariables = VariablesOf<typeof SWEEP_HEATMAP>;
export type Heatmap = NonNullable<ResultOf<typeof SWEEP_HEATMAP>['optimizationSweep']>['heatmap'];
export type SensitivityVariables = VariablesOf<typeof SWEEP_SENSITIVITY>;
export type HoldoutRow = NonNullable<NonNullable<ResultOf<typeof SWEEP_HOLDOUT>['optimizationSweep']>['holdout']>[number];
export type WalkForward = NonNullable<NonNullable<ResultOf<typeof SWEEP_WALK_FORWARD>['optimizationSweep']>['walkForward']>;
/** The Metric enum: a BacktestMetrics field in CONSTANT_CASE. */
export type MetricName = NonNullable<HeatmapVariables['metric']>;


/**
 * The sweeps list, kept current by `sweepChanges`: a changed sweep is replaced in place with the
 * state the event carries, a deleted one disappears, and the list is re-read when one it lacks appears.
 */
export function createSweepList() {
  const query = createGraphQLQuery(SWEEPS, () => ({ first: 100 }));
  const list = createLiveRows({
    changes: SWEEP_CHANGES,
    changeOf: (data) => ({ kind: data.sweepChanges.kind, id: data.sweepChanges.sweepId, row: data.sweepChanges.sweep }),
    listed: () => (query.data()?.optimizationSweeps.edges ?? []).map((edge) => edge.node),
    // A sweep the list has not got (new, or created before this subscription was up): read the list again.
    rereadWhen: (change, before) => change.kind === 'CREATED' || (change.kind === 'UPDATED' && before === undefined),
    reread: query.refetch,
  });
  return { sweeps: list.rows, live: list.live, loading: query.loading, error: query.error, refetch: query.refetch };
}

/** The sweep's progress as streamed (the server measures rate and ETA over all its workers). */
export function createSweepProgress(id: Accessor<string | null>) {
  return createLive(
    SWEEP_PROGRESS,
    () => (id() ? { id: id()! } : null),
    (): SweepProgress | null => null,
    (prev, data) => {
      const event = data.optimizationProgress;
      if (prev && isTerminal(prev.status)) return prev;
      if (prev && event.status === prev.status && event.completedEvaluations < prev.completedEvaluations) return prev;
      return event;
    },
  );
}

export function createSweep(id: Accessor<string>) {
  const query = createGraphQLQuery(SWEEP, () => ({ id: id() }), 'network-only');
  return { sweep: () => query.data()?.optimizationSweep ?? null, found: () => query.data() !== undefined && query.data()?.optimizationSweep === null, loading: query.loading, error: query.error, refetch: query.refetch };
}

/** One page of ranked rows (the server ranks, re-ranks by another objective, or orders by a metric). */
export function createSweepResults(variables: Accessor<ResultsVariables | null>) {
  const query = createGraphQLQuery(SWEEP_RESULTS, variables, 'network-only');
  return { connection: () => query.data()?.optimizationSweep?.results ?? null, loading: query.loading, fetching: query.fetching, error: query.error, refetch: query.refetch };
}

export function createSweepHeatmap(variables: Accessor<HeatmapVariables | null>) {
  const query = createGraphQLQuery(SWEEP_HEATMAP, variables, 'network-only');
  return { heatmap: () => query.data()?.optimizationSweep?.heatmap ?? null, loading: query.loading, error: query.error, refetch: query.refetch };
}

export function createSweepSensitivity(variables: Accessor<SensitivityVariables | null>) {
  const query = createGraphQLQuery(SWEEP_SENSITIVITY, variables, 'network-only');
  return { points: () => query.data()?.optimizationSweep?.sensitivity ?? null, loading: query.loading, error: query.error, refetch: query.refetch };
}

export function createSweepHoldout(id: Accessor<string | null>) {
  const query = createGraphQLQuery(SWEEP_HOLDOUT, () => (id() ? { id: id()! } : null), 'network-only');
  return { rows: () => query.data()?.optimizationSweep?.holdout ?? null, loading: query.loading, error: query.error, refetch: query.refetch };
}

export function createSweepWalkForward(id: Accessor<string | null>) {
  const query = createGraphQLQuery(SWEEP_WALK_FORWARD, () => (id() ? { id: id()! } : null), 'network-only');
  return { report: () => query.data()?.optimizationSweep?.walkForward ?? null, loading: query.loading, error: query.error, refetch: query.refetch };
}

/** Every row of a window and phase, ranked or ordered as the table asks, for the CSV export (when the user exports). */
export function createRowsExport() {
  const client = useClient();
  return (variables: ResultsVariables) =>
    loadEveryPage<Optimization>(async (after) => {
      const result = await client.query(SWEEP_RESULTS, { ...variables, first: 500, after }, { requestPolicy: 'network-only' }).toPromise();
      return { error: result.error, connection: result.data?.optimizationSweep?.results };
    });
}

/** Recommendations drawn from this sweep, newest first, as workers create them. */
export function createSweepRecommendations(sweepId: Accessor<string>) {
  type Created = ResultOf<typeof SWEEP_RECOMMENDATIONS>['recommendationCreated'];
  return createLive(
    SWEEP_RECOMMENDATIONS,
    () => ({ sweepId: sweepId() }),
    (): Created[] => [],
    (list, data) => [data.recommendationCreated, ...list.filter((r) => r.id !== data.recommendationCreated.id)],
  );
}

export const createOptimize = () => createGraphQLMutation(OPTIMIZE_STRATEGY);
export const createCancelSweep = () => createGraphQLMutation(CANCEL_SWEEP);
