import { describe, expect, it } from 'vitest';
import type { CandleSeries } from '../../engine/contract.ts';
import { DataGapError, applyGapPolicy } from '../../market-data/gap-policy.ts';
import { findGaps, missingOpenTimes } from '../../market-data/gaps.ts';
import { qualityReport } from '../../market-data/quality.ts';
import { resampleColumns } from '../../market-data/resample.ts';
import { type OhlcvColumns, generateSyntheticCandles } from '../../market-data/synthetic.ts';

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

describe('resampling', () => {
  const oneMinute = generateSyntheticCandles({ symbol: 'SYNTH-BTCUSDT', interval: '1m', startMs: T0 - 30 * 60_000, count: 3 * 1440, seed: 5 });

  it('builds 5m, 1h, 4h and 1d bars aligned to UTC boundaries', () => {
    for (const [to, ms] of [['5m', 300_000], ['1h', 3_600_000], ['4h', 14_400_000], ['1d', 86_400_000]] as const) {
      const r = resampleColumns(oneMinute, '1m', to);
      for (const t of r.openTime) expect(t % ms).toBe(0);
    }
    const h = resampleColumns(oneMinute, '1m', '1h');
    // The first partial hour (23:30–00:00) is left out; the next hour is complete.
    expect(h.openTime[0]).toBe(T0);
    const i0 = oneMinute.openTime.indexOf(T0);
    const slice = (c: Float64Array) => Array.from(c.subarray(i0, i0 + 60));
    expect(h.open[0]).toBe(oneMinute.open[i0]);
    expect(h.close[0]).toBe(oneMinute.close[i0 + 59]);
    expect(h.high[0]).toBe(Math.max(...slice(oneMinute.high)));
    expect(h.low[0]).toBe(Math.min(...slice(oneMinute.low)));
    expect(h.volume[0]).toBeCloseTo(slice(oneMinute.volume).reduce((a, b) => a + b, 0), 6);
    expect(resampleColumns(oneMinute, '1m', '1d').openTime).toHaveLength(2);
  });

  it('skips buckets with missing source bars unless partial buckets are allowed', () => {
    const holed = without(oneMinute, (t) => t === T0 + 10 * 60_000);
    expect(resampleColumns(holed, '1m', '1h').openTime[0]).toBe(T0 + 3_600_000);
    expect(resampleColumns(holed, '1m', '1h', { allowPartial: true }).openTime[1]).toBe(T0);
    expect(() => resampleColumns(oneMinute, '1h', '5m' as never)).toThrow(/longer interval/);
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
    expect(report.ohlcIssues[0].problem).toMatch(/high below/);
    expect(report.zeroVolumeRuns).toEqual([{ fromMs: c.openTime[400], toMs: c.openTime[403] + M5, bars: 4 }]);
    expect(report.ok).toBe(false);
    // A year of realistic fat-tailed data raises only a handful of alarms with the defaults…
    const year = generateSyntheticCandles({ symbol: 'SYNTH-BTCUSDT', interval: '5m', startMs: T0, count: 105_120, seed: 9 });
    const calm = qualityReport('SYNTH-BTCUSDT', '5m', year, T0, T0 + 105_120 * M5);
    expect(calm.outliers.length).toBeLessThanOrEqual(5);
    expect([calm.gaps, calm.ohlcIssues, calm.zeroVolumeRuns]).toEqual([[], [], []]);
    // …and the threshold is configurable.
    const strict = qualityReport('SYNTH-BTCUSDT', '5m', year, T0, T0 + 105_120 * M5, { outlierSigmas: 8, minAbsReturn: 0 });
    expect(strict.outliers.length).toBeGreaterThan(10);
  });
});
