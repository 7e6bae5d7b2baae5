import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** A fresh, empty database on the run's shared test server; the app migrates it when it starts. */
export async function createTestDatabase(label = 'test'): Promise<string> {
  const serverUrl = new URL(inject('postgresUrl'));
  const name = `${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  serverUrl.pathname = `/${name}`;
  return serverUrl.toString();
}

/** A fresh database with the project's migrations applied (for tests that write before any app starts). */
export async function createMigratedDatabase(label = 'test'): Promise<string> {
  const { migrate, openOrm } = await import('../../db/orm.ts');
  const url = await createTestDatabase(label);
  const orm = await openOrm(url);
  try {
    await migrate(orm, url);
  } finally {
    await orm.close();
  }
  return url;
}
