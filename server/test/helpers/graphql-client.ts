import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResult<T = any> {
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown>; path?: unknown[] }>;
}

export interface GraphQLClient {
  (query: string, variables?: Record<string, unknown>): Promise<GraphQLResult>;
}

/** Real HTTP POSTs, as any client would send them. */
export function graphqlClient(url: string): GraphQLClient {
  return async (query, variables) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
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

export function wsClient(httpUrl: string): Client {
  return createClient({ url: httpUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });
}

/**
 * A subscription whose events are collected as they arrive; `until` resolves once a predicate
 * holds (no sleeps), `done` once the server completes the stream.
 */
export function collectSubscription<T = any>(client: Client, query: string, variables: Record<string, unknown>) {
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters: Array<{ check: () => boolean; resolve: () => void }> = [];
  const notify = () => {
    for (const waiter of [...waiters]) {
      if (waiter.check()) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  let completed = false;
  let acknowledged: () => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    const unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          if (value.errors) errors.push(...value.errors);
          if (value.data) events.push(value.data as T);
          acknowledged();
          notify();
        },
        error: (error) => {
          errors.push(error);
          completed = true;
          notify();
          reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
        },
        complete: () => {
          completed = true;
          notify();
          resolve();
        },
      },
    );
    cancel = unsubscribe;
  });
  done.catch(() => {});
  let cancel: () => void = () => {};
  return {
    events,
    errors,
    done,
    get completed() {
      return completed;
    },
    /** Resolves when the first event arrives (the server sends the snapshot right after subscribing). */
    firstEvent: new Promise<void>((resolve) => (acknowledged = resolve)),
    until(predicate: (events: T[]) => boolean): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = () => predicate(events) || completed;
        if (check()) return predicate(events) ? resolve() : reject(new Error(`Subscription ended without the expected event; got ${JSON.stringify(events)} ${JSON.stringify(errors)}`));
        waiters.push({ check, resolve: () => (predicate(events) ? resolve() : reject(new Error(`Subscription ended without the expected event; got ${JSON.stringify(events)} ${JSON.stringify(errors)}`))) });
      });
    },
    unsubscribe: () => cancel(),
  };
}
