import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { backtestConfigOf, createBacktest as createEngineBacktest, historyBarsOf, type BacktestOptions, type CandleSeries, type EngineBacktestResult } from '../engine/index.ts';
import { failpoint } from '../jobs/failpoints.ts';
import { QUEUES, type BacktestJobData } from '../jobs/queues.ts';
import { recordLifecycle } from '../jobs/record-lifecycle.ts';
import { defineJob, type JobContext } from '../jobs/runner.ts';
import { intervalMs, parseInterval } from '../../domain/intervals.ts';
import { candleRangeOf, loadCandleRange } from '../market-data/index.ts';
import { BacktestRun, type IBacktestRun } from './backtest-run.entity.ts';
import type { EquityPointData } from './backtest.events.ts';
import { progressEventOf, publishProgress, publishRunChange } from './backtest.service.ts';
import { persistResult } from './backtest-results.ts';
import { readRunSettings } from './run-settings.ts';
import { loadUserStrategies } from '../strategies/index.ts';

/** Slices per run, the steps of its progress: enough for a smooth bar, few enough to keep NOTIFY traffic trivial. */
const PROGRESS_SLICES = 40;
/**
 * A run's live events (progress, and the equity points since the last) go out at most this often, the
 * first and last slice always. A short run steps through its 40 slices in a few milliseconds: 50 such runs
 * at once sent 4,000 events within seconds, and the API busy fanning them out delayed every subscriber's
 * COMPLETED (the fan-out bench's p95: 146–222 ms, and 63–130 ms at most 20 a second).
 */
const LIVE_EVENT_INTERVAL_MS = 50;
/**
 * Progress is stored on the record (what a page opened or reloaded mid-run resumes from) at this slice, early,
 * and then every this many slices but at most once per STORE_PROGRESS_MS: each store is a round trip with the
 * curve so far, and a run of a year of 5m simulates in less time than the ten stores took.
 */
const STORE_PROGRESS_EVERY = 4;
const STORE_PROGRESS_MS = 250;

/**
 * A backtest job: load the candles, simulate in slices (streaming progress and equity), store the
 * result. Idempotent by construction: nothing is written until the result is complete, and then
 * trades, equity points and the final status go in one transaction that first removes anything a
 * previous attempt left, fenced by the attempt number. The lifecycle around it is jobs/runner.ts's.
 */
export const backtestJob = defineJob<BacktestJobData>({
  queue: QUEUES.backtest,
  lifecycle: recordLifecycle({
    entity: BacktestRun,
    idOf: (data) => data.backtestId,
    publish: (services, run, message) => {
      publishProgress(services, progressEventOf(run, message));
      publishRunChange(services, 'UPDATED', run.id);
    },
    onClaim: (run) => {
      run.progress = 0;
      run.barsProcessed = 0;
      run.liveEquity = null;
    },
    onFail: (run, details) => {
      if (details) run.dataReport = details;
    },
  }),
  /** Returns where the time went (the job's output; the bench reads it). */
  async run(ctx) {
    const { services, em } = ctx;
    const clock = stopwatch();
    await failpoint('backtest.pickup');
    const run = await em.findOneOrFail(BacktestRun, { id: ctx.job.data.backtestId });
    await loadUserStrategies(em, run.legs.map((leg) => leg.strategy));
    const historyBars = historyBarsOf(run.legs, intervalMs(parseInterval(run.timeframe)));
    const { data, dataReport, detail, funding } = await loadCandleRange(services, candleRangeOf(run, historyBars, readRunSettings(run.settings)), (message) =>
      publishProgress(services, { ...progressEventOf(run), status: 'RUNNING', message }),
    );
    const loadMs = clock.lap();
    await failpoint('backtest.load');
    ctx.throwIfStopped();
    const result = await simulate(ctx, run, data, { detail, funding });
    const simulateMs = clock.lap();
    if (!(await persistResult(services, run.id, ctx.attempt, result, readRunSettings(run.settings).initialCapital, dataReport))) return;
    const storeMs = clock.lap();
    // The progress stream heard COMPLETED with the result's commit (persistResult); run lists and the live curve hear it now.
    await failpoint('backtest.publish');
    publishRunChange(services, 'UPDATED', run.id);
    services.pubsub.publish('backtestEquity', run.id, { backtestId: run.id, points: [], done: true });
    return { timings: { loadMs, simulateMs, storeMs, publishMs: clock.lap() } };
  },
});

