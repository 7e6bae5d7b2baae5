import pg from 'pg';

/**
 * Row counts of every table the app writes (its own and pg-boss's jobs): equal before and after
 * a batch of refused operations means none of them wrote anything.
 */
export async function writeFingerprint(databaseUrl: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND (table_schema = 'public' OR (table_schema = 'pgboss' AND table_name IN ('job', 'queue', 'schedule')))
         AND table_name <> 'mikro_orm_migrations' ORDER BY 1`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ count: string }>(`SELECT count(*) AS count FROM ${name}`);
      counts[name] = Number(rows[0].count);
    }
    return counts;
  } finally {
    await client.end();
  }
}
