import pg from 'pg';
import type { Interval } from '../../domain/intervals.ts';
import { storedQualityReport, type QualityOptions } from './quality.ts';

/** This thread's connections, by database: a few, closed when idle. */
const pools = new Map<string, pg.Pool>();

/**
 * On a compute thread (threads/compute.ts): the whole dataQuality report, the candles' load included,
 * so a scan of a million candles costs the event loop nothing, not even decoding them.
 */
export function storedQualityReportOf(databaseUrl: string, symbol: string, interval: Interval, fromMs: number, toMs: number, options: QualityOptions) {
  let pool = pools.get(databaseUrl);
  if (!pool) {
    pool = new pg.Pool({ connectionString: databaseUrl, max: 2, idleTimeoutMillis: 10_000, application_name: 'candlelab-compute' });
    pool.on('error', () => undefined);
    pools.set(databaseUrl, pool);
  }
  return storedQualityReport(pool, symbol, interval, fromMs, toMs, options);
}
