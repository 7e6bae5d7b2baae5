import { describe, expect, it } from 'vitest';
import { type CandleSeries, type OhlcvColumns, candleSeries, resample } from '../../engine/index.ts';
import { DataGapError, applyGapPolicy, missingEdges } from '../../market-data/gap-policy.ts';
import { findGaps, missingOpenTimes } from '../../market-data/gaps.ts';
import { type Interval, bucketCalendar, divides, intervalMs } from '../../../domain/intervals.ts';
import { qualityReport } from '../../market-data/quality.ts';
import { generateSyntheticCandles } from '../../market-data/synthetic.ts';

const T0 = Date.UTC(2024, 0, 1);
const M5 = 300_000;

function without(cols: OhlcvColumns, drop: (t: number) => boolean): OhlcvColumns {
  const idx = Array.from(cols.openTime.keys()).filter((i) => !drop(cols.openTime[i]));
  const pick = (c: Float64Array) => Float64Array.from(idx, (i) => c[i]);
  return { openTime: pick(cols.openTime), open: pick(cols.open), high: pick(cols.high), low: pick(cols.low), close: pick(cols.close), volume: pick(cols.volume) };
}

function series(cols: OhlcvColumns): CandleSeries {
  return { symbol: 'SYNTH-BTCUSDT', intervalMs: M5, length: cols.openTime.length, ...cols };
}

describe('gap detection', () => {
  it('finds leading, inner and trailing gaps with exact counts and timestamps', () => {
    const times = [T0 + 2 * M5, T0 + 3 * M5, T0 + 7 * M5];
    const gaps = findGaps(times, '5m', T0, T0 + 10 * M5);
    expect(gaps).toEqual([
      { fromMs: T0, toMs: T0 + 2 * M5, missing: 2 },
      { fromMs: T0 + 4 * M5, toMs: T0 + 7 * M5, missing: 3 },
      { fromMs: T0 + 8 * M5, toMs: T0 + 10 * M5, missing: 2 },
    ]);
    expect(missingOpenTimes(gaps[1], '5m')).toEqual([T0 + 4 * M5, T0 + 5 * M5, T0 + 6 * M5]);
  });

  it('handles calendar months', () => {
    const times = [Date.UTC(2024, 0, 1), Date.UTC(2024, 1, 1), Date.UTC(2024, 3, 1)];
    expect(findGaps(times, '1M', Date.UTC(2024, 0, 1), Date.UTC(2024, 4, 1))).toEqual([
      { fromMs: Date.UTC(2024, 2, 1), toMs: Date.UTC(2024, 3, 1), missing: 1 },
      { fromMs: Date.UTC(2024, 4, 1) - 0 === Date.UTC(2024, 4, 1) ? Date.UTC(2024, 4, 1) : 0, toMs: Date.UTC(2024, 4, 1), missing: 0 },
    ].filter((g) => g.missing > 0));
  });
});

