import { isTerminal } from '../../../../domain/statuses.ts';
import { createMemo, createSignal, type Accessor } from 'solid-js';
import type { ResultOf, VariablesOf } from '../../graphql.ts';
import { createLive } from '../../lib/live.ts';
import { createLiveRows } from '../../lib/live-rows.ts';
import { createGraphQLMutation, createGraphQLQuery, loadEveryPage } from '../../lib/query.ts';
import { useClient } from '@urql/solid';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { EMPTY_EQUITY, foldEquity, foldProgress, type EquityState, type ProgressState } from './live-run.ts';
import { fieldDescriptions } from '../../lib/introspection.ts';
import {
  BACKTEST_CHANGES,
  BACKTEST_EQUITY,
  BACKTEST_PROGRESS,
  BACKTESTS,
  CANCEL_BACKTEST,
  DELETE_BACKTEST,
  METRIC_DESCRIPTIONS,
  EQUITY_CURVE,
  RUN_BACKTEST,
  RUN_BUY_AND_HOLD,
  RUN_DETAIL,
  MONTE_CARLO,
  RUN_EXECUTION,
  RUN_TRADE_MARKS,
  RUN_TRADES,
  TradeFields,
} from './operations.ts';

/** Data wiring of the backtest screens: views call these and never build operations themselves. */

export type RunDetail = NonNullable<ResultOf<typeof RUN_DETAIL>['backtest']>;
export type RunRow = ResultOf<typeof BACKTESTS>['backtests']['edges'][number]['node'];
export type Trade = ResultOf<typeof TradeFields>;
export type RunBacktestInput = VariablesOf<typeof RUN_BACKTEST>['input'];
export type BacktestsVariables = VariablesOf<typeof BACKTESTS>;

/** The server's description of each metric (the schema's field descriptions); empty if introspection is unavailable. */
export function createMetricDescriptions(): Accessor<Record<string, string>> {
  const query = createGraphQLQuery(METRIC_DESCRIPTIONS, () => ({}), 'cache-first');
  return createMemo(() => {
    return fieldDescriptions(query.data()?.__type, 'fields');
  });
}

/**
 * The runs list, kept current by `backtestChanges`: a changed run is replaced in place with the
 * state the event carries (the latest there is), a deleted one disappears; the page is re-read
 * when a run appears or ends, since either can move rows under the chosen filter and sort.
 */
