import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { printSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrationIndexIsCurrent } from '../../db/migration-index.ts';
import { migrate, openOrm } from '../../db/orm.ts';
import { pendingSchemaDiff } from '../../db/schema-diff.ts';
import { sortedSchema } from '../../graphql/schema.ts';
import { createTestDatabase } from '../helpers/database.ts';

describe('generated artefacts are current', () => {
  let databaseUrl: string;
  beforeAll(async () => {
    databaseUrl = await createTestDatabase('migrations');
  });

  it('migrations/ produce exactly the schema the entities describe', async () => {
    const orm = await openOrm(databaseUrl);
    try {
      await migrate(orm, databaseUrl);
      expect(await pendingSchemaDiff(orm)).toBe('');
    } finally {
      await orm.close();
    }
  });

  it('migrations/index.ts lists every migration file', async () => {
    expect(await migrationIndexIsCurrent()).toBe(true);
  });

  it('schema.graphql matches the Pothos schema', async () => {
    const checkedIn = await readFile(path.resolve(import.meta.dirname, '../../../schema.graphql'), 'utf8');
    expect(checkedIn).toBe(`${printSchema(sortedSchema())}\n`);
  });
});

