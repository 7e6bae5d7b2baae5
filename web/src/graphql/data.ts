import { createMutation, createQuery, createSubscription, useClient, type CombinedError } from '@urql/solid';
import { createMemo, createResource, type Accessor } from 'solid-js';
import {
  BACKTEST_PROGRESS,
  BACKTEST_RESULT,
  QUERY_FIELDS,
  RECENT_BACKTESTS,
  RUN_BACKTEST,
  STRATEGIES,
  TYPE_FIELDS,
  type BacktestProgressEvent,
  type IntrospectedType,
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

/**
 * Stored-candle coverage from `marketData`, when the server has that query. Its shape is read by
 * introspection, so the page keeps working (with an empty list) on a server without it.
 */
export function createMarketCoverage() {
  const client = useClient();
  const [coverage] = createResource(async (): Promise<Coverage[]> => {
    try {
      const root = await client.query(QUERY_FIELDS, {}).toPromise();
      const field = root.data?.__schema.queryType.fields.find((f) => f.name === 'marketData');
      if (!field || field.args.some((a) => a.type.kind === 'NON_NULL')) return [];
      const typeName = namedType(field.type);
      if (!typeName) return [];
      const shape = await client.query(TYPE_FIELDS, { name: typeName }).toPromise();
      const scalars = (shape.data?.__type?.fields ?? [])
        .filter((f) => ['SCALAR', 'ENUM'].includes(namedKind(f.type) ?? ''))
        .map((f) => f.name);
      if (!scalars.includes('symbol')) return [];
      const rows = await client.query(`query MarketData { marketData { ${scalars.join(' ')} } }`, {}).toPromise();
      const data = rows.data?.marketData;
      return Array.isArray(data) ? data.map(toCoverage).filter((c): c is Coverage => c !== null) : [];
    } catch {
      return [];
    }
  });
  return { coverage: () => coverage() ?? [] };
}

function namedType(type: IntrospectedType | null | undefined): string | null {
  return !type ? null : type.kind === 'OBJECT' ? type.name : namedType(type.ofType);
}

function namedKind(type: IntrospectedType | null | undefined): string | null {
  return !type ? null : type.kind === 'NON_NULL' || type.kind === 'LIST' ? namedKind(type.ofType) : type.kind;
}

function toCoverage(row: Record<string, unknown>): Coverage | null {
  if (typeof row['symbol'] !== 'string') return null;
  const pick = (pattern: RegExp) => Object.keys(row).find((key) => pattern.test(key) && row[key] != null);
  const timeframeKey = pick(/^(interval|timeframe)$/i);
  const fromKey = pick(/^(first|from|start|earliest|oldest)/i);
  const toKey = pick(/^(last|to$|to[A-Z]|end|latest|newest)/i);
  return {
    symbol: row['symbol'],
    timeframe: timeframeKey ? String(row[timeframeKey]) : null,
    fromMs: fromKey ? toMs(row[fromKey]) : null,
    toMs: toKey ? toMs(row[toKey]) : null,
  };
}

function toMs(value: unknown): number | null {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : null;
}
