import type { EntityMetadata } from '@mikro-orm/core';
import type pg from 'pg';

/** Rows per statement: keeps one JSON parameter to a few MB. */
const ROWS_PER_STATEMENT = 5_000;

/**
 * Inserts many rows of an entity in a few statements: the rows go to PostgreSQL as one JSON text per
 * statement, expanded by json_to_recordset. The ORM's insertMany binds every value as its own
 * parameter (≈ 20k rows/s for a trade row here), and its raw execute formats each query with its
 * parameters inlined for the logger, which for a multi-megabyte parameter costs more than the
 * insert; this goes through plain pg and runs many times faster, which is what storing a
 * 7,000-trade run or a sweep chunk needs. Column names and types come from the entity's metadata, so
 * it follows the entity; numbers keep every bit (JSON holds doubles' shortest round-trip text, which
 * float8 reads exactly). Returns the rows inserted.
 */
export async function bulkInsert(
  db: pg.Pool | pg.PoolClient,
  meta: EntityMetadata,
  rows: ReadonlyArray<Record<string, unknown>>,
  options: { onConflictDoNothing?: boolean } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const props = meta.props.filter((prop) => Object.hasOwn(rows[0], prop.name) && (prop.kind === 'scalar' || prop.kind === 'm:1'));
  const columns = props.map((prop) => `"${prop.fieldNames[0]}"`).join(', ');
  const recordType = props.map((prop) => `"${prop.fieldNames[0]}" ${prop.columnTypes[0]}`).join(', ');
  const sql =
    `INSERT INTO "${meta.tableName}" (${columns}) SELECT ${columns} FROM json_to_recordset($1::json) AS r(${recordType})` +
    (options.onConflictDoNothing ? ' ON CONFLICT DO NOTHING' : '');
  let inserted = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT).map((row) =>
      Object.fromEntries(
        props.map((prop) => {
          const value = row[prop.name];
          const stored = prop.kind === 'm:1' && value !== null && typeof value === 'object' ? (value as { id: unknown }).id : value;
          return [prop.fieldNames[0], stored];
        }),
      ),
    );
    inserted += (await db.query(sql, [JSON.stringify(chunk)])).rowCount ?? 0;
  }
  return inserted;
}

/** Sets the given properties of one row by primary key `id`, columns named from the metadata. */
export async function updateById(db: pg.Pool | pg.PoolClient, meta: EntityMetadata, id: string, values: Record<string, unknown>): Promise<void> {
  const props = meta.props.filter((prop) => Object.hasOwn(values, prop.name));
  const sets = props.map((prop, i) => `"${prop.fieldNames[0]}" = $${i + 2}${prop.columnTypes[0] === 'jsonb' ? '::jsonb' : ''}`);
  const params = props.map((prop) => {
    const value = values[prop.name];
    return prop.columnTypes[0] === 'jsonb' && value !== null ? JSON.stringify(value) : value;
  });
  await db.query(`UPDATE "${meta.tableName}" SET ${sets.join(', ')} WHERE id = $1`, [id, ...params]);
}

/** Runs fn in one transaction on one pooled connection. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
