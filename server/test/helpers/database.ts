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
