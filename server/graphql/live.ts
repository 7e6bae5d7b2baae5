import type { AppServices } from '../services.ts';

/**
 * What a stream needs to catch up after a database outage: this process's `eventsResumed` events,
 * and a way to read its snapshot through the tail of the outage (the pools may still be reconnecting).
 */
export const resumption = (services: Pick<AppServices, 'pubsub' | 'outages'>) => ({
  resumed: services.pubsub.subscribe('eventsResumed'),
  readAgain: <T>(snapshot: () => Promise<T>) => services.outages.retry(snapshot),
});

/**
 * Subscribe first, then send the stored snapshot, then stream: the listener is attached before the
 * snapshot is read, so an event published in between is buffered rather than lost; events older
 * than what the snapshot already showed are dropped. Whenever `resumed` yields (this process's event
 * listener is back after a database outage, during which events were missed) the snapshot is read
 * and sent again, so a stream never waits for a terminal event that was published into the gap.
 */
export async function* snapshotThenStream<T>(options: {
  readonly source: AsyncIterable<T>;
  readonly snapshot: () => Promise<T | null>;
  readonly isTerminal: (event: T) => boolean;
  /** True when `event` carries nothing newer than `last` (e.g. a progress value already shown). */
  readonly isStale?: (event: T, last: T) => boolean;
  /** pubsub's `eventsResumed`. */
  readonly resumed: AsyncIterable<unknown>;
  /** How the snapshot is read again after a resumption. */
  readonly readAgain: <S>(snapshot: () => Promise<S>) => Promise<S>;
}): AsyncGenerator<T> {
  const events = options.source[Symbol.asyncIterator]();
  const resumptions = options.resumed[Symbol.asyncIterator]();
  // Starting the iterators attaches the pubsub listeners; their results are awaited after the snapshot.
  let pendingEvent = events.next();
  let pendingResumption = resumptions.next();
  type Next = { kind: 'event'; result: IteratorResult<T> } | { kind: 'resumed'; result: IteratorResult<unknown> };
  try {
    let last: T | null = await options.snapshot();
    if (last !== null) {
      yield last;
      if (options.isTerminal(last)) return;
    }
    while (true) {
      const next: Next = await Promise.race([
        pendingEvent.then((result) => ({ kind: 'event', result }) as const),
        pendingResumption.then((result) => ({ kind: 'resumed', result }) as const),
      ]);
      let value: T | null;
      if (next.kind === 'event') {
        if (next.result.done) return;
        pendingEvent = events.next();
        value = next.result.value;
      } else {
        if (next.result.done) return;
        pendingResumption = resumptions.next();
        value = await options.readAgain(options.snapshot);
        if (value === null) continue;
      }
      if (last !== null && options.isStale?.(value, last)) continue;
      last = value;
      yield value;
      if (options.isTerminal(value)) return;
    }
  } finally {
    pendingEvent.catch(() => {});
    pendingResumption.catch(() => {});
    await Promise.all([events.return?.(), resumptions.return?.()]);
  }
}
