import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../db/cluster.ts';
import { gqlData, graphqlClient } from '../../harness/graphql-client.ts';
import { PROCESS_TEST_TIMEOUT_MS, startNpmScript, startProcess, type RunningProcess } from '../../harness/processes.ts';

const RUN = `mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id name } }`;

/**
 * `npm start` with no DATABASE_URL: the embedded PostgreSQL lives in the data folder, other
 * processes join it, and data survives a restart.
 */
describe('zero-setup embedded PostgreSQL', () => {
  let dataDir = '';
  const started: RunningProcess[] = [];
  afterAll(async () => {
    await Promise.all(started.map((p) => p.kill('SIGTERM')));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const start = async (script: string, port: number, how: 'node' | 'npm' = 'node') => {
    const env: Record<string, string> = {
      CANDLELAB_DATA_DIR: dataDir,
      CANDLELAB_STATE_DIR: path.join(dataDir, 'state'),
      PORT: String(port),
      CANDLELAB_SERVE_WEB: 'false',
      CANDLELAB_SAMPLE_DATA: 'false',
      DATABASE_URL: '',
    };
    const child = how === 'npm' ? startNpmScript(script, env) : startProcess(script, env);
    started.push(child);
    return child;
  };

  it('keeps runs across a restart, lets a worker process join the same server, and stops PostgreSQL on SIGTERM and on Ctrl-C of npm start', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'candlelab-data-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;

    const first = await start('server/main.ts', port);
    await first.waitForLine(/Candlelab is running at/);
    expect(first.output()).toContain(`Candlelab is running at ${url}`);
    const graphiql = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).toMatch(/GraphiQL/i);

    const gql = graphqlClient(`${url}/graphql`);
    const { runBacktest } = await gqlData(gql, RUN, {
      input: {
        name: 'survives restart',
        symbols: ['SYNTH-BTCUSDT'],
        timeframe: '1h',
        startDate: '2024-01-01T00:00:00Z',
        endDate: '2024-02-01T00:00:00Z',
        strategy: 'sma_cross',
        initialCapital: 5_000,
      },
    });

    const worker = await start('server/worker.ts', 0);
    await worker.waitForLine(/Worker ready/);
    expect(worker.output()).toMatch(/Using the embedded PostgreSQL of data folder/);
    await worker.kill('SIGTERM');

    expect(await first.kill('SIGTERM')).toBe(0);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await start('start', port, 'npm');
    await second.waitForLine(/Candlelab is running at/);
    expect(second.output()).not.toMatch(/Initialising embedded PostgreSQL/);
    const { backtest } = await gqlData(gql, `query Q($id: ID!) { backtest(id: $id) { id name } }`, { id: runBacktest.id });
    expect(backtest).toEqual({ id: runBacktest.id, name: 'survives restart' });

    // Ctrl-C in the terminal running `npm start`: the whole group gets SIGINT and npm relays it once
    // more. npm itself ends by the signal at once, as it does in a terminal; the app stops on its own.
    const outputBefore = second.output().length;
    const stopped = second.waitForLine(/Candlelab stopped/);
    process.kill(-second.child.pid!, 'SIGINT');
    await stopped;
    await second.closed;
    const shutdownOutput = second.output().slice(outputBefore).trim();
    // One stop line and nothing from npm; a log line the app was already writing may land after the signal on a loaded machine.
    const lines = shutdownOutput.split('\n');
    expect(lines.filter((line) => /Candlelab stopped/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => !line.startsWith('{"level":') && !/Candlelab stopped/.test(line))).toEqual([]);
    expect(shutdownOutput).toMatch(/Candlelab stopped \(SIGINT\)/);
    expect(shutdownOutput).not.toMatch(/Error|\n\s+at /);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, PROCESS_TEST_TIMEOUT_MS);
});