export function createRunsList(variables: Accessor<BacktestsVariables>) {
  const query = createGraphQLQuery(BACKTESTS, variables, 'cache-and-network');
  const list = createLiveRows({
    changes: BACKTEST_CHANGES,
    changeOf: (data) => ({ kind: data.backtestChanges.kind, id: data.backtestChanges.backtestId, row: data.backtestChanges.run }),
    listed: () => (query.data()?.backtests.edges ?? []).map((edge) => edge.node),
    rereadWhen: (change, before) => change.kind !== 'UPDATED' || (change.row !== null && isTerminal(change.row.status) && !!before && !isTerminal(before.status)),
    reread: query.refetch,
  });
  return {
    rows: list.rows,
    live: list.live,
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
 * The equity curve as the run draws it. The server opens the stream with the points so far, so a tab
 * opened mid-run shows the curve at once; the points this tab streamed are also kept in
 * sessionStorage, because the server saves its copy only with the run's stored progress (every few
 * slices), so a reload would otherwise lose the latest ones.
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

/** The run's execution report as the chart reads it: its summary, cancelled orders and funding settlements. */
export type RunExecutionMarks = NonNullable<NonNullable<ResultOf<typeof RUN_EXECUTION>['backtest']>['execution']>;

export type RunFill = NonNullable<ResultOf<typeof RUN_EXECUTION>['backtest']>['fills'][number];

export type TradeMark = NonNullable<ResultOf<typeof RUN_TRADE_MARKS>['backtest']>['trades']['edges'][number]['node'];
export type TradeFilter = NonNullable<VariablesOf<typeof RUN_TRADES>['filter']>;
export type TradeOrder = NonNullable<VariablesOf<typeof RUN_TRADES>['orderBy']>;

/** The entry and exit of every trade of a finished run, for the chart markers (loaded once, in the background). */
export function createTradeMarks(id: Accessor<string>, ready: Accessor<boolean>) {
  const client = useClient();
  const [marks, setMarks] = createSignal<TradeMark[] | null>(null);
  const [error, setError] = createSignal<ApiError | null>(null);
  let loadedFor: string | null = null;
  const load = async () => {
    const runId = id();
    if (!ready() || loadedFor === runId) return;
    loadedFor = runId;
    setMarks(null);
    setError(null);
    const outcome = await loadEveryPage(async (after) => {
      const result = await client.query(RUN_TRADE_MARKS, { id: runId, first: TRADE_PAGE, after }, { requestPolicy: 'network-only' }).toPromise();
      return { error: result.error, connection: result.data?.backtest?.trades };
    });
    if (loadedFor !== runId) return;
    if ('error' in outcome) setError(outcome.error);
    else setMarks(outcome.nodes);
  };
  return { marks, error, load };
}

/** Every trade of a run with every field, for the CSV export (asked for when the user exports). */
export function createTradeExport() {
  const client = useClient();
  const [progress, setProgress] = createSignal<{ loaded: number; total: number | null } | null>(null);
  const load = async (runId: string): Promise<{ nodes: Trade[] } | { error: ApiError }> => {
    let total: number | null = null;
    let loaded = 0;
    setProgress({ loaded, total });
    try {
      return await loadEveryPage(
        async (after) => {
          const result = await client.query(RUN_TRADES, { id: runId, first: TRADE_PAGE, after }, { requestPolicy: 'network-only' }).toPromise();
          loaded += result.data?.backtest?.trades.edges.length ?? 0;
          setProgress({ loaded, total });
          return { error: result.error, connection: result.data?.backtest?.trades };
        },
        (t) => (total = t),
      );
    } finally {
      setProgress(null);
    }
  };
  return { load, progress };
}

/** One page of trades as the server filters and sorts them; `after` pages on (relay cursor). */
export function createTradePage(variables: Accessor<{ id: string; first: number; after: string | null; filter: TradeFilter; orderBy: TradeOrder } | null>) {
  const query = createGraphQLQuery(RUN_TRADES, variables, 'cache-first');
  const connection = () => query.data()?.backtest?.trades ?? null;
  return { connection, loading: query.loading, fetching: query.fetching, error: query.error };
}

export type MonteCarloResult = ResultOf<typeof MONTE_CARLO>['monteCarlo'];
export type MonteCarloVariables = VariablesOf<typeof MONTE_CARLO>;

/** A Monte Carlo request per click, always answered by the server (never from the cache), so a repeat proves the seed. */
export function createMonteCarlo() {
  const client = useClient();
  const [result, setResult] = createSignal<MonteCarloResult | null>(null);
  const [error, setError] = createSignal<ApiError | null>(null);
  const [running, setRunning] = createSignal(false);
  const [answers, setAnswers] = createSignal(0);
  const run = async (variables: MonteCarloVariables) => {
    setRunning(true);
    setError(null);
    try {
      const answer = await client.query(MONTE_CARLO, variables, { requestPolicy: 'network-only' }).toPromise();
      if (answer.error || !answer.data) setError(apiError(answer.error) ?? { code: 'UNKNOWN_ERROR', message: 'No answer' });
      else {
        setResult(answer.data.monteCarlo);
        setAnswers((n) => n + 1);
      }
    } finally {
      setRunning(false);
    }
  };
  return { result, error, running, answers, run };
}

/** Buying every symbol at the start and holding, at the stored curve's times (a completed run's; null meanwhile). */
export function createBuyAndHold(id: Accessor<string>, ready: Accessor<boolean>, maxPoints = 2000) {
  const query = createGraphQLQuery(RUN_BUY_AND_HOLD, () => (ready() ? { id: id(), maxPoints } : null), 'cache-first');
  return {
    points: () => (query.data()?.backtest?.buyAndHold ?? []).map((p) => ({ x: Date.parse(p.timestamp), y: p.value })),
    error: query.error,
  };
}

export type StoredEquityPoint = NonNullable<ResultOf<typeof EQUITY_CURVE>['backtest']>['equityCurve'][number];

/** The stored equity curve with every field, for the CSV export (asked for when the user exports). */
export function createEquityExport() {
  const client = useClient();
  return async (runId: string, maxPoints: number): Promise<{ points: StoredEquityPoint[] } | { error: ApiError }> => {
    const result = await client.query(EQUITY_CURVE, { id: runId, maxPoints }, { requestPolicy: 'network-only' }).toPromise();
    const points = result.data?.backtest?.equityCurve;
    return points ? { points } : { error: apiError(result.error) ?? { code: 'NOT_FOUND', message: 'The run is gone' } };
  };
}

export const createRunBacktest = () => createGraphQLMutation(RUN_BACKTEST);
export const createCancelBacktest = () => createGraphQLMutation(CANCEL_BACKTEST);
export const createDeleteBacktest = () => createGraphQLMutation(DELETE_BACKTEST);

/** A completed run's fills and execution report (loaded once it has completed). */
export function createRunExecution(id: Accessor<string>, ready: Accessor<boolean>) {
  const query = createGraphQLQuery(RUN_EXECUTION, () => (ready() ? { id: id() } : null));
  return {
    execution: () => query.data()?.backtest?.execution ?? null,
    fills: () => query.data()?.backtest?.fills ?? null,
  };
}
