import { describe, expect, it } from 'vitest';
import { historyBarsLoaded, historyStartMs } from '../../market-data/range-loader.ts';

describe('warm-up history: what is loaded for a need', () => {
  it('the need rounded up to the next power of two, nothing for none', () => {
    expect([0, 1, 2, 3, 4, 5, 206, 256, 257, 1898].map(historyBarsLoaded)).toEqual([0, 1, 2, 4, 4, 8, 256, 256, 512, 2048]);
  });

  it('starts that many bars of the timeframe before the range', () => {
    const from = Date.UTC(2025, 0, 1);
    expect(historyStartMs('1h', from, 206)).toBe(from - 256 * 3_600_000);
    expect(historyStartMs('5m', from, 0)).toBe(from);
  });

  it('sets whose needs fall between two powers of two share one start', () => {
    const from = Date.UTC(2025, 0, 1);
    const starts = new Set([513, 700, 1024].map((bars) => historyStartMs('5m', from, bars)));
    expect(starts.size).toBe(1);
  });
});