describe('gap policy', () => {
  const full = generateSyntheticCandles({ symbol: 'SYNTH-BTCUSDT', interval: '5m', startMs: T0, count: 100, seed: 1 });
  const holed = without(full, (t) => t >= T0 + 40 * M5 && t < T0 + 43 * M5);

  it('FAIL throws DATA_GAPS with the gap list', () => {
    const error = (() => {
      try {
        applyGapPolicy(series(holed), '5m', 'FAIL');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DataGapError);
    expect((error as DataGapError).code).toBe('DATA_GAPS');
    expect((error as DataGapError).gaps).toEqual([{ fromMs: T0 + 40 * M5, toMs: T0 + 43 * M5, missing: 3 }]);
    expect((error as Error).message).toContain('2024-01-01T03:20:00.000Z');
  });

  it('SKIP returns the series untouched with the gaps flagged', () => {
    const r = applyGapPolicy(series(holed), '5m', 'SKIP');
    expect(r.series.length).toBe(97);
    expect(r.gaps).toHaveLength(1);
    expect(r.filledBars).toBe(0);
  });

  it('FILL inserts flat zero-volume bars at the previous close, flagged', () => {
    const r = applyGapPolicy(series(holed), '5m', 'FILL');
    expect(r.series.length).toBe(100);
    expect(r.filledBars).toBe(3);
    expect(Array.from(r.series.openTime)).toEqual(Array.from(full.openTime));
    const prevClose = full.close[39];
    for (const i of [40, 41, 42]) {
      expect([r.series.open[i], r.series.high[i], r.series.low[i], r.series.close[i], r.series.volume[i]]).toEqual([prevClose, prevClose, prevClose, prevClose, 0]);
      expect(r.series.filled?.[i]).toBe(1);
    }
    expect(r.series.filled?.[43]).toBe(0);
    expect(r.series.close[43]).toBe(full.close[43]);
  });

  it('passes a complete series through under every policy', () => {
    for (const p of ['FAIL', 'SKIP', 'FILL'] as const) expect(applyGapPolicy(series(full), '5m', p).gaps).toEqual([]);
  });
});

describe('resampling on the exchange calendar (engine resample, partial buckets dropped)', () => {
  const oneMinute = generateSyntheticCandles({ symbol: 'SYNTH-BTCUSDT', interval: '1m', startMs: T0 - 30 * 60_000, count: 3 * 1440, seed: 5 });
  const base = candleSeries('SYNTH-BTCUSDT', 60_000, oneMinute);
  const resampleTo = (cols: OhlcvColumns, to: Interval, partialBuckets: 'keep' | 'drop' = 'drop') =>
    resample(candleSeries('SYNTH-BTCUSDT', 60_000, cols), bucketCalendar(to), { partialBuckets }).series;

  it('builds 5m, 1h, 4h and 1d bars aligned to UTC boundaries', () => {
    for (const to of ['5m', '1h', '4h', '1d'] as const) {
      const r = resampleTo(oneMinute, to);
      expect(r.intervalMs).toBe(intervalMs(to));
      for (const t of r.openTime) expect(t % intervalMs(to)).toBe(0);
    }
    const h = resampleTo(oneMinute, '1h');
    // The first partial hour (23:30–00:00) is left out; the next hour is complete.
    expect(h.openTime[0]).toBe(T0);
    const i0 = oneMinute.openTime.indexOf(T0);
    const slice = (c: Float64Array) => Array.from(c.subarray(i0, i0 + 60));
    expect(h.open[0]).toBe(oneMinute.open[i0]);
    expect(h.close[0]).toBe(oneMinute.close[i0 + 59]);
    expect(h.high[0]).toBe(Math.max(...slice(oneMinute.high)));
    expect(h.low[0]).toBe(Math.min(...slice(oneMinute.low)));
    expect(h.volume[0]).toBeCloseTo(slice(oneMinute.volume).reduce((a, b) => a + b, 0), 6);
    expect(resampleTo(oneMinute, '1d').openTime).toHaveLength(2);
    // Kept partial buckets are the strategies' view: the leading half hour becomes a bar of its own.
    expect(resample(base, bucketCalendar('1h')).series.openTime[0]).toBe(T0 - 3_600_000);
  });

  it('drops buckets with missing source bars unless partial buckets are kept', () => {
    const holed = without(oneMinute, (t) => t === T0 + 10 * 60_000);
    expect(resampleTo(holed, '1h').openTime[0]).toBe(T0 + 3_600_000);
    expect(resampleTo(holed, '1h', 'keep').openTime[1]).toBe(T0);
    expect(() => resample(candleSeries('X', 3_600_000, oneMinute), bucketCalendar('5m'))).toThrow(/larger multiple/);
  });

  it('uses Monday weeks and calendar months', () => {
    const days = generateSyntheticCandles({ symbol: 'SYNTH-BTCUSDT', interval: '1d', startMs: Date.UTC(2024, 0, 1), count: 91, seed: 2 });
    const daily = candleSeries('SYNTH-BTCUSDT', 86_400_000, days);
    const weeks = resample(daily, bucketCalendar('1w'), { partialBuckets: 'drop' }).series;
    // 2024-01-01 was a Monday: 13 whole weeks in the 91 days.
    expect(weeks.length).toBe(13);
    expect(new Date(weeks.openTime[0]).getUTCDay()).toBe(1);
    const months = resample(daily, bucketCalendar('1M'), { partialBuckets: 'drop' }).series;
    expect(Array.from(months.openTime)).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 1, 1), Date.UTC(2024, 2, 1)]);
    expect(months.close[1]).toBe(days.close[31 + 28]);
    expect(months.volume[1]).toBeCloseTo(days.volume.subarray(31, 60).reduce((a, b) => a + b, 0), 6);
  });

  it('knows which stored intervals tile a requested one', () => {
    expect(divides('5m', '1h')).toBe(true);
    expect(divides('1h', '4h')).toBe(true);
    expect(divides('8h', '12h')).toBe(false);
    expect(divides('1d', '1w')).toBe(true);
    expect(divides('3d', '1w')).toBe(false);
    expect(divides('1h', '1M')).toBe(true);
    expect(divides('3d', '1M')).toBe(false);
    expect(divides('1w', '1M')).toBe(false);
    expect(divides('1h', '5m')).toBe(false);
  });
});

