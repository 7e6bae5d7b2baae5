import { Client, cacheExchange, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWSClient, type Client as WSClient } from 'graphql-ws';
import { createSignal } from 'solid-js';
import { currentToken, requestToken } from './auth.ts';

export const GRAPHQL_PATH = '/graphql';
/** graphql-ws close code for a refused connection (the server needs a token). */
export const WS_UNAUTHORIZED = 4401;

/** The websocket URL of the same-origin GraphQL endpoint (ws: for http:, wss: for https:). */
export function graphqlWsUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${GRAPHQL_PATH}`;
}

const bearer = (token: string | null) => (token ? `Bearer ${token}` : null);

/**
 * fetch with the stored token; a 401 asks the user for a token and retries with it. While the
 * server needs no token, no header is sent and nothing is asked.
 */
export function authenticatedFetch(base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const send = (token: string | null) => {
      const headers = new Headers(init?.headers);
      const authorization = bearer(token);
      if (authorization) headers.set('authorization', authorization);
      return base(input, { ...init, headers });
    };
    let response = await send(currentToken());
    while (response.status === 401) {
      response = await send(await requestToken());
    }
    return response;
  };
}

function isUnauthorizedClose(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === WS_UNAUTHORIZED;
}

/** The normal close of an idle lazy socket; any other close (1006 when the server or the network went away) is a lost connection. */
const NORMAL_CLOSURE = 1000;

const [lostAt, setLostAt] = createSignal<number | null>(null);
/**
 * When the live connection to the server was lost (null while it is up): pages keep what they show and
 * say so, instead of falling back to stored states. graphql-ws reconnects and re-subscribes by itself.
 */
export const connectionLostAt = lostAt;

/** urql client: queries and mutations over HTTP, subscriptions over graphql-ws, both on the page's origin. */
export function createCandlelabClient(location: Location = window.location): Client {
  const ws: WSClient = createWSClient({
    url: graphqlWsUrl(location),
    lazy: true,
    retryAttempts: Infinity,
    // Evaluated on every (re)connection, so a token given after a 4401 is used at once.
    connectionParams: () => {
      const authorization = bearer(currentToken());
      return authorization ? { authorization } : {};
    },
    shouldRetry: (event) => !isUnauthorizedClose(event),
    on: {
      connected: () => setLostAt(null),
      closed: (event) => {
        const code = (event as { code?: number } | undefined)?.code;
        if (code !== NORMAL_CLOSURE && !isUnauthorizedClose(event) && lostAt() === null) setLostAt(Date.now());
      },
    },
  });
  return new Client({
    url: GRAPHQL_PATH,
    fetch: authenticatedFetch(),
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              let stop = () => {};
              let closed = false;
              const start = () => {
                stop = ws.subscribe(input, {
                  next: (value) => sink.next(value as never),
                  complete: () => sink.complete(),
                  error: (error) => {
                    // Refused for want of a token: ask for one, then subscribe again.
                    if (isUnauthorizedClose(error) && !closed) void requestToken().then(() => !closed && start());
                    else sink.error(error);
                  },
                });
              };
              start();
              return {
                unsubscribe: () => {
                  closed = true;
                  stop();
                },
              };
            },
          };
        },
      }),
      fetchExchange,
    ],
  });
}
