import pg from 'pg';

/**
 * Lock keys: one per start-up step that several processes may run at once on one database, and the
 * class of the per-market lock that candle writes take (with the market as the second key).
 */
export const LOCKS = { migrations: 727001, queueSetup: 727003, candleWrites: 727004 } as const;

/**
 * Runs `work` while holding a session advisory lock on a connection of its own, so processes starting
 * together take turns (two concurrent pg-boss create_queue calls deadlock; two migrators collide).
 */
export async function withAdvisoryLock<T>(databaseUrl: string, key: number, work: () => Promise<T>): Promise<T> {
  const lock = new pg.Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [key]);
    return await work();
  } finally {
    await lock.end();
  }
}
