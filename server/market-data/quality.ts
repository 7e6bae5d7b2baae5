import type { Pool } from 'pg';
import { loadCandles } from './candle-store.ts';
import { type Gap, findGaps, missingOpenTimes, totalMissing } from './gaps.ts';
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
  readonly zeroVolumeRuns: ZeroVolumeRun[];
  readonly ok: boolean;
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

/** Candles the engine would refuse (engine/candles.ts candleProblem), plus non-positive prices. */
export function ohlcIssues(cols: OhlcvColumns): OhlcIssue[] {
  const out: OhlcIssue[] = [];
  for (let i = 0; i < cols.openTime.length; i++) {
    const problem = candleProblem(cols, i) ?? (Math.min(cols.open[i], cols.high[i], cols.low[i], cols.close[i]) <= 0 ? 'non-positive price' : null);
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
    zeroVolumeRuns: zeroVolumeRuns(cols, interval, options.minZeroVolumeRun ?? 3).slice(0, max),
  };
  return { ...report, ok: !report.gaps.length && !report.outliers.length && !report.ohlcIssues.length && !report.zeroVolumeRuns.length };
}

/** The dataQuality report over stored candles in [fromMs, toMs). */
export async function storedQualityReport(pool: Pool, symbol: string, interval: Interval, fromMs: number, toMs: number, options: QualityOptions = {}): Promise<QualityReport> {
  const series = await loadCandles(pool, symbol, interval, fromMs, toMs);
  return qualityReport(symbol, interval, series, fromMs, toMs, options);
}