function stopwatch() {
  let last = performance.now();
  return {
    lap(): number {
      const now = performance.now();
      const elapsed = now - last;
      last = now;
      return Math.round(elapsed * 10) / 10;
    },
  };
}

async function simulate(ctx: JobContext<BacktestJobData>, run: IBacktestRun, data: Map<string, CandleSeries>, execution: BacktestOptions): Promise<EngineBacktestResult> {
  const { services, em } = ctx;
  const config = { ...backtestConfigOf(readRunSettings(run.settings), run.legs), startTimeMs: run.startDate.getTime() };
  const stepper = createEngineBacktest(data, config, execution);
  const slice = Math.max(1, Math.ceil(stepper.totalBars / PROGRESS_SLICES));
  // The curve starts where the run does (the first bar, the initial capital), not at the end of the first slice.
  const initialCapital = readRunSettings(run.settings).initialCapital;
  const firstBarMs = Math.min(...[...data.values()].filter((series) => series.length > 0).map((series) => series.openTime[0]));
  const livePoints: EquityPointData[] = Number.isFinite(firstBarMs)
    ? [{ timeMs: firstBarMs, equity: initialCapital, cash: initialCapital, openPositions: 0, totalTrades: 0, drawdownPct: 0 }]
    : [];
  if (livePoints.length > 0) services.pubsub.publish('backtestEquity', run.id, { backtestId: run.id, done: false, points: [livePoints[0]] });
  let lastStoreMs = -Infinity;
  let lastLiveMs = -Infinity;
  let pointsSent = livePoints.length;
  for (let sliceIndex = 1; ; sliceIndex++) {
    const finished = stepper.step(slice);
    const snapshot = stepper.snapshot();
    const progress = stepper.totalBars === 0 ? 1 : snapshot.barsProcessed / stepper.totalBars;
    livePoints.push({
      timeMs: snapshot.timeMs,
      equity: snapshot.equity,
      cash: snapshot.cash,
      openPositions: snapshot.openPositions,
      totalTrades: snapshot.tradesSoFar,
      drawdownPct: snapshot.drawdownPct,
    });
    const storeNow = !finished && sliceIndex % STORE_PROGRESS_EVERY === 0 && performance.now() - lastStoreMs >= STORE_PROGRESS_MS;
    // Announced whenever stored, too: a page reading the stored points is never ahead of one watching live.
    if (finished || storeNow || performance.now() - lastLiveMs >= LIVE_EVENT_INTERVAL_MS) {
      lastLiveMs = performance.now();
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
      // Every slice's point reaches the live chart, those of the slices not announced with the next one.
      services.pubsub.publish('backtestEquity', run.id, { backtestId: run.id, done: false, points: livePoints.slice(pointsSent) });
      pointsSent = livePoints.length;
    }
    if (finished) return stepper.result();
    if (sliceIndex === PROGRESS_SLICES / 2) await failpoint('backtest.simulate.midway');
    await failpoint('backtest.simulate.slice');
    if (storeNow) {
      // Timed from the store's start, so a wait for the row (a lock held elsewhere) counts towards the next interval.
      lastStoreMs = performance.now();
      await em.nativeUpdate(
        BacktestRun,
        { id: run.id, status: 'RUNNING', attempts: ctx.attempt },
        { progress, barsProcessed: snapshot.barsProcessed, totalBars: snapshot.totalBars, liveEquity: livePoints },
      );
      publishRunChange(services, 'UPDATED', run.id);
    }
    // Let NOTIFYs, heartbeats and other jobs run between slices; stop here when asked to.
    await yieldToEventLoop();
    ctx.throwIfStopped();
  }
}