describe('missing edges', () => {
  const cols = generateSyntheticCandles({ symbol: 'SYNTH-BTCUSDT', interval: '5m', startMs: T0 + 10 * M5, count: 80, seed: 1 });
  const s = series(cols);

  it('counts the requested bars before the first and after the last stored bar', () => {
    expect(missingEdges(s, '5m', T0, T0 + 100 * M5, Date.UTC(2030, 0, 1))).toEqual({
      leadingMissing: { fromMs: T0, toMs: T0 + 10 * M5, missing: 10 },
      trailingMissing: { fromMs: T0 + 90 * M5, toMs: T0 + 100 * M5, missing: 10 },
    });
    expect(missingEdges(s, '5m', T0 + 10 * M5, T0 + 90 * M5, Date.UTC(2030, 0, 1))).toEqual({ leadingMissing: null, trailingMissing: null });
  });

  it('does not count bars that have not closed yet', () => {
    // "Now" is inside the bar after the last stored one: that bar is still open, nothing is missing.
    expect(missingEdges(s, '5m', T0 + 10 * M5, T0 + 200 * M5, T0 + 90 * M5 + 1000).trailingMissing).toBeNull();
  });
});

describe('quality report', () => {
  it('lists gaps with exact timestamps, outliers, OHLC inconsistencies and zero-volume runs', () => {
    const base = generateSyntheticCandles({ symbol: 'SYNTH-BTCUSDT', interval: '5m', startMs: T0, count: 500, seed: 9 });
    const cols = without(base, (t) => t === T0 + 100 * M5);
    // Corrupt a copy: a 30 % spike, an inverted bar and a zero-volume run.
    const c = { ...cols, close: cols.close.slice(), high: cols.high.slice(), low: cols.low.slice(), volume: cols.volume.slice() };
    c.close[300] = c.close[299] * 1.3;
    c.high[300] = Math.max(c.high[300], c.close[300]);
    c.high[200] = c.low[200] * 0.9;
    for (const i of [400, 401, 402, 403]) c.volume[i] = 0;
    const report = qualityReport('SYNTH-BTCUSDT', '5m', c, T0, T0 + 500 * M5);
    expect(report.expectedBars).toBe(500);
    expect(report.actualBars).toBe(499);
    expect(report.gaps).toEqual([{ fromMs: T0 + 100 * M5, toMs: T0 + 101 * M5, missing: 1, missingOpenTimes: [T0 + 100 * M5] }]);
    expect(report.outliers.map((o) => o.openTime)).toContain(c.openTime[300]);
    expect(report.ohlcIssues.map((o) => o.openTime)).toEqual([c.openTime[200]]);
    expect(report.ohlcIssues[0].problem).toMatch(/high .* is below low/);
    expect(report.zeroVolumeRuns).toEqual([{ fromMs: c.openTime[400], toMs: c.openTime[403] + M5, bars: 4 }]);
    expect(report.ok).toBe(false);
    // A year of realistic fat-tailed data raises only a handful of alarms with the defaults…
    const year = generateSyntheticCandles({ symbol: 'SYNTH-BTCUSDT', interval: '5m', startMs: T0, count: 105_120, seed: 9 });
    const calm = qualityReport('SYNTH-BTCUSDT', '5m', year, T0, T0 + 105_120 * M5);
    expect(calm.outliers.length).toBeLessThanOrEqual(5);
    expect([calm.gaps, calm.ohlcIssues, calm.zeroVolumeRuns]).toEqual([[], [], []]);
    // …and the threshold is configurable.
    const strict = qualityReport('SYNTH-BTCUSDT', '5m', year, T0, T0 + 105_120 * M5, { outlierSigmas: 5, minAbsReturn: 0 });
    expect(strict.outliers.length).toBeGreaterThan(10);
  });
});
