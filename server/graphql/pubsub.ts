import { createPubSub, type PubSub } from 'graphql-yoga';
import { EVENTS_RESUMED, type PostgresEventTarget } from './postgres-event-target.ts';

/**
 * Every live topic, keyed by name; the second tuple element is the payload. The plumbing declares
 * only its own topic; each feature adds its topics beside its events (`declare module` on this
 * file), so the pubsub knows every payload type without importing a feature.
 */
export interface Topics {
  /** A job was queued: idle workers of that queue, in any process, fetch at once instead of at their next poll. */
  jobQueued: [event: { queue: string }];
  /**
   * This process listens to events again after losing its connection (a database restart): events
   * published meanwhile were missed, so live streams read their stored state again. Local only.
   */
  [EVENTS_RESUMED]: [event: Record<string, never>];
  /** A stored token was revoked (by any process, the token script included): its open sockets close at once. */
  tokenRevoked: [event: { principalId: string }];
}

export type AppPubSub = PubSub<{ [K in keyof Topics]: Topics[K] }>;

export function createAppPubSub(eventTarget: PostgresEventTarget): AppPubSub {
  return createPubSub<{ [K in keyof Topics]: Topics[K] }>({ eventTarget: eventTarget as never });
}
