import { setTimeout as sleep } from 'node:timers/promises';
import { isDatabaseUnavailable, isStorageFull } from '../graphql/error-policy.ts';
import type { PostgresEventTarget } from '../graphql/postgres-event-target.ts';

/**
 * Database weather: an outage (PostgreSQL restarting, the server unreachable) or a full disk. It
 * passes by itself, so what met it waits and tries again rather than failing: a job hands itself
 * back (jobs/runner.ts), an API request answers DATABASE_UNAVAILABLE or STORAGE_FULL. A database
 * that never comes back is the watchdog's and the supervisor's to declare lost (db/watchdog.ts).
 */
export const isDatabaseWeather = (error: unknown): boolean => isDatabaseUnavailable(error) || isStorageFull(error);

export interface DatabaseOutages {
  /**
   * Outages seen so far: each breaks the process's LISTEN connection once. Work that failed while
   * this changed met an outage, whatever error it saw (a transaction whose connection died says so
   * only indirectly).
   */
  count(): number;
  /**
   * Runs `work` until it gets through the weather: each time it fails with a weather error it is run
   * again after a pause (0.1 s doubling to 2 s). Other errors, and `signal` aborting, end it.
   */
  retry<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

const MAX_PAUSE_MS = 2000;

export function databaseOutages(eventTarget: Pick<PostgresEventTarget, 'connectionLosses'>): DatabaseOutages {
  return {
    count: () => eventTarget.connectionLosses(),
    async retry(work, signal) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await work();
        } catch (error) {
          if (!isDatabaseWeather(error) || signal?.aborted) throw error;
        }
        await sleep(Math.min(MAX_PAUSE_MS, 100 * 2 ** attempt), undefined, signal ? { signal } : undefined);
      }
    },
  };
}
