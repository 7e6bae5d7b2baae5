import { PermanentJobError } from '../jobs/permanent-error.ts';
import { QUEUES } from '../jobs/queues.ts';
import { defineJob, type JobLifecycle } from '../jobs/runner.ts';
import type { AppServices } from '../services.ts';
import { BinanceBannedError, UnknownSymbolError } from './binance-client.ts';
import { fetchHistory } from './history-fetcher.ts';
import { UnsupportedIntervalError } from './ccxt-source.ts';
import { type FetchHistoryJobPayload, type FetchJobOutput, candleSource, progressEvent } from './market-data.service.ts';

/** Progress events are throttled to this interval (a fast fetch pages many times a second). */
const PROGRESS_EVERY_MS = 250;

const publish = (services: AppServices, p: FetchHistoryJobPayload, e: ReturnType<typeof progressEvent>) => services.pubsub.publish('dataFetchProgress', p.fetchId, e);
const idle = (p: FetchHistoryJobPayload, message: string | null, candlesStored = 0) => ({ candlesStored, coveredToMs: p.fromMs, percent: 0, etaSeconds: null, message });

/** A fetch has no record: its state is its pg-boss job (and output), told to subscribers as events. */
const fetchLifecycle: JobLifecycle<FetchHistoryJobPayload> = {
  async claim(services, _em, job) {
    publish(services, job.data, progressEvent(job.data, 'RUNNING', idle(job.data, job.retryCount > 0 ? `Attempt ${job.retryCount + 1}` : null)));
    return job.retryCount + 1;
  },
  async isCancelled(services, _em, job) {
    return (await services.boss.getJobById(QUEUES.fetchHistory, job.id))?.state === 'cancelled' ? 'cancelled' : null;
  },
  async fail(_services, p, failure): Promise<FetchJobOutput> {
    return { status: 'FAILED', candlesStored: Number(failure.details?.candlesStored ?? 0), message: failure.message, code: failure.code };
  },
  async retrying(services, p, message) {
    publish(services, p, progressEvent(p, 'QUEUED', idle(p, message)));
  },
  async interrupted(services, p) {
    publish(services, p, progressEvent(p, 'QUEUED', idle(p, 'Interrupted by a worker shutting down; the next worker resumes it')));
  },
  settled(services, p, output) {
    const { status, candlesStored, message, coveredToMs } = output as FetchJobOutput;
    const state = status === 'COMPLETED' ? { candlesStored, coveredToMs: coveredToMs ?? p.toMs, percent: 100, etaSeconds: 0, message } : idle(p, message, candlesStored);
    publish(services, p, progressEvent(p, status, state));
  },
};

/**
 * The `fetch-history` job. Idempotent by construction: the fetcher plans from the store's gaps, so a
 * retry after a crash, a second job for the same range, or a rerun downloads only what is still
 * missing. Errors retrying cannot fix (unknown symbol, IP ban) fail it at once instead of burning
 * retries against the exchange.
 */
export const fetchHistoryJob = defineJob<FetchHistoryJobPayload>({
  queue: QUEUES.fetchHistory,
  lifecycle: fetchLifecycle,
  async run(ctx): Promise<FetchJobOutput> {
    const { services, job } = ctx;
    const p = job.data;
    let lastPublish = 0;
    let stored = 0;
    try {
      const result = await fetchHistory(
        services.pool,
        candleSource(services, p.symbol, p.market),
        { symbol: p.symbol, interval: p.interval, fromMs: p.fromMs, toMs: p.toMs },
        {
          signal: ctx.signal,
          onProgress: (progress) => {
            stored = progress.candlesStored;
            const now = Date.now();
            if (now - lastPublish < PROGRESS_EVERY_MS && progress.percent < 100) return;
            lastPublish = now;
            publish(services, p, progressEvent(p, 'RUNNING', { ...progress, message: null }));
          },
        },
      );
      const missing = result.remainingGaps.reduce((s, g) => s + g.missing, 0);
      const message = missing ? `${missing} candles in ${result.remainingGaps.length} range(s) do not exist on the exchange` : null;
      return { status: 'COMPLETED', candlesStored: result.candlesStored, message, coveredToMs: result.toMs };
    } catch (error) {
      if (ctx.signal.reason === 'cancelled') publish(services, p, progressEvent(p, 'CANCELLED', idle(p, 'Cancelled', stored)));
      if (error instanceof BinanceBannedError || error instanceof UnknownSymbolError || error instanceof UnsupportedIntervalError) {
        throw new PermanentJobError(error.code, error.message, { candlesStored: stored });
      }
      throw error;
    }
  },
});
