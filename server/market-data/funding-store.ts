import type { Pool, PoolClient } from 'pg';
import type { FundingSeries } from '../engine/index.ts';
import { mulberry32 } from '../engine/index.ts';
import { CandleDataError } from './candle-store.ts';

/**
 * The funding_rate table through plain pg, like the candles: inserts are whole columns through unnest with
 * ON CONFLICT DO NOTHING (a download or an import repeated stores nothing twice), reads return the
 * engine's FundingSeries.
 */

/** Binance settles USDⓈ-M funding every 8 h (00:00, 08:00, 16:00 UTC) on most perpetuals. */
export const FUNDING_INTERVAL_MS = 8 * 3_600_000;

export async function insertFundingRates(pool: Pool | PoolClient, symbol: string, timeMs: ArrayLike<number>, rate: ArrayLike<number>): Promise<number> {
  for (let i = 0; i < timeMs.length; i++) {
    if (!Number.isSafeInteger(timeMs[i]) || timeMs[i] < 0) throw new CandleDataError(`${symbol} funding #${i}: time ${timeMs[i]} is not an epoch-millisecond integer`, 'OPEN_TIME', i);
    if (!Number.isFinite(rate[i]) || Math.abs(rate[i]) >= 1) throw new CandleDataError(`${symbol} funding #${i}: rate ${rate[i]} is not a fraction in (−1, 1)`, 'NON_FINITE', i);
  }
  if (timeMs.length === 0) return 0;
  const { rows } = await pool.query<{ inserted: number }>(
    `WITH inserted AS (
       INSERT INTO funding_rate (symbol, funding_time, rate) SELECT $1, t, r FROM unnest($2::bigint[], $3::float8[]) AS u(t, r)
       ON CONFLICT DO NOTHING RETURNING 1)
     SELECT count(*)::int AS inserted FROM inserted`,
    [symbol, Array.from(timeMs, String), Array.from(rate)],
  );
  return rows[0].inserted;
}

/** Funding settlements of symbol with time in [fromMs, toMs), ascending. */
export async function loadFundingRates(pool: Pool, symbol: string, fromMs: number, toMs: number): Promise<FundingSeries> {
  const { rows } = await pool.query<{ t: string; r: number }>(
    'SELECT funding_time AS t, rate AS r FROM funding_rate WHERE symbol = $1 AND funding_time >= $2 AND funding_time < $3 ORDER BY funding_time',
    [symbol, String(fromMs), String(toMs)],
  );
  return { timeMs: Float64Array.from(rows, (row) => Number(row.t)), rate: Float64Array.from(rows, (row) => row.r) };
}

/** The stored span of a symbol's funding history, or null when none is stored. */
export async function fundingSpan(pool: Pool, symbol: string): Promise<{ fromMs: number; toMs: number } | null> {
  const { rows } = await pool.query<{ first: string | null; last: string | null }>('SELECT min(funding_time) AS first, max(funding_time) AS last FROM funding_rate WHERE symbol = $1', [symbol]);
  return rows[0].first === null ? null : { fromMs: Number(rows[0].first), toMs: Number(rows[0].last) };
}

/**
 * Generated funding for the offline sample: every 8 h, a slowly wandering rate around Binance's usual
 * 0.01 % with occasional negative stretches, from a seed (same sample every time).
 */
export function generatedFunding(fromMs: number, toMs: number, seed: number): { timeMs: number[]; rate: number[] } {
  const rng = mulberry32(seed);
  const timeMs: number[] = [], rate: number[] = [];
  let level = 0.0001;
  for (let t = Math.ceil(fromMs / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS; t < toMs; t += FUNDING_INTERVAL_MS) {
    level = 0.9 * level + 0.1 * 0.0001 + 0.00008 * rng.normal();
    timeMs.push(t);
    rate.push(Math.round(Math.max(-0.0075, Math.min(0.0075, level)) * 1e8) / 1e8);
  }
  return { timeMs, rate };
}
