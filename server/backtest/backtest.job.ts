import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type PgBoss from 'pg-boss';
import {
  createBacktest as createEngineBacktest,
  DEFAULT_BACKTEST_CONFIG,
  type BacktestConfig,
  type BacktestResult,
  type CandleSeries,
} from '../engine/index.ts';
import { failpoint } from '../jobs/failpoints.ts';
import { PermanentJobError } from '../jobs/permanent-error.ts';
import type { BacktestJobData } from '../jobs/queues.ts';
import { loadCandleRange } from '../market-data/range-loader.ts';
import type { AppServices } from '../services.ts';
import { BacktestRun, TERMINAL_STATUSES, type IBacktestRun } from './backtest-run.entity.ts';
import { progressEventOf, publishProgress } from './backtest.service.ts';
import { persistResult } from './backtest-results.ts';

/** Progress events per run: enough for a smooth bar, few enough to keep NOTIFY traffic trivial. */
const PROGRESS_SLICES = 40;
/** Check for cancellation every this many slices (one tiny query each). */
const CANCEL_CHECK_EVERY = 4;

/**
 * Runs one backtest job. Idempotent by construction: nothing is written until the result is
 * complete, and then trades, equity points and the final status are written in one transaction
 * that first removes anything a previous attempt might have left. A retry after a crash therefore
 * leaves exactly one copy of every result.
 */
export async function handleBacktestJob(services: AppServices, job: PgBoss.JobWithMetadata<BacktestJobData>): Promise<void> {
  const em = services.orm.em.fork();
  const id = job.data.backtestId;
  const run = await em.findOne(BacktestRun, { id });
  if (!run || TERMINAL_STATUSES.has(run.status)) return;

  const started = await em.nativeUpdate(
    BacktestRun,
    { id, status: { $in: ['PENDING', 'RUNNING'] } },
    { status: 'RUNNING', startedAt: new Date(), attempts: run.attempts + 1, progress: 0, barsProcessed: 0, error: null, errorCode: null },
  );
  if (started === 0) return;
  await em.refresh(run);
  publishProgress(services, progressEventOf(run, run.attempts > 1 ? `Attempt ${run.attempts}` : null, run.initialCapital, 0));

  try {
    const { data, dataReport } = await loadCandleRange(
      services,
      {
        symbols: run.symbols,
        timeframe: run.timeframe,
        fromMs: run.startDate.getTime(),
        toMs: run.endDate.getTime(),
        gapPolicy: run.gapPolicy,
        fetchMissingData: run.fetchMissingData,
      },
      (message) => publishProgress(services, { ...progressEventOf(run), status: 'RUNNING', message }),
    );
    const outcome = await simulate(services, em, run, data);
    if (outcome === 'cancelled') return;
    const saved = await persistResult(em, run.id, outcome, dataReport);
    if (!saved) return;
    await em.refresh(run);
    publishProgress(services, progressEventOf(run));
    services.pubsub.publish('backtestEquity', run.id, { backtestId: run.id, points: [], done: true });
  } catch (error) {
    if (error instanceof PermanentJobError) {
      await failRun(services, em, run, error.code, error.message, error.details);
      return;
    }
    const lastAttempt = job.retryCount >= job.retryLimit;
    const message = error instanceof Error ? error.message : String(error);
    services.log.error(`Backtest ${id} attempt ${run.attempts} failed${lastAttempt ? '' : '; it will be retried'}`, error);
    if (lastAttempt) await failRun(services, em, run, 'INTERNAL_SERVER_ERROR', message, null);
    else {
      await em.nativeUpdate(BacktestRun, { id, status: 'RUNNING' }, { status: 'PENDING', error: `Retrying after: ${message}` });
      await em.refresh(run);
      publishProgress(services, progressEventOf(run));
    }
    throw error;
  }
}

/** Marks the run FAILED when the queue gives up on it (a worker died on every attempt). */
export async function handleDeadBacktestJob(services: AppServices, job: PgBoss.Job<BacktestJobData>): Promise<void> {
  const em = services.orm.em.fork();
  const run = await em.findOne(BacktestRun, { id: job.data.backtestId });
  if (!run || TERMINAL_STATUSES.has(run.status)) return;
  await failRun(services, em, run, 'INTERNAL_SERVER_ERROR', 'The backtest was abandoned after every retry expired (workers stopped while running it)', null);
}

async function simulate(
  services: AppServices,
  em: EntityManager,
  run: IBacktestRun,
  data: Map<string, CandleSeries>,
): Promise<BacktestResult | 'cancelled'> {
  // Defaults first: a run stored before a setting existed still reproduces with that setting's default.
  const config: BacktestConfig = { ...DEFAULT_BACKTEST_CONFIG, ...(run.settings as Partial<BacktestConfig>), initialCapital: run.initialCapital, legs: run.legs };
  const stepper = createEngineBacktest(data, config);
  const slice = Math.max(1, Math.ceil(stepper.totalBars / PROGRESS_SLICES));
  for (let sliceIndex = 1; ; sliceIndex++) {
    const finished = stepper.step(slice);
    const snapshot = stepper.snapshot();
    const progress = stepper.totalBars === 0 ? 1 : snapshot.barsProcessed / stepper.totalBars;
    publishProgress(services, {
      backtestId: run.id,
      status: 'RUNNING',
      progress,
      barsProcessed: snapshot.barsProcessed,
      totalBars: snapshot.totalBars,
      currentEquity: snapshot.equity,
      tradesSoFar: snapshot.tradesSoFar,
      message: null,
    });
    services.pubsub.publish('backtestEquity', run.id, {
      backtestId: run.id,
      done: false,
      points: [
        {
          timeMs: snapshot.timeMs,
          equity: snapshot.equity,
          cash: snapshot.cash,
          openPositions: snapshot.openPositions,
          drawdownPct: snapshot.drawdownPct,
        },
      ],
    });
    if (finished) return stepper.result();
    if (sliceIndex === PROGRESS_SLICES / 2) await failpoint('backtest.simulate.midway');
    if (sliceIndex % CANCEL_CHECK_EVERY === 0) {
      const current = await em.findOne(BacktestRun, { id: run.id }, { fields: ['status'], disableIdentityMap: true });
      if (!current || current.status !== 'RUNNING') return 'cancelled';
      await em.nativeUpdate(BacktestRun, { id: run.id, status: 'RUNNING' }, { progress, barsProcessed: snapshot.barsProcessed, totalBars: snapshot.totalBars });
    }
    // Let NOTIFYs go out and other jobs breathe between slices.
    await yieldToEventLoop();
  }
}

async function failRun(
  services: AppServices,
  em: EntityManager,
  run: IBacktestRun,
  code: string,
  message: string,
  dataReport: Record<string, unknown> | null,
): Promise<void> {
  await em.transactional(async (tx) => {
    const locked = await tx.findOne(BacktestRun, { id: run.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!locked || TERMINAL_STATUSES.has(locked.status)) return;
    locked.status = 'FAILED';
    locked.error = message;
    locked.errorCode = code;
    locked.completedAt = new Date();
    if (dataReport) locked.dataReport = dataReport;
  });
  await em.refresh(run);
  publishProgress(services, progressEventOf(run));
}
