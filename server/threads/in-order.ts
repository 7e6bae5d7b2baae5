/**
 * Hands tasks to `run` in the order they were asked for, at most `inFlight` at a time. A thread pool's own
 * queue is first come, first served too, but tasks asked for within the same few microtasks by several
 * callers (the parameter-set batches of the chunk jobs a worker runs side by side) reach it interleaved,
 * so the callers all finish at about the same moment and then all wait on the database at once, with the
 * threads idle: on the 1,064-set sweep two threads sat idle about a third of the time between such waves.
 * Kept in order, the first caller's batches finish first, and its store and the fetch of its next chunk
 * overlap the others' evaluation.
 * A task whose signal aborts while it waits is refused at once, with an AbortError as the pool's.
 */
export function inOrder<Task, Result>(run: (task: Task, signal?: AbortSignal) => Promise<Result>, inFlight: number) {
  interface Waiting {
    readonly task: Task;
    readonly signal?: AbortSignal;
    readonly resolve: (result: Result) => void;
    readonly reject: (error: unknown) => void;
    readonly onAbort: () => void;
  }
  const waiting: Waiting[] = [];
  let running = 0;
  const pump = (): void => {
    while (running < inFlight && waiting.length > 0) {
      const next = waiting.shift()!;
      next.signal?.removeEventListener('abort', next.onAbort);
      running++;
      run(next.task, next.signal)
        .then(next.resolve, next.reject)
        .finally(() => {
          running--;
          pump();
        });
    }
  };
  return (task: Task, signal?: AbortSignal): Promise<Result> =>
    new Promise<Result>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal.reason));
      const entry: Waiting = {
        task,
        signal,
        resolve,
        reject,
        onAbort: () => {
          const at = waiting.indexOf(entry);
          if (at >= 0) waiting.splice(at, 1);
          reject(abortError(signal!.reason));
        },
      };
      signal?.addEventListener('abort', entry.onAbort, { once: true });
      waiting.push(entry);
      pump();
    });
}

function abortError(reason: unknown): Error {
  const error = new Error('The task has been aborted', { cause: reason });
  error.name = 'AbortError';
  return error;
}
