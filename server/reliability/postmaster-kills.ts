import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, isAlive, runningPostmaster } from '../db/cluster.ts';
import { databaseUrl, loadOrCreateCredentials } from '../db/data-folder.ts';
import { collectSubscription, gqlData, graphqlClient, wsClient } from '../harness/graphql-client.ts';
import type { RunningProcess } from '../harness/processes.ts';
import { startEmbeddedApp } from './embedded-app.ts';
import { JOB_STAGE_FAILPOINTS } from '../jobs/failpoints.ts';
import { resultFingerprint, type WorkKind } from './job-rig.ts';

/** What the kills interrupt: a backtest and a small sweep (hold-out validation, the default) on the offline sample. */
const MARKET = { symbols: ['SYNTH-BTCUSDT'], timeframe: '1h', startDate: '2025-01-01T00:00:00Z', endDate: '2025-05-01T00:00:00Z', initialCapital: 10_000 };
const WORK: Record<WorkKind, { mutation: string; field: string; progress: string; progressField: string; input: Record<string, unknown> }> = {
  backtest: {
    mutation: 'mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id } }',
    field: 'runBacktest',
    progress: 'subscription P($id: ID!) { backtestProgress(id: $id) { status } }',
    progressField: 'backtestProgress',
    input: { ...MARKET, name: 'through restarts', strategy: 'ema_cross', strategyParams: { fast: 12, slow: 26 } },
  },
  sweep: {
    mutation: 'mutation Sweep($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id } }',
    field: 'optimizeStrategy',
    progress: 'subscription P($id: ID!) { optimizationProgress(id: $id) { status } }',
    progressField: 'optimizationProgress',
    input: { ...MARKET, name: 'through restarts', strategy: 'sma_cross', parameterRanges: { fast: { min: 5, max: 15, step: 5 }, slow: { min: 30, max: 60, step: 10 } } },
  },
};
const KINDS = Object.keys(WORK) as WorkKind[];
const RESTARTED = /Embedded PostgreSQL restarted on port/;
/**
 * What else must have happened before a paused stage is let go. While a chunk waits to store its rows,
 * the sweep's coordinator (polling them) meets the outage and hands itself back, leaving the sweep
 * PENDING: the chunk must then store into a sweep that is briefly not RUNNING, the order that once lost
 * its rows for good. Waiting makes that order certain rather than a race.
 */
const BEFORE_RESUMING: Partial<Record<WorkKind, Partial<Record<string, RegExp>>>> = {
  sweep: { simulate: /optimize job \S+ is back in the queue after the database weather/ },
};
/** The longest any one step may take (a start, a pause reached, a restart, a job's end) before the run is given up, with the app's output. */
const STEP_MS = 150_000;

export interface KilledJob {
  readonly kind: WorkKind;
  readonly id: string;
  /** The last status its live subscriber saw (the stream ends at a terminal one). */
  readonly lastEvent: string;
  readonly fingerprint: string;
  /** The same input run again, uninterrupted, in the same process. */
  readonly reference: string;
  /** Its pg-boss job's state (`completed`, once). */
  readonly jobState: string | null;
}

export interface PostmasterKillReport {
  /** Postmaster SIGKILLs, one at each stage of each job. */
  readonly tried: number;
  /** Kills after which the supervisor restarted PostgreSQL and the app process was still the same, alive one. */
  readonly survived: number;
  readonly stages: readonly string[];
  readonly jobs: readonly KilledJob[];
  /** The app process's exit status on SIGTERM at the end (0: it stopped cleanly, having never died). */
  readonly exitCode: number | null;
  readonly output: string;
}

/**
 * One `npm start` process (API + in-process worker, embedded PostgreSQL run by its supervisor) runs a
 * backtest, then a sweep. Each job pauses at every stage (pickup, load, simulate, store, publish:
 * jobs/failpoints.ts `pause`); at each pause the postmaster is SIGKILLed, the supervisor restarts it,
 * and the process is told to carry on. Nobody restarts the process. Each job must end COMPLETED, seen
 * by a subscriber that stayed connected throughout, with results identical to the same input run
 * uninterrupted afterwards.
 */
