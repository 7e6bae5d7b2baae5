/**
 * Subscribe first, then send the stored snapshot, then stream: the listener is attached before the
 * snapshot is read, so an event published in between is buffered rather than lost; events older
 * than what the snapshot already showed are dropped.
 */
export async function* snapshotThenStream<T>(options: {
  readonly source: AsyncIterable<T>;
  readonly snapshot: () => Promise<T | null>;
  readonly isTerminal: (event: T) => boolean;
  /** True when `event` carries nothing newer than `last` (e.g. a progress value already shown). */
  readonly isStale?: (event: T, last: T) => boolean;
}): AsyncGenerator<T> {
  const iterator = options.source[Symbol.asyncIterator]();
  // Starting the iterator attaches the pubsub listener; its result is awaited after the snapshot.
  let pending = iterator.next();
  try {
    let last: T | null = await options.snapshot();
    if (last !== null) {
      yield last;
      if (options.isTerminal(last)) return;
    }
    while (true) {
      const { value, done } = await pending;
      if (done) return;
      pending = iterator.next();
      if (last !== null && options.isStale?.(value, last)) continue;
      last = value;
      yield value;
      if (options.isTerminal(value)) return;
    }
  } finally {
    pending.catch(() => {});
    await iterator.return?.();
  }
}
