import type { CombinedError } from '@urql/core';
import { createMemo, createSignal, type Accessor } from 'solid-js';
import type { ResultOf, VariablesOf } from '../../graphql.ts';
import { createLive } from '../../lib/live.ts';
import { createGraphQLMutation, createGraphQLQuery } from '../../lib/query.ts';
import { useClient } from '@urql/solid';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { EMPTY_EQUITY, foldEquity, foldProgress, isTerminal, type EquityState, type ProgressState } from './live-run.ts';
import {
  BACKTEST_CHANGES,
  BACKTEST_EQUITY,
  BACKTEST_PROGRESS,
  BACKTESTS,
  CANCEL_BACKTEST,
  DELETE_BACKTEST,
  FORM_MARKETS,
  METRIC_DESCRIPTIONS,
  RUN_BACKTEST,
  RUN_DETAIL,
  RUN_INPUT_DESCRIPTIONS,
  RUN_TRADES,
  STRATEGIES,
  TradeFields,
} from './operations.ts';

/** Data wiring of the backtest screens: views call these and never build operations themselves. */

export type RunDetail = NonNullable<ResultOf<typeof RUN_DETAIL>['backtest']>;
export type RunRow = ResultOf<typeof BACKTESTS>['backtests']['edges'][number]['node'];
export type Trade = ResultOf<typeof TradeFields>;
export type Strategy = ResultOf<typeof STRATEGIES>['strategies'][number];
export type StrategyParam = Strategy['params'][number];
export type RunBacktestInput = VariablesOf<typeof RUN_BACKTEST>['input'];
export type BacktestsVariables = VariablesOf<typeof BACKTESTS>;

export function createStrategies() {
  const query = createGraphQLQuery(STRATEGIES, () => ({}), 'cache-first');
  return { strategies: () => query.data()?.strategies ?? [], loading: query.loading, error: query.error };
}

/** Schema descriptions by name (metric help, input help); empty if introspection is unavailable. */
export function createDescriptions(kind: 'metrics' | 'runInput'): Accessor<Record<string, string>> {
  const query = createGraphQLQuery(kind === 'metrics' ? METRIC_DESCRIPTIONS : RUN_INPUT_DESCRIPTIONS, () => ({}), 'cache-first');
  return createMemo(() => {
    const type = query.data()?.__type as { fields?: Array<{ name: string; description: string | null }> | null; inputFields?: Array<{ name: string; description: string | null }> | null } | null | undefined;
    const entries = type?.fields ?? type?.inputFields ?? [];
    return Object.fromEntries(entries.filter((e) => e.description).map((e) => [e.name, e.description!]));
  });
}

/**
 * The runs list, kept current by `backtestChanges`: a changed run is replaced in place with the
 * state the event carries (the latest there is), a deleted one disappears; the page is re-read
 * when a run appears or ends, since either can move rows under the chosen filter and sort.
 */
export function createRunsList(variables: Accessor<BacktestsVariables>) {
  const query = createGraphQLQuery(BACKTESTS, variables, 'cache-and-network');
  const changes = createLive(
    BACKTEST_CHANGES,
    () => ({}),
    () => new Map<string, RunRow | null>(),
    (latest, data) => {
      const change = data.backtestChanges;
      const before = latest.get(change.backtestId) ?? query.data()?.backtests.edges.find((e) => e.node.id === change.backtestId)?.node;
      const next = new Map(latest).set(change.backtestId, change.run);
      const ended = change.run !== null && isTerminal(change.run.status) && before !== undefined && before !== null && !isTerminal(before.status);
      if (change.kind !== 'UPDATED' || ended) queueMicrotask(query.refetch);
      return next;
    },
  );
  return {
    rows: () =>
      (query.data()?.backtests.edges ?? [])
        .map((edge) => (changes.state().has(edge.node.id) ? changes.state().get(edge.node.id)! : edge.node))
        .filter((row): row is RunRow => row !== null),
    live: () => changes.error() === null,
    totalCount: () => query.data()?.backtests.totalCount ?? 0,
    hasMore: () => query.data()?.backtests.pageInfo.hasNextPage ?? false,
    loading: query.loading,
    error: query.error,
    refetch: query.refetch,
  };
}

export function createRunDetail(id: Accessor<string>) {
  const query = createGraphQLQuery(RUN_DETAIL, () => ({ id: id() }), 'network-only');
  return { run: () => query.data()?.backtest ?? null, found: () => query.data() !== undefined && query.data()?.backtest === null, loading: query.loading, error: query.error, refetch: query.refetch };
}

