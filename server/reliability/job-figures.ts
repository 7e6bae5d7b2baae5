import { setTimeout as sleep } from 'node:timers/promises';
import { collectSubscription, wsClient } from '../harness/graphql-client.ts';
import type { RunningProcess } from '../harness/processes.ts';
import { mulberry32, percentile } from '../engine/index.ts';
import type { FigureContext, FigureResult, ReliabilityFigure } from './figure.ts';
import { heldJobs, resultFingerprint, startJobRig, startsOf, type JobRig, type SubmittedWork, type WorkKind } from './job-rig.ts';

/** What the figures run: three backtests and a 77-combination sweep (hold-out validation, the default). */
const WORK: Record<string, { kind: WorkKind; input: Record<string, unknown> }> = {
  'ema_cross': { kind: 'backtest', input: { strategy: 'ema_cross' } },
  'confluence': { kind: 'backtest', input: { strategy: 'confluence' } },
  'sma_cross 10/40': { kind: 'backtest', input: { strategy: 'sma_cross', strategyParams: { fast: 10, slow: 40 } } },
  'sma_cross grid': { kind: 'sweep', input: { strategy: 'sma_cross', parameterRanges: { fast: { min: 5, max: 25, step: 2 }, slow: { min: 40, max: 160, step: 20 } } } },
};
const VARIANTS = Object.keys(WORK);

const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const submitVariant = (rig: JobRig, variant: string) => rig.submit(WORK[variant].kind, variant, WORK[variant].input);

/**
 * Runs each variant that `work` used once more on an uninterrupted worker and compares what was
 * stored: every interrupted run must have exactly the results of an uninterrupted one.
 */
async function compareWithUninterrupted(rig: JobRig, work: readonly SubmittedWork[]): Promise<{ identical: number; differing: string[] }> {
  const reference = new Map<string, string>();
  await rig.startWorker();
  for (const variant of new Set(work.map((w) => w.variant))) {
    const run = await submitVariant(rig, variant);
    await run.finished;
    reference.set(variant, await resultFingerprint(rig.pool, run));
  }
  const differing: string[] = [];
  for (const w of work) {
    const stored = await resultFingerprint(rig.pool, w);
    if (stored !== reference.get(w.variant)) differing.push(`${w.kind} ${w.id} (${w.variant}): ${stored} vs uninterrupted ${reference.get(w.variant)}`);
  }
  return { identical: work.length - differing.length, differing };
}

interface Interruption {
  readonly kill: number;
  readonly killedAt: number;
  readonly jobs: readonly string[];
}

interface Resumption {
  readonly jobId: string;
  readonly queue: string;
  /** ms from the SIGKILL to the next attempt's start; null if the job never started again. */
  readonly afterMs: number | null;
  readonly endedBeforeKill: boolean;
  readonly state: string;
}

/**
 * Follows the jobs a killed worker held until each starts again elsewhere (pg-boss records the new
 * attempt's start), or ends up finished with its pre-kill start (it had ended just before the kill).
 */
async function followResumptions(rig: JobRig, interruption: Interruption, giveUpMs: number): Promise<Resumption[]> {
  const pending = new Set(interruption.jobs);
  const resumptions: Resumption[] = [];
  const deadline = interruption.killedAt + giveUpMs;
  while (pending.size > 0) {
    const { rows } = await rig.pool.query<{ id: string; name: string; state: string; started_ms: number | null }>(
      `SELECT id, name, state, (EXTRACT(epoch FROM started_on) * 1000)::float8 AS started_ms FROM pgboss.job WHERE id = ANY($1::uuid[])`,
      [[...pending]],
    );
    for (const row of rows) {
      const restarted = row.started_ms !== null && row.started_ms > interruption.killedAt;
      const ended = ['completed', 'cancelled', 'failed'].includes(row.state);
      if (restarted || ended || Date.now() > deadline) {
        resumptions.push({ jobId: row.id, queue: row.name, afterMs: restarted ? row.started_ms! - interruption.killedAt : null, endedBeforeKill: ended && !restarted, state: row.state });
        pending.delete(row.id);
      }
    }
    for (const id of pending) if (!rows.some((row) => row.id === id)) pending.delete(id); // archived long ago: not this kill's
    if (pending.size > 0) await sleep(200);
  }
  return resumptions;
}

