import type { TypedEventTarget } from '@graphql-yoga/typed-event-target';
import type pg from 'pg';
import pgListen from 'pg-listen';
import type { Logger } from '../logger.ts';

/**
 * An EventTarget for Yoga's pubsub that crosses processes through PostgreSQL LISTEN/NOTIFY:
 * a worker on another machine publishes progress, every API process hears it on its single
 * LISTEN connection and fans it out to its local subscribers.
 *
 * Modelled on graphql-yoga's Redis event target. Events are published through the pool (so a
 * reconnecting listener never blocks publishers) and come back to the publishing process too,
 * which keeps one delivery path and one ordering for local and remote subscribers alike.
 */

// pg-listen is CommonJS with `exports.default`; under NodeNext the default import is the module object.
type CreateSubscriber = typeof pgListen extends { default: infer F } ? F : typeof pgListen;
const createPostgresSubscriber: CreateSubscriber = (pgListen as unknown as { default?: CreateSubscriber }).default ?? (pgListen as unknown as CreateSubscriber);

const CHANNEL = 'candlelab_events';
/** PostgreSQL rejects NOTIFY payloads of 8000 bytes or more. */
export const MAX_EVENT_BYTES = 7900;

interface Envelope {
  readonly topic: string;
  readonly data: unknown;
}

export interface PostgresEventTarget extends TypedEventTarget<CustomEvent> {
  /** Resolves once LISTEN is active, so events published afterwards are received. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function createPostgresEventTarget(options: {
  readonly connectionString: string;
  readonly pool: pg.Pool;
  readonly log: Logger;
}): PostgresEventTarget {
  const listenersByTopic = new Map<string, Set<EventListenerOrEventListenerObject>>();
  const subscriber = createPostgresSubscriber<{ [CHANNEL]: Envelope }>(
    { connectionString: options.connectionString },
    { retryLimit: Number.POSITIVE_INFINITY, retryTimeout: Number.POSITIVE_INFINITY, retryInterval: (attempt: number) => Math.min(5000, 250 * 2 ** attempt) },
  );
  subscriber.events.on('error', (error: Error) => options.log.error('Event listener connection failed', error));
  subscriber.events.on('reconnect', (attempt: number) => options.log.warn(`Event listener reconnecting (attempt ${attempt})`));
  subscriber.notifications.on(CHANNEL, (envelope: Envelope) => {
    const listeners = listenersByTopic.get(envelope.topic);
    if (!listeners) return;
    const event = new CustomEvent(envelope.topic, { detail: envelope.data });
    for (const listener of listeners) {
      if (typeof listener === 'function') listener(event);
      else listener.handleEvent(event);
    }
  });

  let readyPromise: Promise<void> | null = null;
  const ready = (): Promise<void> => {
    readyPromise ??= subscriber.connect().then(async () => {
      await subscriber.listenTo(CHANNEL);
    });
    return readyPromise as Promise<void>;
  };

  return {
    ready,
    async close() {
      if (readyPromise) await readyPromise.catch(() => {});
      await subscriber.close().catch(() => {});
    },
    addEventListener(topic, listener) {
      if (!listener) return;
      let listeners = listenersByTopic.get(topic);
      if (!listeners) listenersByTopic.set(topic, (listeners = new Set()));
      listeners.add(listener as EventListenerOrEventListenerObject);
    },
    removeEventListener(topic, listener) {
      const listeners = listenersByTopic.get(topic);
      if (!listeners || !listener) return;
      listeners.delete(listener as EventListenerOrEventListenerObject);
      if (listeners.size === 0) listenersByTopic.delete(topic);
    },
    dispatchEvent(event) {
      const payload = JSON.stringify({ topic: event.type, data: event.detail } satisfies Envelope);
      if (Buffer.byteLength(payload) > MAX_EVENT_BYTES) {
        options.log.error(`Event on ${event.type} dropped: ${payload.length} bytes exceeds the NOTIFY limit`);
        return false;
      }
      options.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]).catch((error: unknown) => {
        options.log.error(`Publishing an event on ${event.type} failed`, error);
      });
      return true;
    },
  };
}
