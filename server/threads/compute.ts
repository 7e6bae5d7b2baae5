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
 * Computations one principal may have queued or running at once; beyond, RATE_LIMITED. Each may read
 * a million candles from PostgreSQL, which shares the cores with the event loop: a token that could
 * queue dozens would slow everyone down, even off the loop.
 */
export const MAX_COMPUTATIONS_PER_PRINCIPAL = 4;
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
  const inFlight = new Map<string, number>();
  return {
    async run(computation, inputs, { principalId, signal }) {
      const mine = inFlight.get(principalId) ?? 0;
      if (mine >= MAX_COMPUTATIONS_PER_PRINCIPAL || (pool && pool.queueSize >= MAX_QUEUED)) {
        throw new AppError('RATE_LIMITED', `At most ${MAX_COMPUTATIONS_PER_PRINCIPAL} heavy computations (Monte Carlo, heatmaps, sensitivity, data quality) may run at once per token; retry when one has finished`, {
          limit: 'computations',
          max: MAX_COMPUTATIONS_PER_PRINCIPAL,
          retryAfterSeconds: 1,
          http: { status: 429, headers: { 'Retry-After': '1' } },
        });
      }
      inFlight.set(principalId, mine + 1);
      try {
        const args = typeof inputs === 'function' ? await inputs() : inputs;
        signal?.throwIfAborted();
        const task = { module: computation.module, name: computation.name, args };
        const done = pool ? pool.run(task, signal ? { signal } : {}) : import('./compute-thread.ts').then((thread) => thread.default(task));
        return (await done.catch((error: unknown) => Promise.reject(revivedError(error)))) as never;
      } finally {
        const left = (inFlight.get(principalId) ?? 1) - 1;
        if (left > 0) inFlight.set(principalId, left);
        else inFlight.delete(principalId);
      }
    },
    close: async () => pool?.destroy(),
  };
}
