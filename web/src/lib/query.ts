import type { AnyVariables, CombinedError, OperationResult, RequestPolicy, TypedDocumentNode } from '@urql/core';
import { useClient } from '@urql/solid';
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import { apiError, type ApiError } from './errors.ts';

export interface QueryState<Data> {
  readonly data: Accessor<Data | undefined>;
  readonly error: Accessor<ApiError | null>;
  /** No answer yet for the current variables (keeps showing the previous data meanwhile). */
  readonly loading: Accessor<boolean>;
  readonly fetching: Accessor<boolean>;
  refetch(): void;
}

/**
 * A query that re-runs when its variables change (null pauses it) and follows the cache:
 * a mutation touching the same types makes it refetch by itself.
 */
export function createGraphQLQuery<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Accessor<Variables | null>,
  requestPolicy: RequestPolicy = 'cache-and-network',
): QueryState<Data> {
  const client = useClient();
  const [data, setData] = createSignal<Data | undefined>(undefined);
  const [error, setError] = createSignal<ApiError | null>(null);
  const [fetching, setFetching] = createSignal(false);
  const [answered, setAnswered] = createSignal(false);
  const [version, setVersion] = createSignal(0);
  createEffect(() => {
    const vars = variables();
    const forced = version() > 0;
    if (vars === null) return;
    setFetching(true);
    const { unsubscribe } = client
      .query(document, vars, { requestPolicy: forced ? 'network-only' : requestPolicy })
      .subscribe((result: OperationResult<Data, Variables>) => {
        setError(apiError(result.error));
        if (result.data !== undefined) setData(() => result.data);
        setAnswered(true);
        setFetching(result.stale === true);
      });
    onCleanup(() => {
      unsubscribe();
      setAnswered(false);
    });
  });
  return {
    data,
    error,
    loading: () => !answered() && data() === undefined,
    fetching,
    refetch: () => setVersion((v) => v + 1),
  };
}

export type MutationOutcome<Data> = { data: Data; error: null } | { data: null; error: CombinedError };

/** Runs a mutation; resolves with its data or its error (never rejects). */
export function createGraphQLMutation<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>) {
  const client = useClient();
  const [running, setRunning] = createSignal(false);
  const execute = async (variables: Variables): Promise<MutationOutcome<Data>> => {
    setRunning(true);
    try {
      const result = await client.mutation(document, variables).toPromise();
      if (result.error || result.data === undefined) {
        return { data: null, error: result.error ?? (new Error('No data') as unknown as CombinedError) };
      }
      return { data: result.data, error: null };
    } finally {
      setRunning(false);
    }
  };
  return { execute, running };
}

/**
 * Every page of a connection, in order: for what needs all of a list (a run's trade markers and
 * CSV, a sweep's rows export); tables ask the server for one sorted, filtered page instead.
 */
export async function loadEveryPage<Node>(
  fetchPage: (after: string | null) => Promise<{ error?: CombinedError; connection?: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor?: string | null }; edges: Array<{ node: Node }> } | null }>,
  onTotal: (total: number) => void = () => {},
): Promise<{ nodes: Node[] } | { error: ApiError }> {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await fetchPage(after);
    if (page.error || !page.connection) return { error: apiError(page.error) ?? { code: 'NOT_FOUND', message: 'The run is gone' } };
    onTotal(page.connection.totalCount);
    for (const edge of page.connection.edges) nodes.push(edge.node);
    if (!page.connection.pageInfo.hasNextPage || !page.connection.pageInfo.endCursor) return { nodes };
    after = page.connection.pageInfo.endCursor;
  }
}
