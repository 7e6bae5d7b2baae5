import { describe, expect, it } from 'vitest';
import { candleSeries, resample } from '../../engine/index.ts';

const M5 = 300_000, H1 = 3_600_000;
const start = Date.UTC(2024, 0, 1, 0, 30); // half past: the first 1h bucket is incomplete

describe('resample', () => {
  const n = 30;
  const base = candleSeries('X', M5, {
    openTime: Array.from({ length: n }, (_, i) => start + i * M5),
    open: Array.from({ length: n }, (_, i) => 100 + i),
    high: Array.from({ length: n }, (_, i) => 101 + i),
    low: Array.from({ length: n }, (_, i) => 99 + i),
    close: Array.from({ length: n }, (_, i) => 100.5 + i),
    volume: Array.from({ length: n }, () => 2),
  });
  const { series, visibleAt } = resample(base, H1);

  it('builds UTC-aligned buckets: first open, max high, min low, last close, summed volume', () => {
    expect(Array.from(series.openTime)).toEqual([Date.UTC(2024, 0, 1, 0), Date.UTC(2024, 0, 1, 1), Date.UTC(2024, 0, 1, 2)]);
    // bucket 00:00 holds base bars 0–5 (00:30–00:55); 01:00 holds 6–17; 02:00 holds 18–29.
    expect(series.open[1]).toBe(106);
    expect(series.high[1]).toBe(101 + 17);
    expect(series.low[1]).toBe(99 + 6);
    expect(series.close[1]).toBe(100.5 + 17);
    expect(series.volume[1]).toBe(24);
  });

  it('makes a higher candle visible only once its last base bar has closed', () => {
    // base bar 5 (00:55–01:00) closes the 00:00 bucket; bar 17 (01:55) closes 01:00; the 02:00 bucket closes at bar 29.
    expect(Array.from(visibleAt.subarray(0, 7))).toEqual([-1, -1, -1, -1, -1, 0, 0]);
    expect(visibleAt[16]).toBe(0);
    expect(visibleAt[17]).toBe(1);
    expect(visibleAt[28]).toBe(1);
    expect(visibleAt[29]).toBe(2);
  });

  it('rejects an interval that is not a larger multiple', () => {
    expect(() => resample(base, 7 * 60_000)).toThrow(/larger multiple/);
  });
});
