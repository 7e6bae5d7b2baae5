import pg from 'pg';
import type { Logger } from '../logger.ts';

/**
 * Notices a database that stays unreachable: probes it every few seconds on a connection of its
 * own and, once every probe has failed for `lostAfterMs`, reports it lost, so the process can exit
 * with one line instead of answering DATABASE_UNAVAILABLE forever. Short outages (a restart) pass.
 */
export function watchDatabase(url: string, lostAfterMs: number, log: Logger, onLost: (reason: string) => void): { stop(): void } {
  const intervalMs = Math.max(200, Math.min(2000, lostAfterMs / 5));
  let failingSince: number | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const where = (() => {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  })();
  const probe = async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: intervalMs, query_timeout: intervalMs, application_name: 'candlelab-watchdog' });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      if (failingSince !== null) log.info(`The database at ${where} answers again`);
      failingSince = null;
    } catch (error) {
      const now = Date.now();
      if (failingSince === null) {
        failingSince = now;
        log.warn(`The database at ${where} does not answer: ${(error as Error).message}`);
      } else if (now - failingSince >= lostAfterMs) {
        stopped = true;
        onLost(`the database at ${where} has not answered for ${Math.round((now - failingSince) / 1000)} s (CANDLELAB_DB_LOST_SECONDS=${lostAfterMs / 1000}; last error: ${(error as Error).message})`);
      }
    } finally {
      await client.end().catch(() => undefined);
    }
    if (!stopped) timer = setTimeout(probe, intervalMs).unref();
  };
  timer = setTimeout(probe, intervalMs).unref();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
