import type { Pool } from 'pg';
import { loadCandles } from './candle-store.ts';
import { type Gap, findGaps, missingOpenTimes, totalMissing } from './gaps.ts';
import { gridProblem, misalignedRows } from './candle-grid.ts';
import { type Interval, countOpenTimes, nextOpenTime } from '../../domain/intervals.ts';
import { type OhlcvColumns, candleProblem } from '../engine/index.ts';

/**
 * Data-quality checks: gaps, price outliers relative to recent volatility,
 * OHLC inconsistencies and runs of zero volume. Everything is reported, nothing is changed.
 */

export interface GapReport extends Gap {
  /** Exact missing open times (capped per gap for very long holes). */
  readonly missingOpenTimes: number[];
}

export interface Outlier {
  readonly openTime: number;
  readonly logReturn: number;
  /** The return in units of the rolling standard deviation before it. */
  readonly sigmas: number;
}

export interface OhlcIssue {
  readonly openTime: number;
  readonly problem: string;
}

/** A stored candle the rules of imports refuse, found when they came in (candle-flag.entity.ts). */
export interface FlaggedCandle {
  readonly openTime: number;
  readonly reason: string;
  readonly problem: string;
}

export interface ZeroVolumeRun {
  readonly fromMs: number;
  readonly toMs: number;
  readonly bars: number;
}

export interface QualityOptions {
  /** Flag returns beyond this many rolling σ (default 10: with crypto's fat tails 6–8σ bars happen monthly). */
  readonly outlierSigmas?: number;
  /** …and larger than this absolute log return (default 0.03), so calm markets' tiny σ does not flag noise. */
  readonly minAbsReturn?: number;
  /** Bars in the rolling volatility window (default 100). */
  readonly window?: number;
  /** Shortest run of zero-volume bars worth reporting (default 3). */
  readonly minZeroVolumeRun?: number;
  /** Cap per list, to keep reports small on garbage data (default 1000). */
  readonly maxItems?: number;
}

export interface QualityReport {
  readonly symbol: string;
  readonly interval: Interval;
  readonly fromMs: number;
  readonly toMs: number;
  readonly expectedBars: number;
  readonly actualBars: number;
  readonly missingBars: number;
  readonly gaps: GapReport[];
  readonly outliers: Outlier[];
  readonly ohlcIssues: OhlcIssue[];
  /** Rows off the interval's grid: open times not on its boundaries, or spaced by another interval (candle-grid.ts). */
  readonly gridIssues: OhlcIssue[];
  readonly zeroVolumeRuns: ZeroVolumeRun[];
  /** Stored candles flagged as breaking the import rules (never deleted: listed here). */
  readonly flaggedCandles: FlaggedCandle[];
  readonly ok: boolean;
}

/** The rows whose open time is off `interval`'s grid, and the spacing finding if the rows are of another interval. */
export function gridIssues(cols: OhlcvColumns, interval: Interval, max: number): OhlcIssue[] {
  const misaligned = misalignedRows(cols.openTime, interval, max).map((i) => ({ openTime: cols.openTime[i], problem: `open time is not on a ${interval} boundary` }));
  if (misaligned.length > 0) return misaligned;
  const spacing = gridProblem(cols.openTime, interval);
  return spacing ? [{ openTime: cols.openTime[spacing.index], problem: spacing.problem }] : [];
}

export function outliers(cols: OhlcvColumns, sigmas: number, window: number, minAbsReturn = 0): Outlier[] {
  const out: Outlier[] = [];
  const r: number[] = [];
  for (let i = 1; i < cols.close.length; i++) {
    const ret = cols.close[i] > 0 && cols.close[i - 1] > 0 ? Math.log(cols.close[i] / cols.close[i - 1]) : NaN;
    if (r.length >= Math.min(20, window)) {
      // Volatility from the window *before* this bar, so a spike cannot hide itself.
      let sum = 0;
      for (const x of r) sum += x * x;
      const sd = Math.sqrt(sum / r.length);
      if (sd > 0 && Number.isFinite(ret) && Math.abs(ret) > sigmas * sd && Math.abs(ret) > minAbsReturn) out.push({ openTime: cols.openTime[i], logReturn: ret, sigmas: Math.abs(ret) / sd });
    }
    if (Number.isFinite(ret)) {
      r.push(ret);
      if (r.length > window) r.shift();
    }
  }
  return out;
}