const progressCacheKey = (id: string) => `candlelab.liveProgress.${id}`;
const equityCacheKey = (id: string) => `candlelab.liveEquity.${id}`;

function readCache<T>(key: string): T | null {
  try {
    const text = sessionStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

function writeCache(key: string, value: unknown | null): void {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or unavailable: live views still work, only a reload starts them over.
  }
}

/**
 * The run's progress as streamed. The last state is kept in sessionStorage while the run goes
 * on, so a reload shows where it was at once (the stored record is only updated now and then).
 */
export function createRunProgress(id: Accessor<string | null>, options: { remember?: boolean } = {}) {
  return createLive(
    BACKTEST_PROGRESS,
    () => (id() ? { id: id()! } : null),
    (vars): ProgressState | null => {
      const cached = vars && options.remember ? readCache<ProgressState>(progressCacheKey(vars.id)) : null;
      // The rate is measured afresh: the time the page was away is not the run's.
      return cached ? { ...cached, rateFrom: null, rateTo: null } : null;
    },
    (state, data) => {
      const next = foldProgress(state, data.backtestProgress, Date.now());
      if (options.remember) writeCache(progressCacheKey(next.backtestId), isTerminal(next.status) ? null : next);
      return next;
    },
  );
}

/**
 * The equity curve as the run draws it. Points streamed so far are kept in sessionStorage, so a
 * reload during a run resumes the same curve instead of starting blank (the server only stores
 * the curve once the run ends).
 */
export function createRunEquity(id: Accessor<string | null>, maxPoints = 2000) {
  return createLive(
    BACKTEST_EQUITY,
    () => (id() ? { id: id()!, maxPoints } : null),
    (vars) => {
      const cached = vars ? readCache<EquityState['points']>(equityCacheKey(vars.id)) : null;
      return cached ? { ...EMPTY_EQUITY, points: cached } : EMPTY_EQUITY;
    },
    (state, data) => {
      const next = foldEquity(state, data.backtestEquity);
      writeCache(equityCacheKey(data.backtestEquity.backtestId), next.done ? null : next.points);
      return next;
    },
  );
}

/** Trades per request: the API's page size limit. */
const TRADE_PAGE = 500;

/**
 * Every trade of a finished run, loaded page by page (the table, chart markers and CSV export
 * all work on the full list, so filtering and sorting cover every trade).
 */
export function createAllTrades(id: Accessor<string>, ready: Accessor<boolean>) {
  const client = useClient();
  const [trades, setTrades] = createSignal<Trade[] | null>(null);
  const [totalCount, setTotalCount] = createSignal<number | null>(null);
  const [error, setError] = createSignal<ApiError | null>(null);
  let loadedFor: string | null = null;
  const load = async () => {
    const runId = id();
    if (!ready() || loadedFor === runId) return;
    loadedFor = runId;
    setTrades(null);
    setTotalCount(null);
    setError(null);
    const all: Trade[] = [];
    let after: string | null = null;
    for (;;) {
      const result: { data?: ResultOf<typeof RUN_TRADES>; error?: CombinedError } = await client.query(RUN_TRADES, { id: runId, first: TRADE_PAGE, after }, { requestPolicy: 'network-only' }).toPromise();
      if (loadedFor !== runId) return;
      if (result.error || !result.data?.backtest) {
        setError(apiError(result.error) ?? { code: 'NOT_FOUND', message: 'The run is gone' });
        return;
      }
      const connection: NonNullable<ResultOf<typeof RUN_TRADES>['backtest']>['trades'] = result.data.backtest.trades;
      setTotalCount(connection.totalCount);
      for (const edge of connection.edges) all.push(edge.node);
      if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) break;
      after = connection.pageInfo.endCursor;
    }
    setTrades(all);
  };
  return { trades, totalCount, error, load };
}

export function createFormMarkets() {
  const query = createGraphQLQuery(FORM_MARKETS, () => ({}), 'cache-and-network');
  return { coverage: () => query.data()?.marketData ?? [], loaded: () => query.data() !== undefined, error: query.error, refetch: query.refetch };
}

export const createRunBacktest = () => createGraphQLMutation(RUN_BACKTEST);
export const createCancelBacktest = () => createGraphQLMutation(CANCEL_BACKTEST);
export const createDeleteBacktest = () => createGraphQLMutation(DELETE_BACKTEST);
