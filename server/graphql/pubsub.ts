import { createPubSub, type PubSub } from 'graphql-yoga';
import type pg from 'pg';
import type { Logger } from '../logger.ts';
import { EVENTS_RESUMED, eventNotification, fitsNotification, type PostgresEventTarget } from './postgres-event-target.ts';

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

type TopicPubSub = PubSub<{ [K in keyof Topics]: Topics[K] }>;

export type AppPubSub = TopicPubSub & {
  /**
   * Publishes as part of the caller's transaction on `client`: PostgreSQL delivers the event when that
   * transaction commits, and never when it rolls back. A job's terminal event then reaches subscribers with
   * its commit, not a read and a publish later, and cannot announce a result that was not stored. Events
   * published earlier go first.
   */
  publishOnCommit: (client: pg.ClientBase, ...event: Parameters<TopicPubSub['publish']>) => Promise<void>;
};

export function createAppPubSub(eventTarget: PostgresEventTarget, log: Logger): AppPubSub {
  const pubsub: TopicPubSub = createPubSub<{ [K in keyof Topics]: Topics[K] }>({ eventTarget: eventTarget as never });
  return Object.assign(pubsub, {
    async publishOnCommit(client: pg.ClientBase, ...[routingKey, ...args]: Parameters<TopicPubSub['publish']>) {
      // The topic as Yoga's publish names it (graphql-yoga's createPubSub): `key:id` when an id is given.
      const [topic, payload] = args.length === 2 ? [`${routingKey}:${String(args[0])}`, args[1]] : [routingKey, args[0]];
      const notification = eventNotification(topic, payload);
      if (!fitsNotification(notification, log)) return;
      await eventTarget.sent();
      await client.query(notification.sql, notification.values);
    },
  });
}
