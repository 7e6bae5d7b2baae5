import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, isAlive, runningPostmaster } from '../db/cluster.ts';
import { collectSubscription, gqlData, graphqlClient, wsClient, type GraphQLClient } from '../harness/graphql-client.ts';
import type { RunningProcess } from '../harness/processes.ts';
import { startEmbeddedApp } from './embedded-app.ts';

const run = promisify(execFile);

/** The data folder's own filesystem: large enough for the offline sample, small enough to fill in a blink. */
const FILESYSTEM_MB = 192;
const RUN = 'mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id } }';
const INPUT = { symbols: ['SYNTH-BTCUSDT'], timeframe: '1h', startDate: '2025-01-01T00:00:00Z', endDate: '2025-04-01T00:00:00Z', strategy: 'ema_cross', initialCapital: 10_000 };
const IMPORT = 'mutation I($input: ImportCandlesInput!) { importCandles(input: $input) { rowsInserted } }';

/**
 * A full disk is reproduced for real: the data folder lives on a size-limited tmpfs mounted for the
 * occasion, which a file is written to until the kernel answers ENOSPC. That needs the right to mount
 * (root with CAP_SYS_ADMIN, as in CI and containers here); elsewhere the run says it cannot.
 */
export async function canMountFilesystems(): Promise<boolean> {
  const probe = await mkdtemp(path.join(os.tmpdir(), 'candlelab-mount-probe-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]);
    await run('umount', [probe]);
    return true;
  } catch {
    return false;
  } finally {
    await rm(probe, { recursive: true, force: true });
  }
}

export interface FullDiskReport {
  /** Codes the API answered with while the disk was full. */
  readonly whileFull: { readonly runBacktest: string; readonly importCandles: string; readonly reads: string };
  /** The run in flight when the disk filled: it met it (the runner said so), then the last status its subscriber saw. */
  readonly inFlight: { readonly metFullDisk: boolean; readonly lastEvent: string };
  /** A run started once space was back. */
  readonly afterwards: string;
  readonly exitCode: number | null;
  readonly output: string;
}

/**
 * One `npm start` process whose data folder's disk fills while a backtest runs (paused mid-simulation
 * by a failpoint until the disk is full). While full, every answer must be coded; once the filler is
 * deleted, the run must finish by itself and new work must run, with no restart.
 */
export async function fillTheDiskUnderARun(): Promise<FullDiskReport> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'candlelab-full-disk-'));
  await chmod(root, 0o711);
  const mountPoint = path.join(root, 'disk');
  await mkdir(mountPoint);
  await run('mount', ['-t', 'tmpfs', '-o', `size=${FILESYSTEM_MB}m,mode=0711`, 'tmpfs', mountPoint]);
  const dataDir = path.join(mountPoint, 'data');
  const filler = path.join(mountPoint, 'filler');
  const port = await freePort();
  const app = startEmbeddedApp(root, dataDir, port, { CANDLELAB_FAILPOINTS: 'backtest.simulate.midway=pause' });
  const url = `http://127.0.0.1:${port}/graphql`;
  const streams = wsClient(url);
  try {
    await app.waitForLine(/Candlelab is running at/);
    const gql = graphqlClient(url);
    await gqlData(gql, 'mutation { loadSampleData { seeded } }');
    const submit = async (name: string) => {
      const { runBacktest } = await gqlData(gql, RUN, { input: { ...INPUT, name } });
      const progress = collectSubscription(streams, 'subscription P($id: ID!) { backtestProgress(id: $id) { status } }', { id: runBacktest.id });
      return progress.done.then(() => String(progress.events.at(-1)?.backtestProgress.status));
    };

    const inFlight = submit('through a full disk');
    await app.waitForLine(/failpoint backtest\.simulate\.midway paused/);
    await fillUp(filler);
    app.child.kill('SIGUSR2');
    await app.waitForLine(/met a full disk/);
    const whileFull = {
      runBacktest: await codeOf(gql, RUN, { input: { ...INPUT, name: 'while full' } }),
      importCandles: await codeOf(gql, IMPORT, { input: { symbol: 'FULLDISKUSDT', interval: '1h', format: 'CSV', content: csvOfHours(500) } }),
      reads: await codeOf(gql, '{ backtests { totalCount } }'),
    };

    await rm(filler);
    const lastEvent = await inFlight;
    const afterwards = await submit('after the disk was freed');
    await streams.dispose();
    return { whileFull, inFlight: { metFullDisk: true, lastEvent }, afterwards, exitCode: await app.kill('SIGTERM'), output: app.output() };
  } finally {
    await Promise.resolve(streams.dispose()).catch(() => undefined);
    await stopAndUnmount(app, dataDir, mountPoint);
    await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

/** Writes zeros to `file` until the filesystem has no room left. */
async function fillUp(file: string): Promise<void> {
  const handle = await open(file, 'w');
  const block = Buffer.alloc(1024 * 1024);
  try {
    for (;;) await handle.write(block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    await handle.close();
  }
}

/** The error code an operation is answered with, 'data' when it succeeds. */
async function codeOf(gql: GraphQLClient, query: string, variables?: Record<string, unknown>): Promise<string> {
  const { errors } = await gql(query, variables);
  return errors?.length ? String(errors[0].extensions?.code) : 'data';
}

const csvOfHours = (hours: number) =>
  ['time,open,high,low,close,volume', ...Array.from({ length: hours }, (_, i) => `${Date.UTC(2024, 0, 1) + i * 3_600_000},100,101,99,100.5,10`)].join('\n');

async function stopAndUnmount(app: RunningProcess, dataDir: string, mountPoint: string): Promise<void> {
  await app.kill('SIGKILL');
  await app.closed;
  const postmaster = await runningPostmaster(dataDir).catch(() => null);
  for (let waited = 0; postmaster && isAlive(postmaster.pid) && waited < 60_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  await run('umount', ['--lazy', mountPoint]).catch(() => undefined);
}
