import { OperationTurns } from '../access/operation-turns.ts';
import { AppError } from '../graphql/errors.ts';
import { createThreadPool } from './thread-pool.ts';
import { revivedError } from './thread-errors.ts';

/**
 * CPU-heavy work done on the API's behalf (Monte Carlo, heatmaps, sensitivity, data-quality scans)
 * runs on a pool of threads, never on the event loop every request and the in-process worker share:
 * a read-only token can occupy a thread, not the server. A pure function is named by its module and
 * export (`computation`); its arguments and result cross to the thread by structured clone.
 */
export interface Computation<A extends unknown[], R> {
  readonly module: string;
  readonly name: string;
  /** Carries the function's type only. */
  readonly signature?: (...args: A) => R;
}

/** The export `name` of `module` (an `import.meta.url`-relative URL), typed as `F`. */
export const computation = <F extends (...args: never[]) => unknown>(module: URL, name: string): Computation<Parameters<F>, Awaited<ReturnType<F>>> => ({ module: module.href, name });

/**
 * Computations one principal may have running at once; more wait their turn, in order of arrival.
 * Each may read a million candles from PostgreSQL, which shares the cores with the event loop: a
 * token running dozens would slow everyone down, even off the loop. A waiting one has read nothing.
 */
export const MAX_COMPUTATIONS_PER_PRINCIPAL = 4;
/**
 * Computations one principal may have waiting; beyond, RATE_LIMITED. A page of the dashboard asks for
 * several at once (a sweep's heatmap and each parameter's sensitivity), more than run at once when the
 * machine is slow: they wait rather than fail.
 */
export const MAX_COMPUTATIONS_WAITING_PER_PRINCIPAL = 32;
/** Computations queued for the threads, all principals together. */
const MAX_QUEUED = 256;

export interface ComputePool {
  /**
   * Runs `computation(...inputs)` on a thread. `inputs` may be a function that reads them (from
   * PostgreSQL): it is called only once the principal has a slot, so a refused request reads nothing.
   * `signal` (the request's: REQUEST_TIMEOUT) aborts it: a queued computation never starts, a
   * running one has its thread ended.
   */
  run<A extends unknown[], R>(computation: Computation<A, R>, inputs: A | (() => Promise<A>), options: { principalId: string; signal?: AbortSignal }): Promise<R>;
  close(): Promise<void>;
}

/** A pool of `threads` threads (0: on the calling thread, for processes that serve no requests). */
export function createComputePool(threads: number, onThreadError: (error: unknown) => void): ComputePool {
  const pool = threads > 0 ? createThreadPool(new URL('./compute-thread.ts', import.meta.url), { threads, maxQueue: MAX_QUEUED, onThreadError }) : null;
  const turns = new OperationTurns(MAX_COMPUTATIONS_PER_PRINCIPAL, MAX_COMPUTATIONS_WAITING_PER_PRINCIPAL, 'computations');
  return {
    async run(computation, inputs, { principalId, signal }) {
      signal?.throwIfAborted();
      if (pool && pool.queueSize >= MAX_QUEUED) {
        throw new AppError('RATE_LIMITED', `At most ${MAX_QUEUED} heavy computations (Monte Carlo, heatmaps, sensitivity, data quality) may wait for the threads; retry when some have finished`, {
          limit: 'computations',
          max: MAX_QUEUED,
          retryAfterSeconds: 1,
          http: { status: 429, headers: { 'Retry-After': '1' } },
        });
      }
      const turn = turns.take(principalId);
      const leaveOnAbort = () => turn.leave();
      signal?.addEventListener('abort', leaveOnAbort, { once: true });
      try {
        // Not admitted only when the request was cancelled while waiting.
        await turn.admitted;
        signal?.throwIfAborted();
        const args = typeof inputs === 'function' ? await inputs() : inputs;
        signal?.throwIfAborted();
        const task = { module: computation.module, name: computation.name, args };
        const done = pool ? pool.run(task, signal ? { signal } : {}) : import('./compute-thread.ts').then((thread) => thread.default(task));
        return (await done.catch((error: unknown) => Promise.reject(revivedError(error)))) as never;
      } finally {
        signal?.removeEventListener('abort', leaveOnAbort);
        turn.leave();
      }
    },
    close: async () => pool?.destroy(),
  };
}
