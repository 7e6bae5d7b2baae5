import { createPubSub, type PubSub } from 'graphql-yoga';
import type { PostgresEventTarget } from './postgres-event-target.ts';

/**
 * Every live topic, keyed by name; the second tuple element is the payload. The plumbing declares
 * only its own topic; each feature adds its topics beside its events (`declare module` on this
 * file), so the pubsub knows every payload type without importing a feature.
 */
export interface Topics {
  /** A job was queued: idle workers of that queue, in any process, fetch at once instead of at their next poll. */
  jobQueued: [event: { queue: string }];
}

export type AppPubSub = PubSub<{ [K in keyof Topics]: Topics[K] }>;

export function createAppPubSub(eventTarget: PostgresEventTarget): AppPubSub {
  return createPubSub<{ [K in keyof Topics]: Topics[K] }>({ eventTarget: eventTarget as never });
}
