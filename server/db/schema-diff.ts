import type { MikroORM } from '@mikro-orm/postgresql';

/** SQL that would bring the migrated database in line with the entities; empty when they agree. */
export async function pendingSchemaDiff(orm: MikroORM): Promise<string> {
  const sql = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, safe: false });
  return sql.trim();
}
