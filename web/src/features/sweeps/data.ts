import type { CombinedError } from '@urql/core';
import { useClient } from '@urql/solid';
import { createSignal, type Accessor } from 'solid-js';
import type { ResultOf, VariablesOf } from '../../graphql.ts';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { createLive } from '../../lib/live.ts';
import { createGraphQLMutation, createGraphQLQuery } from '../../lib/query.ts';
import { CANCEL_SWEEP, OPEN_ROW, OPTIMIZE_STRATEGY, OptimizationFields, SWEEP, SWEEP_PROGRESS, SWEEPS } from './operations.ts';

export type SweepProgress = ResultOf<typeof SWEEP_PROGRESS>['optimizationProgress'];
export type Optimization = ResultOf<typeof OptimizationFields>;
export type Sweep = NonNullable<ResultOf<typeof SWEEP>['optimizationSweep']>;
export type OptimizeInput = VariablesOf<typeof OPTIMIZE_STRATEGY>['input'];
export type RowPhase = Optimization['phase'];

export const TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED'];

export function createSweepList() {
  const query = createGraphQLQuery(SWEEPS, () => ({ first: 100 }));
  return { sweeps: () => query.data()?.optimizationSweeps.edges.map((e) => e.node) ?? [], loading: query.loading, error: query.error, refetch: query.refetch };
}

/** The sweep's progress as streamed (the server measures rate and ETA over all its workers). */
export function createSweepProgress(id: Accessor<string | null>) {
  return createLive(
    SWEEP_PROGRESS,
    () => (id() ? { id: id()! } : null),
    () => null as SweepProgress | null,
    (prev, data) => {
      const event = data.optimizationProgress;
      if (prev && TERMINAL.includes(prev.status)) return prev;
      if (prev && event.status === prev.status && event.completedEvaluations < prev.completedEvaluations) return prev;
      return event;
    },
  );
}

const PAGE = 500;

/** The sweep and every row of one phase and window (pages of 500 until all are in). */
export function createSweep(id: Accessor<string>) {
  const client = useClient();
  const [sweep, setSweep] = createSignal<Sweep | null>(null);
  const [rows, setRows] = createSignal<Optimization[]>([]);
  const [outOfSample, setOutOfSample] = createSignal<Optimization[]>([]);
  const [error, setError] = createSignal<ApiError | null>(null);
  const [loaded, setLoaded] = createSignal(false);
  let generation = 0;

  const loadPhase = async (phase: RowPhase, window: number, mine: number): Promise<{ sweep: Sweep | null; rows: Optimization[] } | 'stale' | 'error'> => {
    const all: Optimization[] = [];
    let after: string | null = null;
    for (;;) {
      const result: { data?: ResultOf<typeof SWEEP>; error?: CombinedError } = await client
        .query(SWEEP, { id: id(), first: PAGE, after, phase, window }, { requestPolicy: 'network-only' })
        .toPromise();
      if (mine !== generation) return 'stale';
      if (result.error) {
        setError(apiError(result.error));
        return 'error';
      }
      const data: Sweep | null = result.data?.optimizationSweep ?? null;
      if (!data) return { sweep: null, rows: [] };
      all.push(...data.results.edges.map((e) => e.node));
      if (!data.results.pageInfo.hasNextPage || !data.results.pageInfo.endCursor) return { sweep: data, rows: all };
      after = data.results.pageInfo.endCursor;
    }
  };

  const load = async (window = 0) => {
    const mine = ++generation;
    const inSample = await loadPhase('IN_SAMPLE', window, mine);
    if (inSample === 'stale') return;
    if (inSample !== 'error') {
      setSweep(inSample.sweep);
      setRows(inSample.rows);
      setError(null);
      if (inSample.sweep?.validation) {
        const tested = await loadPhase('OUT_OF_SAMPLE', window, mine);
        if (tested === 'stale') return;
        if (tested !== 'error') setOutOfSample(tested.rows);
      } else setOutOfSample([]);
    }
    setLoaded(true);
  };
  return { sweep, rows, outOfSample, error, loaded, load };
}

export const createOptimize = () => createGraphQLMutation(OPTIMIZE_STRATEGY);
export const createCancelSweep = () => createGraphQLMutation(CANCEL_SWEEP);
export const createOpenRow = () => createGraphQLMutation(OPEN_ROW);
