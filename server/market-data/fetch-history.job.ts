import type PgBoss from 'pg-boss';
import type { AppServices } from '../services.ts';
import { QUEUES } from '../jobs/queues.ts';
import { BinanceBannedError, UnknownSymbolError } from './binance-client.ts';
import { fetchHistory } from './history-fetcher.ts';
import { type FetchHistoryJobPayload, type FetchJobOutput, binanceClient, progressEvent } from './market-data.service.ts';

/** Progress events are throttled to this interval (a fast fetch pages many times a second). */
const PROGRESS_EVERY_MS = 250;
/** Cancellation is a pg-boss state; look at it this often (one tiny query), also while waiting out a Retry-After. */
const CANCEL_CHECK_EVERY_MS = 500;

/**
 * The `fetch-history` job. Idempotent by construction: the fetcher plans from the store's gaps, so a
 * retry after a crash, a second job for the same range, or a rerun downloads only what is still
 * missing. Errors retrying cannot fix (unknown symbol, IP ban) complete the job with a FAILED
 * output instead of burning retries against the exchange.
 */
export async function handleFetchHistoryJob(services: AppServices, job: PgBoss.JobWithMetadata<FetchHistoryJobPayload>): Promise<FetchJobOutput | undefined> {
  const p = job.data;
  const publish = (e: ReturnType<typeof progressEvent>) => services.pubsub.publish('dataFetchProgress', p.fetchId, e);
  const controller = new AbortController();
  let lastPublish = 0;
  let stored = 0;
  const cancelWatch = setInterval(() => {
    services.boss
      .getJobById(QUEUES.fetchHistory, p.fetchId)
      .then((current) => {
        if (current?.state === 'cancelled') controller.abort(new Error('cancelled'));
      })
      .catch(() => {});
  }, CANCEL_CHECK_EVERY_MS);
  cancelWatch.unref();
  publish(progressEvent(p, 'RUNNING', { candlesStored: 0, coveredToMs: p.fromMs, percent: 0, etaSeconds: null, message: job.retryCount > 0 ? `Attempt ${job.retryCount + 1}` : null }));
  try {
    const result = await fetchHistory(
      services.pool,
      binanceClient(services, p.market),
      { symbol: p.symbol, interval: p.interval, fromMs: p.fromMs, toMs: p.toMs },
      {
        signal: controller.signal,
        onProgress: (progress) => {
          stored = progress.candlesStored;
          const now = Date.now();
          if (now - lastPublish < PROGRESS_EVERY_MS && progress.percent < 100) return;
          lastPublish = now;
          publish(progressEvent(p, 'RUNNING', { ...progress, message: null }));
        },
      },
    );
    const missing = result.remainingGaps.reduce((s, g) => s + g.missing, 0);
    const message = missing ? `${missing} candles in ${result.remainingGaps.length} range(s) do not exist on the exchange` : null;
    publish(progressEvent(p, 'COMPLETED', { candlesStored: result.candlesStored, coveredToMs: result.toMs, percent: 100, etaSeconds: 0, message }));
    return { status: 'COMPLETED', candlesStored: result.candlesStored, message };
  } catch (error) {
    if (controller.signal.aborted) {
      publish(progressEvent(p, 'CANCELLED', { candlesStored: stored, coveredToMs: p.fromMs, percent: 0, etaSeconds: null, message: 'Cancelled' }));
      return undefined;
    }
    if (error instanceof BinanceBannedError || error instanceof UnknownSymbolError) {
      publish(progressEvent(p, 'FAILED', { candlesStored: stored, coveredToMs: p.fromMs, percent: 0, etaSeconds: null, message: error.message }));
      return { status: 'FAILED', candlesStored: stored, message: error.message, code: error.code };
    }
    const lastAttempt = job.retryCount >= job.retryLimit;
    const message = error instanceof Error ? error.message : String(error);
    services.log.error(`Fetch ${p.fetchId} (${p.symbol} ${p.interval}) failed${lastAttempt ? '' : '; it will be retried'}`, error);
    publish(progressEvent(p, lastAttempt ? 'FAILED' : 'QUEUED', { candlesStored: stored, coveredToMs: p.fromMs, percent: 0, etaSeconds: null, message }));
    throw error;
  } finally {
    clearInterval(cancelWatch);
  }
}

/** Registers this process as a `fetch-history` worker (call from startWorkers). */
export async function registerFetchHistoryWorker(services: AppServices): Promise<void> {
  const { boss, config } = services;
  const polling = { pollingIntervalSeconds: config.jobs.pollingIntervalSeconds, batchSize: 1, includeMetadata: true as const };
  for (let i = 0; i < config.workerConcurrency; i++) {
    await boss.work<FetchHistoryJobPayload>(QUEUES.fetchHistory, polling, async ([job]) => handleFetchHistoryJob(services, job));
  }
}
