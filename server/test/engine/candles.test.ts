import { describe, expect, it } from 'vitest';
import { CandleValidationError, candleSeries, validateCandles } from '../../engine/index.ts';
import { HOUR, T0, bars } from './helpers.ts';

function expectBad(rows: [number, number, number, number][], index: number, fragment: RegExp, times?: number[]) {
  const s = bars('BTCUSDT', rows);
  const series = times === undefined ? s : { ...s, openTime: Float64Array.from(times) };
  try {
    validateCandles(series);
    expect.unreachable('validation should have thrown');
  } catch (error) {
    expect(error).toBeInstanceOf(CandleValidationError);
    const e = error as CandleValidationError;
    expect(e.symbol).toBe('BTCUSDT');
    expect(e.index).toBe(index);
    expect(e.message).toContain(`BTCUSDT candle #${index}`);
    expect(e.message).toMatch(fragment);
  }
}

describe('candles at the edge', () => {
  const ok: [number, number, number, number] = [10, 11, 9, 10];

  it('accepts sound candles and keeps Float64Array columns without copying', () => {
    const close = Float64Array.of(10, 10.5);
    const s = candleSeries('X', HOUR, { openTime: [T0, T0 + HOUR], open: [10, 10], high: [11, 11], low: [9, 9], close, volume: [1, 1] });
    expect(s.close).toBe(close);
    expect(s.open).toBeInstanceOf(Float64Array);
    expect(() => validateCandles(s)).not.toThrow();
  });

  it('names the first bad candle: NaN, high < low, high < max(open, close), low > min(open, close), a price not positive, negative volume', () => {
    expectBad([ok, [10, 11, 9, NaN], [10, 9, 11, 10]], 1, /close is NaN/);
    expectBad([ok, ok, [10, 9, 11, 10]], 2, /high 9 is below low 11/);
    expectBad([ok, [12, 11, 9, 10]], 1, /high 11 is below open 12/);
    expectBad([[10, 11, 9, 8.5]], 0, /low 9 is above close 8.5/);
    expectBad([ok, [0, 11, 0, 10]], 1, /open 0 is not a positive price/);
    expectBad([ok, [10, 11, -1, 10]], 1, /low -1 is not a positive price/);
    expectBad([ok, [10, 11, 5e-324, 10]], 1, /low 5e-324 is not a positive price/);
    expectBad([ok, [10, Infinity, 9, 10]], 1, /high is Infinity/);
    const s = bars('BTCUSDT', [ok, ok]);
    const withVolume = { ...s, volume: Float64Array.of(1, -2) };
    expect(() => validateCandles(withVolume)).toThrow(/candle #1 \(2024-01-01T01:00:00.000Z\): volume -2 is negative/);
  });

  it('rejects duplicated and unsorted open times with the ISO time of the bad candle', () => {
    expectBad([ok, ok, ok], 2, /duplicates candle #1/, [T0, T0 + HOUR, T0 + HOUR]);
    expectBad([ok, ok, ok], 2, /before candle #1.*must be sorted/, [T0, T0 + 2 * HOUR, T0 + HOUR]);
    try {
      validateCandles({ ...bars('BTCUSDT', [ok, ok]), openTime: Float64Array.of(T0, T0) });
    } catch (e) {
      expect((e as CandleValidationError).timeMs).toBe(T0);
      expect((e as Error).message).toContain('2024-01-01T00:00:00.000Z');
    }
  });

  it('rejects columns of different lengths', () => {
    expect(() => candleSeries('X', HOUR, { openTime: [1, 2], open: [1], high: [1, 1], low: [1, 1], close: [1, 1], volume: [1, 1] })).toThrow(/column open has 1 values/);
  });
});
