import type { TypedEventTarget } from '@graphql-yoga/typed-event-target';
import type pg from 'pg';
import { isDatabaseUnavailable } from './error-policy.ts';
import { PostgresListener } from './postgres-listener.ts';
import type { Logger } from '../logger.ts';

/**
 * An EventTarget for Yoga's pubsub that crosses processes through PostgreSQL LISTEN/NOTIFY:
 * a worker on another machine publishes progress, every API process hears it on its single
 * LISTEN connection and fans it out to its local subscribers.
 *
 * Modelled on graphql-yoga's Redis event target. Events are published through the pool (a reconnecting
 * listener never blocks publishers) and come back to the publishing process too, which keeps one
 * delivery path for local and remote subscribers alike. One NOTIFY statement is in flight at a time, so
 * events keep their order; those published meanwhile go together in the next statement. One at a time
 * each, a busy worker's progress and equity events queued behind each other's round trips, and a run's
 * last event reached its subscribers half a second after the run ended.
 */

const CHANNEL = 'candlelab_events';
/** The local topic (never sent through NOTIFY) that says events may have been missed: pubsub.ts's `eventsResumed`. */
export const EVENTS_RESUMED = 'eventsResumed';
/** PostgreSQL rejects NOTIFY payloads of 8000 bytes or more. */
export const MAX_EVENT_BYTES = 7900;

/**
 * NOTIFY each payload of an array, in the array's order (a function scan yields it in order, and
 * notifications are delivered in the order they were raised). PostgreSQL delivers identical payloads
 * raised in one statement once: a repeated event carries nothing new.
 */
const BATCH_NOTIFY_SQL = 'SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload';

interface Envelope {
  readonly topic: string;
  readonly data: unknown;
}

/**
 * The NOTIFY that publishes `data` on `topic` to every process's listener, as SQL and its parameters
 * (`?` placeholders, for the ORM's connection; `$n` for pg): for a process without the event target
 * (the token script revoking a token).
 */
export function eventNotification(topic: string, data: unknown): { readonly sql: string; readonly knexSql: string; readonly values: [string, string] } {
  return { sql: 'SELECT pg_notify($1, $2)', knexSql: 'SELECT pg_notify(?, ?)', values: [CHANNEL, JSON.stringify({ topic, data } satisfies Envelope)] };
}

/** Whether a notification is small enough to raise; one that is not is logged and dropped (PostgreSQL would fail its statement). */
export function fitsNotification(notification: ReturnType<typeof eventNotification>, log: Logger): boolean {
  const bytes = Buffer.byteLength(notification.values[1]);
  if (bytes <= MAX_EVENT_BYTES) return true;
  log.error(`Event on ${(JSON.parse(notification.values[1]) as Envelope).topic} dropped: ${bytes} bytes exceeds the NOTIFY limit`);
  return false;
}

export interface PostgresEventTarget extends TypedEventTarget<CustomEvent> {
  /** Resolves once LISTEN is active, so events published afterwards are received. */
  ready(): Promise<void>;
  /** Resolves the next time the listener (re)connects and LISTENs again after losing its connection. */
  reconnected(): Promise<void>;
  /** How often the listening connection was lost so far: each database restart or outage counts once. */
  connectionLosses(): number;
  /** Resolves once every event dispatched so far has been sent (a NOTIFY raised next comes after them). */
  sent(): Promise<void>;
  close(): Promise<void>;
}

export function createPostgresEventTarget(options: {
  readonly connectionString: string;
  readonly pool: pg.Pool;
  readonly log: Logger;
}): PostgresEventTarget {
  const listenersByTopic = new Map<string, Set<EventListenerOrEventListenerObject>>();
  const dispatchLocally = (payload: string) => {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch {
      options.log.warn('Ignored a malformed event payload');
      return;
    }
    const listeners = listenersByTopic.get(envelope.topic);
    if (!listeners) return;
    const event = new CustomEvent(envelope.topic, { detail: envelope.data });
    for (const listener of listeners) {
      if (typeof listener === 'function') listener(event);
      else listener.handleEvent(event);
    }
  };
  // Events published while the listener is down are not delivered (NOTIFY is not queued for absent
  // listeners). Once it listens again, `eventsResumed` tells this process's live streams, which read
  // their stored snapshot again (graphql/live.ts), so a terminal event lost in the gap is not lost to them.
  const listener = new PostgresListener({
    connectionString: options.connectionString,
    channel: CHANNEL,
    onNotification: dispatchLocally,
    onReconnected: () => dispatchLocally(JSON.stringify({ topic: EVENTS_RESUMED, data: {} } satisfies Envelope)),
    log: options.log,
  });

  // One statement at a time, in call order: through a pool, two NOTIFYs could overtake each other.
  let waiting: string[] = [];
  let sending: Promise<void> | null = null;
  const sendWaiting = (): void => {
    if (sending !== null || waiting.length === 0) return;
    const payloads = waiting;
    waiting = [];
    sending = options.pool
      .query(BATCH_NOTIFY_SQL, [CHANNEL, payloads])
      .then(
        () => {},
        (error: unknown) =>
          // During an outage every event fails alike; listeners resync from the store once it is back.
          isDatabaseUnavailable(error) ? options.log.debug(`${payloads.length} event(s) were not published: the database is unavailable`) : options.log.error(`Publishing ${payloads.length} event(s) failed`, error),
      )
      .finally(() => {
        sending = null;
        sendWaiting();
      });
  };
  const sent = async (): Promise<void> => {
    while (sending !== null) await sending;
  };

  return {
    ready: () => listener.start(),
    reconnected: () => listener.nextConnection(),
    connectionLosses: () => listener.losses,
    sent,
    async close() {
      await sent();
      await listener.close();
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
      const notification = eventNotification(event.type, event.detail);
      if (!fitsNotification(notification, options.log)) return false;
      const payload = notification.values[1];
      waiting.push(payload);
      sendWaiting();
      return true;
    },
  };
}