/** 20 SIGKILLs of workers at random moments of backtests and sweeps, with the default job settings. */
export const workerKillFigure: ReliabilityFigure = {
  name: 'Worker SIGKILLs during backtests and sweeps',
  async run(context) {
    const KILLS = 20;
    const RESUME_LIMIT_MS = 30_000;
    const OUTSTANDING = 6;
    // Only the work is stretched (so kills land inside it); leases, retries and polling are the defaults.
    const stretched = { CANDLELAB_FAILPOINTS: 'backtest.simulate.slice=delay:150,optimize.chunk.evaluated=delay:1000' };
    const rng = mulberry32(20261129);
    const rig = await startJobRig(context, 'kills');
    try {
      await Promise.all([rig.startWorker(stretched), rig.startWorker(stretched)]);
      const work: SubmittedWork[] = [];
      const unfinished = new Set<SubmittedWork>();
      const topUp = async () => {
        while (unfinished.size < OUTSTANDING) {
          const submitted = await submitVariant(rig, VARIANTS[work.length % VARIANTS.length]);
          work.push(submitted);
          unfinished.add(submitted);
          void submitted.finished.finally(() => unfinished.delete(submitted));
        }
      };
      const followed: Promise<Resumption[]>[] = [];
      let killsHoldingJobs = 0;
      for (let kill = 1; kill <= KILLS; kill++) {
        await topUp();
        await sleep(500 + rng.next() * 4_000);
        const live = [...rig.workers].filter((w) => w.child.exitCode === null && w.child.signalCode === null);
        const victim: RunningProcess = live[Math.floor(rng.next() * live.length)];
        const jobs = [...heldJobs(victim)];
        const killedAt = Date.now();
        await victim.kill('SIGKILL');
        rig.workers.delete(victim);
        if (jobs.length > 0) killsHoldingJobs++;
        followed.push(followResumptions(rig, { kill, killedAt, jobs }, RESUME_LIMIT_MS * 4));
        await rig.startWorker(stretched);
      }
      const statuses = await Promise.all(work.map((w) => w.finished));
      const resumptions = (await Promise.all(followed)).flat();
      const interrupted = resumptions.filter((r) => !r.endedBeforeKill);
      const delays = interrupted.flatMap((r) => (r.afterMs === null ? [] : [r.afterMs])).sort((a, b) => a - b);
      const late = interrupted.filter((r) => r.afterMs === null || r.afterMs > RESUME_LIMIT_MS);
      const { rows: attempts } = await rig.pool.query<{ max: number }>(
        `SELECT max(attempts)::int AS max FROM (SELECT attempts FROM backtest_run UNION ALL SELECT attempts FROM optimization_sweep) a`,
      );
      for (const worker of [...rig.workers]) {
        await worker.kill('SIGTERM');
        rig.workers.delete(worker);
      }
      const comparison = await compareWithUninterrupted(rig, work);
      const completed = statuses.filter((s) => s === 'COMPLETED').length;
      const perQueue = new Map<string, number>();
      for (const r of interrupted) perQueue.set(r.queue, (perQueue.get(r.queue) ?? 0) + 1);
      const byQueue = [...perQueue].map(([queue, n]) => `${queue} ${n}`).join(', ');
      const lines = [
        `${KILLS} SIGKILLs of one of 2 worker processes at random moments (seeded), a fresh worker started after each; default lease, retries and polling; work stretched by failpoint delays (40 × 150 ms a backtest, 1 s a sweep chunk) so kills land inside it`,
        `work: ${work.filter((w) => w.kind === 'backtest').length} backtests, ${work.filter((w) => w.kind === 'sweep').length} sweeps; COMPLETED ${completed}/${work.length}; most attempts of one run ${attempts[0].max}`,
        `results identical to an uninterrupted run of the same input: ${comparison.identical}/${work.length}`,
        ...comparison.differing.slice(0, 10).map((d) => `  differs: ${d}`),
        `kills that interrupted jobs: ${killsHoldingJobs}/${KILLS}; jobs interrupted: ${interrupted.length} (${byQueue || 'none'})`,
        `resumed on another worker: ${delays.length}/${interrupted.length}, after p50 ${fmt(percentile(delays, 0.5))}, p95 ${fmt(percentile(delays, 0.95))}, max ${fmt(delays.at(-1) ?? 0)} (limit ${fmt(RESUME_LIMIT_MS)})`,
        ...late.map((r) => `  not resumed in time: ${r.queue} ${r.jobId} (${r.state}${r.afterMs === null ? '' : `, after ${fmt(r.afterMs)}`})`),
      ];
      return { lines, held: completed === work.length && comparison.differing.length === 0 && late.length === 0 && interrupted.length > 0 };
    } finally {
      await rig.stop();
    }
  },
};