export async function killPostmasterAtEveryStage(extraEnv: Record<string, string> = {}): Promise<PostmasterKillReport> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'candlelab-restarts-'));
  // Run as root, PostgreSQL runs as the postgres user, which must be able to reach the data folder.
  await chmod(root, 0o711);
  const dataDir = path.join(root, 'data');
  const port = await freePort();
  const pauses = KINDS.flatMap((kind) => Object.values(JOB_STAGE_FAILPOINTS[kind]).map((name) => `${name}=pause`)).join(',');
  const app = startEmbeddedApp(root, dataDir, port, { EVALUATION_THREADS: '1', CANDLELAB_FAILPOINTS: pauses, ...extraEnv });
  const graphqlUrl = `http://127.0.0.1:${port}/graphql`;
  const streams = wsClient(graphqlUrl);
  const stages: string[] = [];
  let tried = 0;
  let survived = 0;
  const step = <T>(what: string, work: Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not happen within ${STEP_MS / 1000} s (after ${tried} kills); app output:\n${app.output().slice(-(Number(process.env.FAILURE_OUTPUT_CHARS) || 8000))}`)), STEP_MS);
    });
    return Promise.race([work, late]).finally(() => clearTimeout(timer));
  };
  try {
    await step('the start', app.waitForLine(/Candlelab is running at/));
    const gql = graphqlClient(graphqlUrl);
    await gqlData(gql, 'mutation { loadSampleData { seeded } }');
    const submit = async (kind: WorkKind) => {
      const work = WORK[kind];
      const id: string = (await gqlData(gql, work.mutation, { input: work.input }))[work.field].id;
      const progress = collectSubscription(streams, work.progress, { id });
      await progress.firstEvent;
      const finished = progress.done.then(() => String(progress.events.at(-1)?.[work.progressField]?.status));
      finished.catch(() => undefined); // awaited (and its failure reported) once the job's pauses are through
      return { id, finished };
    };

    const interrupted: Array<{ kind: WorkKind; id: string; lastEvent: string }> = [];
    for (const kind of KINDS) {
      const { id, finished } = await submit(kind);
      for (const [stage, name] of Object.entries(JOB_STAGE_FAILPOINTS[kind])) {
        await step(`the ${kind}'s ${stage} pause`, app.waitForLine(new RegExp(`failpoint ${name.replace(/\./g, '\\.')} paused`)));
        const alsoAwaited = BEFORE_RESUMING[kind]?.[stage];
        const seenBefore = alsoAwaited ? countLines(app.output(), alsoAwaited) : 0;
        await killPostmaster(dataDir);
        tried++;
        stages.push(`${kind} ${stage}`);
        await step(`restart ${tried}`, app.waitForLines(RESTARTED, tried));
        if (alsoAwaited) await step(`after restart ${tried}, ${alsoAwaited.source}`, app.waitForLines(alsoAwaited, seenBefore + 1));
        if (app.child.exitCode === null && app.child.signalCode === null) survived++;
        app.child.kill('SIGUSR2');
      }
      interrupted.push({ kind, id, lastEvent: await step(`the ${kind}'s end`, finished) });
    }

    const pool = new pg.Pool({ connectionString: await embeddedUrl(dataDir), max: 2 });
    pool.on('error', () => undefined);
    const jobs: KilledJob[] = [];
    try {
      for (const job of interrupted) {
        const again = await submit(job.kind);
        await step(`the uninterrupted ${job.kind}'s end`, again.finished);
        const { rows } = await pool.query<{ state: string }>('SELECT state FROM pgboss.job WHERE id = $1', [job.id]);
        jobs.push({ ...job, fingerprint: await resultFingerprint(pool, job), reference: await resultFingerprint(pool, { kind: job.kind, id: again.id }), jobState: rows[0]?.state ?? null });
      }
    } finally {
      await pool.end();
    }
    await streams.dispose();
    return { tried, survived, stages, jobs, exitCode: await app.kill('SIGTERM'), output: app.output() };
  } finally {
    await Promise.resolve(streams.dispose()).catch(() => undefined);
    await stopForGood(app, dataDir);
    await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

const countLines = (output: string, pattern: RegExp): number => output.split('\n').filter((line) => pattern.test(line)).length;

async function killPostmaster(dataDir: string): Promise<void> {
  const running = await runningPostmaster(dataDir);
  if (!running) throw new Error(`no postmaster runs on ${dataDir}`);
  process.kill(running.pid, 'SIGKILL');
}

async function embeddedUrl(dataDir: string): Promise<string> {
  const running = await runningPostmaster(dataDir);
  if (!running) throw new Error(`no postmaster runs on ${dataDir}`);
  return databaseUrl(await loadOrCreateCredentials(dataDir), running.port);
}

/** The app, then whatever it left: its supervisor stops PostgreSQL once its last client is gone (waited for, up to a minute). */
async function stopForGood(app: RunningProcess, dataDir: string): Promise<void> {
  await app.kill('SIGKILL');
  await app.closed;
  const postmaster = await runningPostmaster(dataDir);
  for (let waited = 0; postmaster && isAlive(postmaster.pid) && waited < 60_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
}
