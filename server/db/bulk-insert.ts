import type { EntityManager, EntityName } from '@mikro-orm/postgresql';

/** Rows per statement: keeps one JSON parameter to a few MB. */
const ROWS_PER_STATEMENT = 5_000;

/**
 * Inserts many rows of an entity in a few statements: the rows go to PostgreSQL as one JSON text per
 * statement, expanded by json_to_recordset. The ORM's insertMany binds every value as its own
 * parameter (≈ 20k rows/s for a trade row here); this path parses a single parameter and runs
 * ~10× faster, which is what storing a 7,000-trade run or a 1,000-row sweep chunk needs.
 * Column names and types come from the entity's metadata, so it follows the entity; numbers keep
 * every bit (JSON holds doubles' shortest round-trip text, which float8 reads exactly). Runs in the
 * EntityManager's transaction when there is one. Returns the rows inserted.
 */
export async function bulkInsert<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  rows: ReadonlyArray<Record<string, unknown>>,
  options: { onConflictDoNothing?: boolean } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const meta = em.getMetadata().get(entity as never);
  const props = meta.props.filter((prop) => Object.hasOwn(rows[0], prop.name) && (prop.kind === 'scalar' || prop.kind === 'm:1'));
  const columns = props.map((prop) => `"${prop.fieldNames[0]}"`).join(', ');
  const recordType = props.map((prop) => `"${prop.fieldNames[0]}" ${prop.columnTypes[0]}`).join(', ');
  const sql =
    `INSERT INTO "${meta.tableName}" (${columns}) SELECT ${columns} FROM json_to_recordset(?::json) AS r(${recordType})` +
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
    const result = await em.getConnection().execute(sql, [JSON.stringify(chunk)], 'run', em.getTransactionContext());
    inserted += (result as { affectedRows?: number }).affectedRows ?? chunk.length;
  }
  return inserted;
}