/** A job running several times longer than its lease keeps it and is started exactly once. */
export const longerThanLeaseFigure: ReliabilityFigure = {
  name: 'Jobs longer than their lease',
  async run(context) {
    // ≈ 32 s backtests and sweep chunks of 12 s against the default 10 s lease.
    const stretched = { CANDLELAB_FAILPOINTS: 'backtest.simulate.slice=delay:800,optimize.chunk.evaluated=delay:12000' };
    const rig = await startJobRig(context, 'leases');
    try {
      const workers = await Promise.all([rig.startWorker(stretched), rig.startWorker(stretched)]);
      const work = await Promise.all(['ema_cross', 'confluence', 'sma_cross 10/40', 'sma_cross grid'].map((variant) => submitVariant(rig, variant)));
      const statuses = await Promise.all(work.map((w) => w.finished));
      const { rows: jobs } = await rig.pool.query<{ id: string; name: string; retry_count: number; seconds: number }>(
        `SELECT id, name, retry_count, EXTRACT(epoch FROM completed_on - started_on)::float8 AS seconds FROM pgboss.job
          WHERE name IN ('backtest', 'optimize', 'optimize-chunk') AND state = 'completed'`,
      );
      const { rows: runs } = await rig.pool.query<{ attempts: number }>(`SELECT attempts FROM backtest_run UNION ALL SELECT attempts FROM optimization_sweep`);
      const lease = rig.api.services.queueSettings.leaseSeconds;
      const starts = jobs.map((job) => workers.reduce((sum, worker) => sum + startsOf(worker, job.id), 0));
      const lostLease = workers.filter((w) => /lost its lease/.test(w.output())).length;
      const long = jobs.filter((job) => job.seconds > lease);
      const lines = [
        `${work.length} runs (3 backtests, 1 sweep) on 2 workers, lease ${lease} s (default); jobs longer than the lease: ${long.length} (longest ${Math.max(...jobs.map((j) => j.seconds)).toFixed(1)} s = ${(Math.max(...jobs.map((j) => j.seconds)) / lease).toFixed(1)} leases)`,
        `COMPLETED ${statuses.filter((s) => s === 'COMPLETED').length}/${work.length}; attempts per run ${[...new Set(runs.map((r) => r.attempts))].join(', ')}; job retries ${jobs.reduce((sum, j) => sum + j.retry_count, 0)}`,
        `starts per job (from the workers' runner records): ${[...new Set(starts)].join(', ')}; workers that lost a lease: ${lostLease}`,
      ];
      const held = statuses.every((s) => s === 'COMPLETED') && long.length >= 4 && runs.every((r) => r.attempts === 1) && jobs.every((j) => j.retry_count === 0) && starts.every((n) => n === 1) && lostLease === 0;
      return { lines, held };
    } finally {
      await rig.stop();
    }
  },
};

/** The fan-out scenario's completion → subscriber latency target (npm run bench checks it). */
export const FAN_OUT_P95_TARGET_MS = 150;

/** 50 concurrent backtests, 4 live subscribers each, 2 worker processes: what the figure and the bench both report. */
export async function measureConcurrentRuns(context: FigureContext): Promise<FigureResult & { p95Ms: number }> {
  const RUNS = 50;
  const SUBSCRIBERS_PER_RUN = 4;
  const rig = await startJobRig(context, 'concurrency');
  const connections = Array.from({ length: RUNS * SUBSCRIBERS_PER_RUN }, () => wsClient(rig.api.graphqlUrl!));
  try {
    // Queued before any worker exists, so every subscriber is listening before any run ends.
    const runs: SubmittedWork[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await submitVariant(rig, VARIANTS[i % 3]));
    const arrivals: Array<{ runId: string; at: number; status: string }> = [];
    const streams = connections.map((connection, i) => {
      const run = runs[i % RUNS];
      const stream = collectSubscription(connection, `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, { id: run.id });
      return stream.done.then(() => arrivals.push({ runId: run.id, at: Date.now(), status: stream.events.at(-1)!.backtestProgress.status }));
    });
    const started = Date.now();
    await Promise.all([rig.startWorker(), rig.startWorker()]);
    await Promise.all(streams);
    const wallMs = Date.now() - started;
    const { rows } = await rig.pool.query<{ id: string; status: string; completed_ms: number }>(
      `SELECT id, status, (EXTRACT(epoch FROM completed_at) * 1000)::float8 AS completed_ms FROM backtest_run WHERE id = ANY($1::uuid[])`,
      [runs.map((r) => r.id)],
    );
    const completedAt = new Map(rows.map((row) => [row.id, row.completed_ms]));
    const latencies = arrivals.map((a) => a.at - completedAt.get(a.runId)!).sort((a, b) => a - b);
    const completed = rows.filter((row) => row.status === 'COMPLETED').length;
    const everyEventCompleted = arrivals.every((a) => a.status === 'COMPLETED');
    const p95Ms = percentile(latencies, 0.95);
    const lines = [
      `${RUNS} backtests queued at once (20,000 15m candles each), ${connections.length} graphql-ws subscribers (${SUBSCRIBERS_PER_RUN} a run, one connection each), 2 worker processes`,
      `COMPLETED ${completed}/${RUNS} in ${fmt(wallMs)}; subscribers that saw COMPLETED: ${arrivals.filter((a) => a.status === 'COMPLETED').length}/${connections.length}`,
      `completion → subscriber latency: p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p95 ${p95Ms.toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`,
    ];
    return { lines, held: completed === RUNS && everyEventCompleted && arrivals.length === connections.length, p95Ms };
  } finally {
    await Promise.all(connections.map((c) => c.dispose()));
    await rig.stop();
  }
}

export const concurrentRunsFigure: ReliabilityFigure = {
  name: '50 concurrent runs with 200 subscribers',
  run: async (context) => {
    const { lines, held } = await measureConcurrentRuns(context);
    return { lines, held };
  },
};