/** Candles the engine would refuse (engine/candles.ts candleProblem: non-finite or non-positive prices, inconsistent OHLC, negative volume). */
export function ohlcIssues(cols: OhlcvColumns): OhlcIssue[] {
  const out: OhlcIssue[] = [];
  for (let i = 0; i < cols.openTime.length; i++) {
    const problem = candleProblem(cols, i);
    if (problem) out.push({ openTime: cols.openTime[i], problem });
  }
  return out;
}

export function zeroVolumeRuns(cols: OhlcvColumns, interval: Interval, minRun: number): ZeroVolumeRun[] {
  const out: ZeroVolumeRun[] = [];
  let start = -1;
  const n = cols.volume.length;
  for (let i = 0; i <= n; i++) {
    const zero = i < n && cols.volume[i] === 0;
    if (zero && start < 0) start = i;
    if (!zero && start >= 0) {
      if (i - start >= minRun) out.push({ fromMs: cols.openTime[start], toMs: nextOpenTime(interval, cols.openTime[i - 1]), bars: i - start });
      start = -1;
    }
  }
  return out;
}

export function qualityReport(symbol: string, interval: Interval, cols: OhlcvColumns, fromMs: number, toMs: number, options: QualityOptions = {}): QualityReport {
  const max = options.maxItems ?? 1000;
  const gaps = findGaps(cols.openTime, interval, fromMs, toMs);
  const report = {
    symbol,
    interval,
    fromMs,
    toMs,
    expectedBars: countOpenTimes(interval, fromMs, toMs),
    actualBars: cols.openTime.length,
    missingBars: totalMissing(gaps),
    gaps: gaps.slice(0, max).map((g) => ({ ...g, missingOpenTimes: missingOpenTimes(g, interval, max) })),
    outliers: outliers(cols, options.outlierSigmas ?? 10, options.window ?? 100, options.minAbsReturn ?? 0.03).slice(0, max),
    ohlcIssues: ohlcIssues(cols).slice(0, max),
    gridIssues: gridIssues(cols, interval, max),
    zeroVolumeRuns: zeroVolumeRuns(cols, interval, options.minZeroVolumeRun ?? 3).slice(0, max),
    flaggedCandles: [],
  };
  return withOk(report);
}

function withOk(report: Omit<QualityReport, 'ok'>): QualityReport {
  const clean = [report.gaps, report.outliers, report.ohlcIssues, report.gridIssues, report.zeroVolumeRuns, report.flaggedCandles].every((list) => list.length === 0);
  return { ...report, ok: clean };
}

/** The dataQuality report over stored candles in [fromMs, toMs). */
export async function storedQualityReport(pool: Pool, symbol: string, interval: Interval, fromMs: number, toMs: number, options: QualityOptions = {}): Promise<QualityReport> {
  const series = await loadCandles(pool, symbol, interval, fromMs, toMs);
  const report = qualityReport(symbol, interval, series, fromMs, toMs, options);
  const { rows } = await pool.query<{ open_time: string; reason: string; problem: string }>(
    'SELECT open_time, reason, problem FROM candle_flag WHERE symbol = $1 AND interval = $2 AND open_time >= $3 AND open_time < $4 ORDER BY open_time LIMIT $5',
    [symbol, interval, fromMs, toMs, options.maxItems ?? 1000],
  );
  return withOk({ ...report, flaggedCandles: rows.map((row) => ({ openTime: Number(row.open_time), reason: row.reason, problem: row.problem })) });
}
