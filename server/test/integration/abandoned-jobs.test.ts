import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_JOBS_ENV, startTestApp, type TestApp } from '../helpers/app.ts';
import { marketInput, seedSyntheticCandles } from '../helpers/candles.ts';
import { gqlData, streamToEnd } from '../../harness/graphql-client.ts';
import { PROCESS_TEST_TIMEOUT_MS, startProcess, type RunningProcess } from '../../harness/processes.ts';

const OPTIMIZE = `mutation O($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id } }`;
const PROGRESS = `subscription P($id: ID!) { optimizationProgress(id: $id) { status message } }`;
const SWEEP = `query S($id: ID!) { optimizationSweep(id: $id) { status attempts errorCode error } }`;

/**
 * Every queue has a dead-letter handler (jobs/runner.ts): a job whose workers die on every attempt
 * ends with its record FAILED instead of RUNNING forever. Shown on a sweep, with real worker
 * processes SIGKILLed while they hold the job.
 */
describe('a job whose every attempt dies', () => {
  let api: TestApp;
  let range: { fromMs: number; toMs: number };
  const workers: RunningProcess[] = [];
  // One retry and a 3 s lease keep the test short; the path is the same with the defaults.
  const jobEnv = { ...FAST_JOBS_ENV, JOB_RETRY_LIMIT: '1', JOB_LEASE_SECONDS: '3' };
  const startWorker = (env: Record<string, string> = {}) => {
    const worker = startProcess('server/worker.ts', { DATABASE_URL: api.databaseUrl, ...jobEnv, ...env });
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    api = await startTestApp({ worker: false, env: jobEnv });
    range = await seedSyntheticCandles(api.databaseUrl, { symbol: 'SYNTH-ADAUSDT', interval: '1h', count: 3_000, seed: 3 });
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill('SIGKILL')));
    await api?.stop();
  }, PROCESS_TEST_TIMEOUT_MS);

  it('ends FAILED with JOB_ABANDONED once its retries are spent', async () => {
    const { optimizeStrategy } = await gqlData(api.gql, OPTIMIZE, {
      input: { ...marketInput(range, 'SYNTH-ADAUSDT', '1h'), parameterRanges: { fast: [5, 8, 12], slow: { min: 20, max: 200, step: 10 } } },
    });
    const progress = streamToEnd(api.graphqlUrl!, PROGRESS, { id: optimizeStrategy.id });
    for (let attempt = 1; attempt <= 2; attempt++) {
      // Every attempt of the sweep's own job dies before it sends any chunk.
      const doomed = startWorker({ CANDLELAB_FAILPOINTS: 'optimize.coordinator.started' });
      await doomed.waitForLine(/failpoint optimize.coordinator.started reached/);
      console.log('attempt', attempt, 'reached');
      await doomed.kill('SIGKILL');
    }
    // A healthy worker: the job itself is gone for good, its dead letter is what it finds.
    startWorker();
    const events = (await progress).map((e) => e.optimizationProgress);
    expect(events.at(-1)).toMatchObject({ status: 'FAILED' });
    const { optimizationSweep } = await gqlData(api.gql, SWEEP, { id: optimizeStrategy.id });
    expect(optimizationSweep).toMatchObject({ status: 'FAILED', attempts: 2, errorCode: 'JOB_ABANDONED' });
    expect(optimizationSweep.error).toMatch(/Abandoned after every attempt/);
  }, PROCESS_TEST_TIMEOUT_MS);
});
