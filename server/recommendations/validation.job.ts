import { TERMINAL_STATUSES } from '../../domain/statuses.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBacktest, getBacktest } from '../backtest/index.ts';
import { QUEUES, type ValidateRecommendationJobData } from '../jobs/queues.ts';
import { defineJob, type JobLifecycle } from '../jobs/runner.ts';
import { intervalMs, parseInterval } from '../../domain/intervals.ts';
import type { AppServices } from '../services.ts';
import { OptimizationRecommendation, type IOptimizationRecommendation } from './optimization-recommendation.entity.ts';
import { configurationOf, publishRecommendationUpdated } from './recommendation.service.ts';

/** Fewer new candles than this after the evidence measure nothing worth calibrating on. */
export const MIN_NEW_BARS = 100;
const POLL_MS = 500;

async function setRealised(services: AppServices, id: string, values: Partial<IOptimizationRecommendation>): Promise<void> {
  await services.orm.em.fork().nativeUpdate(OptimizationRecommendation, { id }, values);
  publishRecommendationUpdated(services, id);
}

const validationLifecycle: JobLifecycle<ValidateRecommendationJobData> = {
  async claim(_services, em, job) {
    const rec = await em.findOne(OptimizationRecommendation, { id: job.data.recommendationId }, { disableIdentityMap: true });
    return rec?.status === 'APPLIED' && rec.realisedStatus === 'RUNNING' ? job.retryCount + 1 : null;
  },
  isCancelled: async () => null,
  async fail(services, data, failure) {
    await setRealised(services, data.recommendationId, { realisedStatus: 'FAILED', realisedMessage: failure.message });
    return { status: 'FAILED', code: failure.code, message: failure.message };
  },
  retrying: async () => {},
  interrupted: async () => {},
};

/**
 * Measures an applied recommendation on the candles stored after its evidence: the recommended and the
 * current configuration are backtested (as ordinary runs, listed with the others) on the same newer
 * range, and the difference is its realised improvement, which calibrates later recommendations of
 * its type (calibration.ts). Resumable: a retry reuses the runs it started.
 */
export const validateRecommendationJob = defineJob<ValidateRecommendationJobData>({
  queue: QUEUES.validateRecommendation,
  lifecycle: validationLifecycle,
  async run(ctx) {
    const { services, em } = ctx;
    const id = ctx.job.data.recommendationId;
    const rec = await em.findOneOrFail(OptimizationRecommendation, { id });
    const recommended = configurationOf(rec, 'recommended');
    const current = configurationOf(rec, 'current');
    const fromMs = evidenceEndMs(rec);
    const toMs = await latestCandleEndMs(services, [...new Set([...recommended.symbols, ...current.symbols])], recommended.timeframe);
    const newBars = toMs === null ? 0 : Math.floor((toMs - fromMs) / intervalMs(parseInterval(recommended.timeframe)));
    if (toMs === null || newBars < MIN_NEW_BARS) {
      await setRealised(services, id, {
        realisedStatus: 'NO_NEW_DATA',
        realisedMessage: `${Math.max(0, newBars)} candles are stored after the evidence (${new Date(fromMs).toISOString()}); at least ${MIN_NEW_BARS} are needed to measure it`,
      });
      return;
    }
    let runIds = rec.validationRunIds;
    if (!runIds?.length) {
      const start = async (side: typeof recommended, label: string) =>
        (
          await createBacktest(services, services.orm.em.fork(), {
            name: `Recommendation ${id.slice(0, 8)}: ${label} on newer data`,
            symbols: side.symbols,
            timeframe: side.timeframe,
            startDate: new Date(fromMs),
            endDate: new Date(toMs),
            strategy: rec.strategy,
            strategyParams: side.params,
            ...side.settings,
            gapPolicy: 'SKIP',
            fetchMissingData: false,
          })
        ).id;
      runIds = [await start(recommended, 'recommended'), await start(current, 'current')];
      await em.nativeUpdate(OptimizationRecommendation, { id }, { validationRunIds: runIds, realisedFrom: new Date(fromMs), realisedTo: new Date(toMs) });
    }
    const [recommendedRun, currentRun] = await untilFinished(ctx, services, runIds);
    if (recommendedRun.status !== 'COMPLETED' || currentRun.status !== 'COMPLETED') {
      const failed = recommendedRun.status !== 'COMPLETED' ? recommendedRun : currentRun;
      await setRealised(services, id, { realisedStatus: 'FAILED', realisedMessage: `The validation run ${failed.id} ended ${failed.status}: ${failed.error ?? ''}`.trim() });
      return;
    }
    await setRealised(services, id, {
      realisedStatus: 'MEASURED',
      realisedMessage: null,
      realisedRoiImprovement: (recommendedRun.roi ?? 0) - (currentRun.roi ?? 0),
      realisedWinRateImprovement: recommendedRun.winRate !== null && recommendedRun.winRate !== undefined && currentRun.winRate !== null && currentRun.winRate !== undefined ? recommendedRun.winRate - currentRun.winRate : null,
      realisedSharpeImprovement: typeof recommendedRun.sharpeRatio === 'number' && typeof currentRun.sharpeRatio === 'number' ? recommendedRun.sharpeRatio - currentRun.sharpeRatio : null,
      realisedAt: new Date(),
    });
  },
});

/** The evidence ends where its out-of-sample data ends (or its sweep's range). */
function evidenceEndMs(rec: IOptimizationRecommendation): number {
  const validatedTo = rec.validation?.toMs;
  if (typeof validatedTo === 'number') return validatedTo;
  return rec.createdAt.getTime();
}

async function latestCandleEndMs(services: AppServices, symbols: string[], timeframe: string): Promise<number | null> {
  // From the coverage every candle insert keeps (candle-coverage.entity.ts), not a scan of the symbols' candles.
  const { rows } = await services.pool.query(
    'SELECT min(last)::float8 AS last FROM (SELECT max(last_open_time) AS last FROM candle_coverage WHERE symbol = ANY($1) GROUP BY symbol) s',
    [symbols],
  );
  const last = rows[0]?.last;
  return last === null || last === undefined ? null : Number(last) + intervalMs(parseInterval(timeframe));
}

async function untilFinished(ctx: { throwIfStopped(): void }, services: AppServices, runIds: string[]) {
  while (true) {
    const runs = await Promise.all(runIds.map((runId) => getBacktest(services.orm.em.fork(), runId)));
    if (runs.some((run) => run === null)) throw new Error('a validation run was deleted');
    if (runs.every((run) => TERMINAL_STATUSES.has(run!.status))) return runs.map((run) => run!);
    ctx.throwIfStopped();
    await sleep(POLL_MS);
  }
}
