import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_JOBS_ENV, startTestApp, type TestApp } from '../helpers/app.ts';
import { marketInput, seedSyntheticCandles } from '../helpers/candles.ts';
import { collectSubscription, gqlData, wsClient } from '../../harness/graphql-client.ts';
import { PROCESS_TEST_TIMEOUT_MS, startProcess, type RunningProcess } from '../../harness/processes.ts';

const OPTIMIZE = `mutation O($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id totalEvaluations } }`;
const PROGRESS = `subscription P($id: ID!) { optimizationProgress(id: $id) { status completedEvaluations totalEvaluations } }`;

/**
 * Issue 9 acceptance 3: a sweep is shared by every worker process (chunk jobs), and one SIGKILLed
 * mid-run costs nothing but time: its chunks are retried elsewhere and every evaluation is stored once.
 */
describe('a sweep across worker processes', () => {
  let api: TestApp;
  let range: { fromMs: number; toMs: number };
  const workers: RunningProcess[] = [];
  const env = { ...FAST_JOBS_ENV, JOB_LEASE_SECONDS: '3', EVALUATION_THREADS: '1' };
  const startWorker = (extra: Record<string, string> = {}) => {
    const worker = startProcess('server/worker.ts', { DATABASE_URL: api.databaseUrl, ...env, ...extra });
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    api = await startTestApp({ worker: false, env });
    range = await seedSyntheticCandles(api.databaseUrl, { symbol: 'SYNTH-ETHUSDT', interval: '15m', count: 20_000, seed: 13 });
  }, PROCESS_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill('SIGKILL')));
    await api?.stop();
  });

  it('two workers both evaluate chunks; one SIGKILLed mid-run, every combination is still stored exactly once', async () => {
    // Each chunk waits between evaluating and storing its rows, so the sweep lasts long enough to share;
    // the worker killed is killed while one of its chunks waits, whose rows another worker must then redo.
    const delayed = /failpoint optimize.chunk.evaluated delaying/;
    const [a, b] = [startWorker({ CANDLELAB_FAILPOINTS: 'optimize.chunk.evaluated=delay:2000' }), startWorker({ CANDLELAB_FAILPOINTS: 'optimize.chunk.evaluated=delay:1000' })];
    await Promise.all([a.waitForLine(/Worker ready/), b.waitForLine(/Worker ready/)]);
    const { optimizeStrategy } = await gqlData(api.gql, OPTIMIZE, {
      input: { ...marketInput(range, 'SYNTH-ETHUSDT', '15m'), parameterRanges: { fast: { min: 3, max: 20, step: 1 }, slow: { min: 25, max: 60, step: 5 } }, minTrades: 0, validation: {} },
    });
    const ws = wsClient(api.graphqlUrl!);
    const progress = collectSubscription(ws, PROGRESS, { id: optimizeStrategy.id });
    // A runs two chunks at a time (chunk slots), each delayed before it stores. Its third delay comes from a
    // slot whose first chunk is stored, so A has rows of its own and one chunk in hand when it is killed.
    await Promise.race([
      a.waitForLines(delayed, 3),
      progress.done.then(() => {
        throw new Error(`the sweep completed before worker A took a third chunk; its output ends: ${a.output().slice(-2000)}`);
      }),
    ]);
    await a.kill('SIGKILL');
    await progress.done;
    await ws.dispose();
    expect(progress.events.at(-1).optimizationProgress).toMatchObject({ status: 'COMPLETED', completedEvaluations: optimizeStrategy.totalEvaluations });

    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    try {
      const rows = (
        await db.query(
          `SELECT count(*)::int AS n, count(DISTINCT params_key)::int AS distinct_keys, count(DISTINCT evaluated_by)::int AS workers FROM strategy_optimization WHERE sweep_id = $1`,
          [optimizeStrategy.id],
        )
      ).rows[0];
      expect(rows).toEqual({ n: optimizeStrategy.totalEvaluations, distinct_keys: optimizeStrategy.totalEvaluations, workers: 2 });
      const chunks = (await db.query(`SELECT max(retry_count)::int AS retried FROM pgboss.job WHERE name = 'optimize-chunk' AND data->>'sweepId' = $1`, [optimizeStrategy.id])).rows[0];
      expect(chunks.retried).toBeGreaterThanOrEqual(1);
    } finally {
      await db.end();
    }
  }, PROCESS_TEST_TIMEOUT_MS);
});
