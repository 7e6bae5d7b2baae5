import { Client, cacheExchange, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWSClient } from 'graphql-ws';

export const GRAPHQL_PATH = '/graphql';

/** The websocket URL of the same-origin GraphQL endpoint (ws: for http:, wss: for https:). */
export function graphqlWsUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${GRAPHQL_PATH}`;
}

/** urql client: queries and mutations over HTTP, subscriptions over graphql-ws, both on the page's origin. */
export function createCandlelabClient(location: Location = window.location): Client {
  const ws = createWSClient({ url: graphqlWsUrl(location), lazy: true, retryAttempts: 5 });
  return new Client({
    url: GRAPHQL_PATH,
    exchanges: [
      cacheExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
      fetchExchange,
    ],
  });
}
