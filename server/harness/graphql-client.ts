import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResult<T = any> {
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown>; path?: unknown[] }>;
}

export interface GraphQLClient {
  (query: string, variables?: Record<string, unknown>): Promise<GraphQLResult>;
}

/** Real HTTP POSTs, as any client would send them (with `token`, as `Authorization: Bearer`). */
export function graphqlClient(url: string, token?: string): GraphQLClient {
  return async (query, variables) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResult;
  };
}

/** Asserts success and returns data, with the errors in the failure message otherwise. */
export async function gqlData<T = any>(client: GraphQLClient, query: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await client(query, variables);
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data as T;
}

export function wsClient(httpUrl: string, token?: string): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: 0,
    connectionParams: token ? { authorization: `Bearer ${token}` } : undefined,
  });
}

/**
 * A subscription whose events are collected as they arrive; `until` resolves once a predicate
 * holds (no sleeps), `done` once the server completes the stream.
 */
export function collectSubscription<T = any>(client: Client, query: string, variables: Record<string, unknown>) {
  const events: T[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const waiters: Array<() => void> = [];
  const wake = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  let resolveDone!: () => void;
  let rejectDone!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  done.catch(() => {});
  const describe = () => `events ${JSON.stringify(events)}, errors ${JSON.stringify(errors)}`;
  const until = (predicate: (events: T[]) => boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (predicate(events)) resolve();
        else if (completed) reject(new Error(`Subscription ended without the expected event; ${describe()}`));
        else waiters.push(check);
      };
      check();
    });
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data) events.push(value.data as T);
        wake();
      },
      error: (error) => {
        errors.push(error instanceof Error ? error.message : describeClose(error));
        completed = true;
        wake();
        rejectDone(new Error(`Subscription failed; ${describe()}`));
      },
      complete: () => {
        completed = true;
        wake();
        resolveDone();
      },
    },
  );
  const firstEvent = until((received) => received.length > 0);
  firstEvent.catch(() => {}); // a stream may end without one; those who await it hear why
  return {
    events,
    errors,
    done,
    get completed() {
      return completed;
    },
    /** Resolves with the first event (the server sends the stored snapshot right after subscribing). */
    firstEvent,
    until,
    unsubscribe,
  };
}

function describeClose(error: unknown): unknown {
  if (error && typeof error === 'object' && 'code' in error) {
    const close = error as { code: number; reason?: string };
    return `socket closed ${close.code} ${close.reason ?? ''}`.trim();
  }
  if (error && typeof error === 'object') {
    const event = error as { type?: string; message?: string; error?: unknown };
    return `${event.type ?? 'error'}: ${event.message ?? String(event.error ?? '')}`;
  }
  return error;
}

/** Subscribes on a connection of its own and returns every event once the server ends the stream. */
export async function streamToEnd<T = any>(graphqlUrl: string, query: string, variables: Record<string, unknown>): Promise<T[]> {
  const client = wsClient(graphqlUrl);
  try {
    const stream = collectSubscription<T>(client, query, variables);
    await stream.done;
    return stream.events;
  } finally {
    await client.dispose();
  }
}
