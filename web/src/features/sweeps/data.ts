import type { CombinedError } from '@urql/core';
import { useClient } from '@urql/solid';
import { createSignal, type Accessor } from 'solid-js';
import type { ResultOf, VariablesOf } from '../../graphql.ts';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { createLive } from '../../lib/live.ts';
import { createGraphQLMutation, createGraphQLQuery } from '../../lib/query.ts';
import { CANCEL_SWEEP, OPTIMIZE_STRATEGY, OptimizationFields, SWEEP, SWEEP_PROGRESS, SWEEPS } from './operations.ts';

export type SweepProgress = ResultOf<typeof SWEEP_PROGRESS>['optimizationProgress'];
export type Optimization = ResultOf<typeof OptimizationFields>;
export type Sweep = NonNullable<ResultOf<typeof SWEEP>['optimizationSweep']>;
export type OptimizeInput = VariablesOf<typeof OPTIMIZE_STRATEGY>['input'];

export function createSweepList() {
  const query = createGraphQLQuery(SWEEPS, () => ({ first: 100 }));
  return { sweeps: () => query.data()?.optimizationSweeps.edges.map((e) => e.node) ?? [], loading: query.loading, error: query.error, refetch: query.refetch };
}

/** Progress with the time it arrived, for rate and ETA. */
export interface SweepLive extends SweepProgress {
  readonly firstAt: { atMs: number; done: number } | null;
  readonly lastAt: { atMs: number; done: number } | null;
}

export function createSweepProgress(id: Accessor<string | null>) {
  return createLive(
    SWEEP_PROGRESS,
    () => (id() ? { id: id()! } : null),
    () => null as SweepLive | null,
    (prev, data) => {
      const event = data.optimizationProgress;
      const sample = { atMs: Date.now(), done: event.completedCombinations };
      if (prev && ['COMPLETED', 'FAILED', 'CANCELLED'].includes(prev.status)) return prev;
      if (prev && event.status === prev.status && event.completedCombinations < prev.completedCombinations) return prev;
      return { ...event, firstAt: prev?.firstAt ?? sample, lastAt: sample };
    },
  );
}

/** The sweep and every tested combination (pages of 500 until all are in). */
export function createSweep(id: Accessor<string>) {
  const client = useClient();
  const [sweep, setSweep] = createSignal<Sweep | null>(null);
  const [rows, setRows] = createSignal<Optimization[]>([]);
  const [error, setError] = createSignal<ApiError | null>(null);
  const [loaded, setLoaded] = createSignal(false);
  let generation = 0;
  const load = async () => {
    const mine = ++generation;
    const all: Optimization[] = [];
    let after: string | null = null;
    for (;;) {
      const result: { data?: ResultOf<typeof SWEEP>; error?: CombinedError } = await client.query(SWEEP, { id: id(), first: 500, after }, { requestPolicy: 'network-only' }).toPromise();
      if (mine !== generation) return;
      if (result.error) {
        setError(apiError(result.error));
        setLoaded(true);
        return;
      }
      const data: Sweep | null = result.data?.optimizationSweep ?? null;
      if (!data) {
        setSweep(null);
        setLoaded(true);
        return;
      }
      all.push(...data.results.edges.map((e) => e.node));
      if (!data.results.pageInfo.hasNextPage || !data.results.pageInfo.endCursor) {
        setSweep(data);
        setRows(all);
        setError(null);
        setLoaded(true);
        return;
      }
      after = data.results.pageInfo.endCursor;
    }
  };
  return { sweep, rows, error, loaded, load };
}

export const createOptimize = () => createGraphQLMutation(OPTIMIZE_STRATEGY);
export const createCancelSweep = () => createGraphQLMutation(CANCEL_SWEEP);
