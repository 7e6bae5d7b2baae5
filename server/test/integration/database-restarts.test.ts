import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Cluster, freePort, runningPostmaster } from '../../db/cluster.ts';
import { collectSubscription, gqlData, graphqlClient, wsClient } from '../../harness/graphql-client.ts';
import { PROCESS_TEST_TIMEOUT_MS, startProcess } from '../../harness/processes.ts';
import { createLogger } from '../../logger.ts';
import { killPostmasterAtEveryStage } from '../../reliability/postmaster-kills.ts';

/**
 * A database restart is weather, not death: the postmaster is SIGKILLed at every stage of a run and
 * of a sweep (pickup, load, simulate, store, publish) while one `npm start` process works on them;
 * its supervisor restarts PostgreSQL, and that same process finishes each job exactly once, with no
 * restart of its own and no lost terminal event.
 */
describe('PostgreSQL restarts under running jobs', () => {
  it('survives a postmaster SIGKILL at each stage of a backtest and a sweep and finishes both exactly once, as if uninterrupted', async () => {
    const report = await killPostmasterAtEveryStage();
    const context = `stages: ${report.stages.join(', ')}\n--- output (tail):\n${report.output.slice(-6000)}`;
    expect(report.tried, context).toBe(10);
    expect(report.survived, context).toBe(report.tried);
    for (const job of report.jobs) {
      expect({ kind: job.kind, lastEvent: job.lastEvent, jobState: job.jobState }, context).toEqual({ kind: job.kind, lastEvent: 'COMPLETED', jobState: 'completed' });
      expect(job.fingerprint, `${job.kind}: interrupted vs uninterrupted\n${context}`).toBe(job.reference);
    }
    expect(report.exitCode, context).toBe(0);
    expect(report.output).not.toMatch(/Unhandled promise rejection|Uncaught exception|poller met an unexpected error/);
    // Ten restarts of PostgreSQL and the jobs run twice (interrupted and not): more than one process test's worth.
  }, 2 * PROCESS_TEST_TIMEOUT_MS);
});

describe('PostgreSQL restarts behind DATABASE_URL', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('reconnects the ORM pool, pg-boss and LISTEN: a run in flight completes and new work runs after each restart', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'candlelab-url-restarts-'));
    await chmod(dataDir, 0o711);
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const cluster = new Cluster({ dataDir, log: createLogger('warn', 'restarts-pg'), postgresFlags: ['-c', 'fsync=off'] });
    await cluster.start();
    cleanups.push(() => cluster.stop());
    const exited = () => new Promise<void>((resolve) => cluster.onUnexpectedExit(() => resolve()));
    /** SIGKILLs the postmaster, waits for it to be gone, and starts it again on the same port (as an operator or orchestrator would). */
    const restart = async () => {
      const gone = exited();
      process.kill((await runningPostmaster(dataDir))!.pid, 'SIGKILL');
      await gone;
      // Its backends leave within moments of it; until then the new postmaster refuses their shared memory.
      for (let attempt = 1; ; attempt++) {
        try {
          return await cluster.restart();
        } catch (error) {
          if (attempt === 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
    };

    const port = await freePort();
    const app = startProcess('server/main.ts', {
      DATABASE_URL: cluster.url,
      PORT: String(port),
      CANDLELAB_SERVE_WEB: 'false',
      CANDLELAB_SAMPLE_DATA: 'false',
      CANDLELAB_DB_LOST_SECONDS: '120',
      CANDLELAB_FAILPOINTS: 'backtest.simulate.midway=pause',
    });
    cleanups.push(() => app.kill('SIGKILL'));
    await app.waitForLine(/Candlelab is running at/);
    const url = `http://127.0.0.1:${port}/graphql`;
    const gql = graphqlClient(url);
    const streams = wsClient(url);
    cleanups.push(async () => streams.dispose());
    await gqlData(gql, 'mutation { loadSampleData { seeded } }');
    const run = async (name: string) => {
      const { runBacktest } = await gqlData(gql, 'mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id } }', {
        input: { name, symbols: ['SYNTH-BTCUSDT'], timeframe: '1h', startDate: '2025-01-01T00:00:00Z', endDate: '2025-03-01T00:00:00Z', strategy: 'ema_cross', initialCapital: 10_000 },
      });
      const progress = collectSubscription(streams, 'subscription P($id: ID!) { backtestProgress(id: $id) { status } }', { id: runBacktest.id });
      return progress.done.then(() => progress.events.at(-1)?.backtestProgress.status);
    };

    const inFlight = run('in flight');
    await app.waitForLine(/failpoint backtest\.simulate\.midway paused/);
    await restart();
    app.child.kill('SIGUSR2');
    expect(await inFlight).toBe('COMPLETED');

    // Restarted while every pool is idle: the next request, job and event each need a fresh connection.
    await restart();
    expect(await run('after an idle restart')).toBe('COMPLETED');
    expect((await gqlData(gql, '{ backtests { totalCount } }')).backtests.totalCount).toBe(2);
    expect(app.child.exitCode).toBeNull();
    expect(await app.kill('SIGTERM')).toBe(0);
    expect(app.output()).not.toMatch(/Unhandled promise rejection|Uncaught exception|poller met an unexpected error/);
  }, PROCESS_TEST_TIMEOUT_MS);
});
