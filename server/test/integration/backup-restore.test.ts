import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../db/cluster.ts';
import { startTestApp } from '../helpers/app.ts';
import { marketInput, seedSyntheticCandles } from '../helpers/candles.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { gqlData, graphqlClient, streamToEnd } from '../../harness/graphql-client.ts';
import { PROCESS_TEST_TIMEOUT_MS, startProcess, type RunningProcess } from '../../harness/processes.ts';

/** Every row of every table, as one digest per table (pg-boss's jobs included). */
async function contents(databaseUrl: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_name <> 'mikro_orm_migrations'
          AND (table_schema = 'public' OR (table_schema = 'pgboss' AND table_name IN ('job', 'queue', 'archive', 'schedule')))`,
    );
    const digests: Record<string, string> = {};
    for (const { name } of tables) {
      // pg-boss's queue rows carry their own timestamps; compare what defines them.
      const row = name === 'pgboss.queue' ? '(t.name, t.policy, t.retry_limit, t.retry_delay, t.retry_backoff, t.expire_seconds, t.dead_letter)::text' : 't::text';
      const { rows } = await client.query<{ digest: string; count: string }>(`SELECT count(*) AS count, md5(coalesce(string_agg(${row}, ',' ORDER BY ${row}), '')) AS digest FROM ${name} t`);
      digests[name] = `${rows[0].count}:${rows[0].digest}`;
    }
    return digests;
  } finally {
    await client.end();
  }
}

const script = (args: string[], env: Record<string, string>) => startProcess('server/scripts/backup.ts', { LOG_LEVEL: 'warn', ...env }, args);

describe('npm run db:backup / db:restore', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('restores a backup taken while the app runs into an empty database, row for row, jobs included', async () => {
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'candlelab-backup-'));
    cleanup.push(() => rm(workDir, { recursive: true, force: true }));
    const source = await createTestDatabase('backup_source');
    const app = await startTestApp({ databaseUrl: source });
    const range = await seedSyntheticCandles(source, { symbol: 'SYNTH-BTCUSDT', interval: '1h', count: 2_000 });
    const { runBacktest } = await gqlData(app.gql, 'mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }', { input: marketInput(range, 'SYNTH-BTCUSDT', '1h') });
    await streamToEnd(app.graphqlUrl!, 'subscription P($id: ID!) { backtestProgress(id: $id) { status } }', { id: runBacktest.id });
    const file = path.join(workDir, 'nightly.backup');
    const backup = script(['backup', file], { DATABASE_URL: source });
    expect(await backup.exited, backup.output()).toBe(0);
    expect(backup.output()).toMatch(/^Backed up \d+ rows in \d+ tables \(1 backtest_run, 0 optimization_sweep, \d+ candle_chunk\) to /m);
    await app.stop();

    const target = await createTestDatabase('backup_target');
    const restore = script(['restore', file], { DATABASE_URL: target });
    expect(await restore.exited, restore.output()).toBe(0);
    expect(restore.output()).toMatch(/^Restored \d+ rows/m);
    expect(restore.output()).not.toMatch(/Saved the current database/);
    expect(await contents(target)).toEqual(await contents(source));

    const restored = await startTestApp({ databaseUrl: target, worker: false });
    try {
      const query = 'query B($id: ID!) { backtest(id: $id) { status metrics { totalTrades roi } trades(first: 3) { totalCount edges { node { entryPrice } } } } }';
      const seen = await gqlData(restored.gql, query, { id: runBacktest.id });
      expect(seen.backtest.status).toBe('COMPLETED');
      expect(seen.backtest.trades.totalCount).toBeGreaterThan(0);
      // A second restore while an app is connected is refused, and changes nothing.
      const busy = script(['restore', file], { DATABASE_URL: target });
      expect(await busy.exited, busy.output()).toBe(1);
      expect(busy.output()).toMatch(/^Candlelab restore failed: the database has \d+ other connection\(s\): stop Candlelab/m);
    } finally {
      await restored.stop();
    }

    // Restoring over data saves that data first.
    const again = script(['restore', file], { DATABASE_URL: target, CANDLELAB_BACKUP_DIR: workDir });
    expect(await again.exited, again.output()).toBe(0);
    expect(again.output()).toMatch(new RegExp(`^Saved the current database to ${workDir}/candlelab-before-restore-\\d{8}-\\d{6}\\.backup first$`, 'm'));
    expect(await contents(target)).toEqual(await contents(source));
    // An app and three script processes, each starting up on what may be a crowded machine.
  }, 2 * PROCESS_TEST_TIMEOUT_MS);

  it('refuses what is not a backup, in one line', async () => {
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'candlelab-backup-'));
    cleanup.push(() => rm(workDir, { recursive: true, force: true }));
    const bogus = path.join(workDir, 'bogus.backup');
    const { gzipSync } = await import('node:zlib');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(bogus, gzipSync('SELECT 1;\n'));
    const restore = script(['restore', bogus], { DATABASE_URL: await createTestDatabase('bogus_target') });
    expect(await restore.exited, restore.output()).toBe(1);
    expect(restore.output().trim()).toMatch(/^Candlelab restore failed: .*bogus\.backup is not a Candlelab backup/);
  }, PROCESS_TEST_TIMEOUT_MS);

  it('brings back an embedded database whose data folder was deleted', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'candlelab-backup-embedded-'));
    await chmod(root, 0o711);
    const env = { CANDLELAB_DATA_DIR: path.join(root, 'data'), CANDLELAB_STATE_DIR: path.join(root, 'state'), CANDLELAB_SERVE_WEB: 'false', CANDLELAB_SAMPLE_DATA: 'false', CANDLELAB_INPROCESS_WORKER: 'false', DATABASE_URL: '' };
    const processes: RunningProcess[] = [];
    cleanup.push(async () => {
      await Promise.all(processes.map((p) => p.kill('SIGKILL')));
      await rm(root, { recursive: true, force: true });
    });
    const startApi = async () => {
      const port = await freePort();
      const api = startProcess('server/main.ts', { ...env, PORT: String(port) });
      processes.push(api);
      return Object.assign(api, { gql: graphqlClient(`http://127.0.0.1:${port}/graphql`) });
    };

    const api = await startApi();
    await api.waitForLine(/Candlelab is running at/);
    const input = { name: 'keep me', symbols: ['SYNTH-BTCUSDT'], timeframe: '1h', startDate: '2024-01-01T00:00:00Z', endDate: '2024-02-01T00:00:00Z', strategy: 'sma_cross', initialCapital: 1000 };
    await gqlData(api.gql, 'mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }', { input });
    const file = path.join(root, 'before-disaster.backup');
    const backup = script(['backup', file], env);
    expect(await backup.exited, backup.output()).toBe(0);
    expect(await api.kill('SIGTERM')).toBe(0);

    await rm(path.join(root, 'data', 'pg'), { recursive: true, force: true });
    const refused = await startApi();
    expect(await refused.exited, refused.output()).toBe(1);

    const restore = script(['restore', file], env);
    expect(await restore.exited, restore.output()).toBe(0);
    const back = await startApi();
    await back.waitForLine(/Candlelab is running at/);
    const { backtests } = await gqlData(back.gql, '{ backtests { edges { node { name status } } } }');
    expect(backtests.edges).toEqual([{ node: { name: 'keep me', status: 'PENDING' } }]);
    expect(await back.kill('SIGTERM')).toBe(0);
  }, 180_000);
});
