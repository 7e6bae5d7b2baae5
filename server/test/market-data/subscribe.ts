import { collectSubscription, wsClient } from '../../harness/graphql-client.ts';

/** A subscription on a connection of its own, closed when the stream ends. */
export function subscribe(url: string, query: string, variables: Record<string, unknown>) {
  const ws = wsClient(url);
  const subscription = collectSubscription(ws, query, variables);
  return {
    ...subscription,
    done: subscription.done.finally(() => ws.dispose()),
    dispose: () => ws.dispose(),
  };
}
