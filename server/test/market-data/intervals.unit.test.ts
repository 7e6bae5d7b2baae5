import { describe, expect, it } from 'vitest';
import {
  INTERVALS,
  alignDown,
  alignUp,
  closeTimeOf,
  countOpenTimes,
  intervalMs,
  nextOpenTime,
  openTimesBetween,
  parseInterval,
} from '../../../domain/intervals.ts';

describe('intervals', () => {
  it('lists every Binance interval with its length', () => {
    expect(INTERVALS).toEqual(['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M']);
    expect(intervalMs('5m')).toBe(300_000);
    expect(intervalMs('4h')).toBe(14_400_000);
    expect(intervalMs('1w')).toBe(604_800_000);
    expect(() => parseInterval('7m')).toThrow(/Unknown interval "7m"/);
  });

  it('aligns to UTC boundaries, weeks to Monday and months to the 1st', () => {
    const t = Date.UTC(2024, 1, 29, 13, 47, 12); // Thursday
    expect(alignDown('5m', t)).toBe(Date.UTC(2024, 1, 29, 13, 45));
    expect(alignDown('4h', t)).toBe(Date.UTC(2024, 1, 29, 12));
    expect(alignDown('1d', t)).toBe(Date.UTC(2024, 1, 29));
    expect(alignDown('1w', t)).toBe(Date.UTC(2024, 1, 26)); // Monday
    expect(new Date(alignDown('1w', t)).getUTCDay()).toBe(1);
    expect(alignDown('1M', t)).toBe(Date.UTC(2024, 1, 1));
    expect(alignUp('1M', t)).toBe(Date.UTC(2024, 2, 1));
    expect(alignUp('1d', Date.UTC(2024, 1, 29))).toBe(Date.UTC(2024, 1, 29));
  });

  it('steps calendar months of different lengths', () => {
    expect(nextOpenTime('1M', Date.UTC(2024, 1, 1))).toBe(Date.UTC(2024, 2, 1));
    expect(nextOpenTime('1M', Date.UTC(2024, 11, 1))).toBe(Date.UTC(2025, 0, 1));
    expect(closeTimeOf('1M', Date.UTC(2024, 1, 1))).toBe(Date.UTC(2024, 2, 1) - 1);
    expect(openTimesBetween('1M', Date.UTC(2024, 0, 15), Date.UTC(2024, 4, 1))).toEqual([
      Date.UTC(2024, 1, 1),
      Date.UTC(2024, 2, 1),
      Date.UTC(2024, 3, 1),
    ]);
    expect(countOpenTimes('1M', Date.UTC(2023, 0, 1), Date.UTC(2024, 0, 1))).toBe(12);
  });

  it('counts bars in half-open ranges', () => {
    expect(countOpenTimes('5m', Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2))).toBe(288);
    expect(countOpenTimes('5m', Date.UTC(2024, 0, 1, 0, 1), Date.UTC(2024, 0, 1, 0, 10))).toBe(1);
    expect(countOpenTimes('1h', 10, 10)).toBe(0);
    expect(countOpenTimes('5m', Date.UTC(2023, 0, 1), Date.UTC(2024, 0, 1))).toBe(105_120);
  });
});
