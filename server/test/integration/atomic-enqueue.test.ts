import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../db/cluster.ts';
import { startProcess, type RunningProcess } from '../../harness/processes.ts';
import { createMigratedDatabase } from '../helpers/database.ts';

const RUN = JSON.stringify({
  query: 'mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id } }',
  variables: { input: { name: 'atomic', symbols: ['SYNTH-BTCUSDT'], timeframe: '1h', startDate: '2025-01-01T00:00:00Z', endDate: '2025-02-01T00:00:00Z', strategy: 'sma_cross', initialCapital: 1000 } },
});

/**
 * A run's record and its job are stored in one transaction (jobs/enqueue.ts): an API process killed
 * between writing the record and queuing the job leaves neither, so no record waits for a job that
 * does not exist (it would stay PENDING for ever and count against the token's queued-work quota).
 */
describe('record and job are stored together', () => {
  const started: RunningProcess[] = [];
  afterAll(async () => {
    await Promise.all(started.map((p) => p.kill('SIGKILL')));
  });

  async function startApi(databaseUrl: string, env: Record<string, string> = {}) {
    const port = await freePort();
    const api = startProcess('server/main.ts', { DATABASE_URL: databaseUrl, PORT: String(port), CANDLELAB_SERVE_WEB: 'false', CANDLELAB_SAMPLE_DATA: 'false', CANDLELAB_INPROCESS_WORKER: 'false', ...env });
    started.push(api);
    await api.waitForLine(/Candlelab is running at/);
    return { api, url: `http://127.0.0.1:${port}/graphql` };
  }

  async function stored(databaseUrl: string) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const runs = await client.query<{ id: string }>('SELECT id FROM backtest_run');
      const jobs = await client.query<{ id: string }>(`SELECT id FROM pgboss.job WHERE name = 'backtest'`);
      return { runs: runs.rows.map((r) => r.id), jobs: jobs.rows.map((j) => j.id) };
    } finally {
      await client.end();
    }
  }

  it('leaves neither the record nor the job when the process dies between them, and both otherwise', async () => {
    const databaseUrl = await createMigratedDatabase('atomic_enqueue');
    const { api, url } = await startApi(databaseUrl, { CANDLELAB_FAILPOINTS: 'enqueue.afterRecord' });
    const answer = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: RUN }).catch(() => 'connection cut');
    await api.waitForLine(/failpoint enqueue\.afterRecord reached/);
    // The record is written but not committed: nobody else can see it yet.
    expect(await stored(databaseUrl)).toEqual({ runs: [], jobs: [] });
    await api.kill('SIGKILL');
    expect(await answer).toBe('connection cut');
    expect(await stored(databaseUrl)).toEqual({ runs: [], jobs: [] });

    const healthy = await startApi(databaseUrl);
    const body = (await (await fetch(healthy.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: RUN })).json()) as { data: { runBacktest: { id: string } } };
    const { id } = body.data.runBacktest;
    expect(await stored(databaseUrl)).toEqual({ runs: [id], jobs: [id] });
  });
});
