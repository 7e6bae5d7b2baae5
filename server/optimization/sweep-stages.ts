import { publishSweepProgress, sweepProgressEvent } from './sweep-progress.ts';
import { bestOfSweep, scoresAt, storedCountAt } from './ranked-rows.ts';
import { createHash } from 'node:crypto';
import type { StrategyParams } from '../engine/index.ts';
import { paramsKey } from '../engine/optimizer/grid.ts';
import { wakeWorkers } from '../jobs/enqueue.ts';
import { QUEUES, type OptimizeJobData } from '../jobs/queues.ts';
import type { JobContext } from '../jobs/runner.ts';
import type { OptimizeChunkJobData } from './optimization-chunk.job.ts';
import { OptimizationSweep, type IOptimizationSweep } from './optimization-sweep.entity.ts';
import type { RowPlace } from './sweep-rows.ts';
import { evaluationStartMs } from './sweep-history.ts';

type Stage = RowPlace & { readonly label: string };

/**
 * A stage is sent as about 16 chunks (so several workers share it and the last chunks finish close
 * together), of MIN_CHUNK to MAX_CHUNK sets. Each chunk costs a job's round trip and an insert on the
 * worker's main thread, which shares the cores with the evaluation threads and PostgreSQL: 16 chunks of
 * 67 ran the 1,064-set grid in 1.35–1.56 s where 34 chunks of 32 took 1.65–1.75 s on 2 cores.
 */
const MIN_CHUNK = 4;
const MAX_CHUNK = 128;
/**
 * The sweep job counts stored rows when a chunk says it stored some (sweepChunkStored), and at least
 * this often in case a notification is lost; progress goes out on the same beat (at most every PUBLISH_MS).
 */
const POLL_MS = 200;
const PUBLISH_MS = 500;
/** Rate = evaluations over this trailing window. */
const RATE_WINDOW_MS = 5_000;

type Ctx = JobContext<OptimizeJobData>;

/**
 * Sends a stage's parameter sets as chunk jobs and waits until every one is stored. A chunk's job id is
 * a hash of its content, so a retried sweep job re-sending its stages creates no duplicate chunk; rows
 * already stored are not sent again.
 */
export async function evaluateStage(ctx: Ctx, sweep: IOptimizationSweep, stage: Stage, paramSets: readonly StrategyParams[], progress: ProgressTracker): Promise<void> {
  const { services } = ctx;
  progress.stage(stage.label, stage.window);
  if (paramSets.length === 0) return;
  const keys = paramSets.map(paramsKey);
  const stored = new Set(await storedKeys(ctx, sweep, stage, keys));
  // Sets that need the same history run on the same candle slice, and a worker keeps the slice's timeline and
  // indicators for the sets after it: sent side by side (by their start), such sets mostly share a chunk.
  const pending = paramSets
    .filter((_, i) => !stored.has(keys[i]))
    .map((params) => ({ params, startMs: evaluationStartMs(sweep, params, stage.fromMs) }))
    .sort((a, b) => a.startMs - b.startMs)
    .map(({ params }) => params);
  const size = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.ceil(paramSets.length / 16)));
  for (let start = 0; start < pending.length; start += size) {
    const chunk = pending.slice(start, start + size);
    const data: OptimizeChunkJobData = { sweepId: sweep.id, window: stage.window, phase: stage.phase, fromMs: stage.fromMs, toMs: stage.toMs, paramSets: chunk };
    await services.boss.send(QUEUES.optimizeChunk, data, { id: contentId(sweep.id, stage, chunk) });
  }
  if (pending.length > 0) wakeWorkers(services, QUEUES.optimizeChunk);
  const chunkStored = signalOf(services.pubsub.subscribe('sweepChunkStored', sweep.id)[Symbol.asyncIterator]());
  try {
    while (true) {
      const done = await storedCountAt(ctx.services.pool, sweep, stage, keys);
      await progress.update(done);
      if (done >= keys.length) return;
      ctx.throwIfStopped();
      await chunkStored.wait(POLL_MS);
      ctx.throwIfStopped();
    }
  } finally {
    chunkStored.close();
  }
}

/** Waits for the next event of `events` or `ms`, whichever comes first; an event that came since the last wait ends the next one at once. */
function signalOf(events: AsyncIterator<unknown>) {
  const state: { arrived: boolean; wake: (() => void) | null } = { arrived: false, wake: null };
  // A broken event stream only costs the wake-ups: the waits still end on their timeout.
  void (async () => {
    while (!(await events.next()).done) {
      state.arrived = true;
      state.wake?.();
    }
  })().catch(() => {});
  return {
    wait(ms: number): Promise<void> {
      return new Promise((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          state.wake = null;
          state.arrived = false;
          resolve();
        };
        const timer = setTimeout(finish, ms);
        state.wake = finish;
        if (state.arrived) finish();
      });
    },
    close: () => void events.return?.(),
  };
}

async function storedKeys(ctx: Ctx, sweep: IOptimizationSweep, stage: Stage, keys: readonly string[]): Promise<string[]> {
  return (await scoresAt(ctx.services.pool, sweep, stage, keys)).map((row) => row.paramsKey);
}

/** A UUID from the chunk's content (sweep, place, parameter sets): the same chunk always gets the same job id. */
function contentId(sweepId: string, stage: Stage, chunk: readonly StrategyParams[]): string {
  const hex = createHash('sha256')
    .update(`${sweepId}|${stage.window}|${stage.phase}|${stage.fromMs}|${stage.toMs}|${chunk.map(paramsKey).join('|')}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface ProgressTracker {
  /** A stage starts; `window` is where its best so far is read (under walk-forward, the window being searched or tested). */
  stage(label: string, window: number): void;
  /** `done` evaluations of the current stage are stored. */
  update(done: number): Promise<void>;
}

/**
 * Progress over all stages: evaluations done and total, rate over the last seconds, ETA, best so far.
 * Stored on the sweep (fenced by the attempt) and published at most every PUBLISH_MS.
 */
export function stageProgress(ctx: Ctx, sweep: IOptimizationSweep, total: number): ProgressTracker {
  const { services, em } = ctx;
  let finishedStages = 0;
  let currentDone = 0;
  let label = '';
  let window = 0;
  let lastPublish = 0;
  const history: Array<{ at: number; done: number }> = [];
  return {
    stage(next, nextWindow) {
      finishedStages += currentDone;
      currentDone = 0;
      label = next;
      window = nextWindow;
    },
    async update(done) {
      currentDone = done;
      const completed = finishedStages + done;
      const now = performance.now();
      history.push({ at: now, done: completed });
      while (history.length > 2 && now - history[0].at > RATE_WINDOW_MS) history.shift();
      if (now - lastPublish < PUBLISH_MS && completed < total) return;
      lastPublish = now;
      const first = history[0];
      const rate = now > first.at ? ((completed - first.done) / (now - first.at)) * 1000 : null;
      const progress = total === 0 ? 1 : Math.min(1, completed / total);
      await em.nativeUpdate(OptimizationSweep, { id: sweep.id, status: 'RUNNING', attempts: ctx.attempt }, { completedEvaluations: completed, totalEvaluations: total, progress });
      const best = await bestOfSweep(em, sweep, window);
      publishSweepProgress(services, {
        ...sweepProgressEvent({ ...sweep, status: 'RUNNING', progress, completedEvaluations: completed, totalEvaluations: total }, best),
        evaluationsPerSecond: rate,
        etaSeconds: rate && rate > 0 ? (total - completed) / rate : null,
        stage: label,
      });
    },
  };
}
