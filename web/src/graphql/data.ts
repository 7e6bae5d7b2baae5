import { createMutation, createQuery, createSubscription, type CombinedError } from '@urql/solid';
import { createMemo, type Accessor } from 'solid-js';
import {
  BACKTEST_PROGRESS,
  BACKTEST_RESULT,
  LOAD_SAMPLE_DATA,
  MARKET_DATA,
  RECENT_BACKTESTS,
  RUN_BACKTEST,
  STRATEGIES,
  type BacktestProgressEvent,
  type RecentRun,
  type RunStatus,
} from './operations.ts';

/**
 * Data wiring of the client: every query, mutation and subscription the views use, returning
 * reactive state. Views import from here and never build operations themselves.
 */

export const TERMINAL_STATUSES: ReadonlySet<RunStatus> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export interface ApiError {
  message: string;
  code: string;
}

/** The first GraphQL error's message and `extensions.code` (or the network failure). */
export function apiError(error: CombinedError | undefined | null): ApiError | null {
  if (!error) return null;
  const first = error.graphQLErrors[0];
  if (first) {
    const code = first.extensions?.['code'];
    return { message: first.message, code: typeof code === 'string' ? code : 'UNKNOWN_ERROR' };
  }
  return { message: error.networkError?.message ?? error.message, code: 'NETWORK_ERROR' };
}

export function createStrategies() {
  const [result] = createQuery({ query: STRATEGIES });
  return {
    strategies: () => result.data?.strategies ?? [],
    loading: () => result.fetching && !result.data,
    error: () => apiError(result.error),
  };
}

export function createRunBacktest() {
  const [state, run] = createMutation(RUN_BACKTEST);
  return { running: () => state.fetching, run };
}

/** Everything the page knows about a run in progress, folded from the `backtestProgress` stream. */
export interface ProgressState extends BacktestProgressEvent {
  /** Events received so far. */
  updates: number;
}

/**
 * Folds one progress event into the accumulated state. A new run id starts over; an event that
 * would move the same status backwards (a late delivery) is ignored, and terminal states stick.
 */
export function foldProgress(prev: ProgressState | undefined, event: BacktestProgressEvent): ProgressState {
  if (!prev || prev.backtestId !== event.backtestId) return { ...event, updates: 1 };
  if (TERMINAL_STATUSES.has(prev.status)) return prev;
  if (event.status === prev.status && event.barsProcessed < prev.barsProcessed) return { ...prev, updates: prev.updates + 1 };
  return { ...event, updates: prev.updates + 1 };
}

export function createBacktestProgress(id: Accessor<string | null>) {
  const [state] = createSubscription<{ backtestProgress: BacktestProgressEvent }, ProgressState | undefined, { id: string }>(
    { query: BACKTEST_PROGRESS, variables: () => ({ id: id() ?? '' }), pause: () => !id() },
    (prev, data) => foldProgress(prev, data.backtestProgress),
  );
  const progress = createMemo(() => {
    const current = state.data;
    return current && current.backtestId === id() ? current : null;
  });
  return {
    progress,
    finished: () => {
      const p = progress();
      return p !== null && TERMINAL_STATUSES.has(p.status);
    },
    error: () => apiError(state.error),
  };
}

/** The stored outcome of a run (metrics, error), fetched once `ready` turns true. */
export function createBacktestResult(id: Accessor<string | null>, ready: Accessor<boolean>) {
  const [result] = createQuery({
    query: BACKTEST_RESULT,
    variables: () => ({ id: id() ?? '' }),
    pause: () => !id() || !ready(),
    requestPolicy: 'network-only',
  });
  return {
    result: () => (result.data?.backtest?.id === id() ? result.data.backtest : null),
    error: () => apiError(result.error),
  };
}

export function createRecentRuns(first = 10) {
  const [result, reexecute] = createQuery({ query: RECENT_BACKTESTS, variables: { first } });
  const runs = (): RecentRun[] =>
    (result.data?.backtests.edges ?? []).map(({ node }) => ({
      id: node.id,
      name: node.name,
      status: node.status,
      createdAt: node.createdAt,
      roi: node.metrics?.roi ?? null,
      winRate: node.metrics?.winRate ?? null,
    }));
  return { runs, error: () => apiError(result.error), refresh: () => reexecute({ requestPolicy: 'network-only' }) };
}

/** One symbol/timeframe of stored candles. */
export interface Coverage {
  symbol: string;
  timeframe: string | null;
  fromMs: number | null;
  toMs: number | null;
}

/** Stored-candle coverage, and the offer to load the synthetic sample when there is none. */
export function createMarketCoverage() {
  const [result, reexecute] = createQuery({ query: MARKET_DATA });
  const [sample, loadSample] = createMutation(LOAD_SAMPLE_DATA);
  const coverage = (): Coverage[] =>
    (result.data?.marketData ?? []).map((row) => ({
      symbol: row.symbol,
      timeframe: row.interval,
      fromMs: row.first ? Date.parse(row.first) : null,
      // `last` is the last candle's open time; the range it covers ends one candle later.
      toMs: row.last ? Date.parse(row.last) + 1 : null,
    }));
  return {
    coverage,
    loaded: () => result.data !== undefined,
    loadingSample: () => sample.fetching,
    sampleError: () => apiError(sample.error),
    async loadSample() {
      await loadSample({});
      reexecute({ requestPolicy: 'network-only' });
    },
  };
}
