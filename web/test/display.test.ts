import { describe, expect, it } from 'vitest';
import { clusterMarks, clusterRadius } from '../src/charts/decimate.ts';
import { evaluationCount } from '../src/features/sweeps/evaluations.ts';
import { dayToMs, formatRange, lastDayOf, lastDayToApi, readableTimes, startDayToApi } from '../src/lib/dates.ts';
import { formatAxisNumber, formatDrawdown, formatMoney, formatPnl, formatPrice, formatSignedPercent } from '../src/lib/format.ts';

describe('the UI date convention', () => {
  it('takes the last day included and gives the API the next midnight, in one place', () => {
    expect(startDayToApi('2024-02-01')).toBe('2024-02-01T00:00:00.000Z');
    expect(lastDayToApi('2024-02-29')).toBe('2024-03-01T00:00:00.000Z');
    expect(lastDayOf('2024-03-01T00:00:00.000Z')).toBe('2024-02-29');
    // A day must exist as typed, and years below 100 stay as typed (not 1925).
    expect(dayToMs('2025-02-30')).toBeNull();
    expect(new Date(dayToMs('0025-10-12')!).getUTCFullYear()).toBe(25);
  });

  it('shows an API range as its first and last day, or its times when they are not midnights', () => {
    expect(formatRange('2024-01-01T00:00:00Z', '2024-03-01T00:00:00Z')).toBe('2024-01-01 → 2024-02-29');
    expect(formatRange('2024-01-01T06:00:00Z', '2024-03-05T13:00:00Z')).toBe('2024-01-01 06:00 → 2024-03-05 13:00 UTC (end excluded)');
    expect(readableTimes('cover only 2025-01-01T00:00:00.000Z → 2025-02-01T06:30:00Z of it')).toBe('cover only 2025-01-01 00:00 UTC → 2025-02-01 06:30 UTC of it');
  });
});

describe('number formatting', () => {
  it('writes every negative with one minus sign, changes signed, prices with a fixed number of decimals for their size', () => {
    expect([formatMoney(-267.48, 'USDT'), formatPnl(-15.28), formatSignedPercent(-75.9), formatDrawdown(2.56)]).toEqual(['−267.48 USDT', '−15.28', '−75.9 %', '−2.56 %']);
    expect([formatPnl(12), formatSignedPercent(3.5), formatSignedPercent(0)]).toEqual(['+12.00', '+3.5 %', '0 %']);
    expect([formatPrice(64_123.5), formatPrice(29_406.253), formatPrice(145.2), formatPrice(0.5234), formatPrice(0.00001234)]).toEqual(['64,123.50', '29,406.25', '145.20', '0.52340', '0.00001234']);
    expect([formatAxisNumber(12_500), formatAxisNumber(-250), formatAxisNumber(0.5234), formatAxisNumber(0.00001234)]).toEqual(['12,500', '−250', '0.5234', '0.00001234']);
  });
});

describe('trade markers', () => {
  it('group by time slice of the window: one point per slice at the mean time and value, with its count', () => {
    const marks = [
      { x: 0, y: 10 },
      { x: 10, y: 20 },
      { x: 55, y: 30 },
      { x: 99, y: null },
      { x: 150, y: 1 },
    ];
    // Two slices of [0, 100]: [0, 50) holds two marks, [50, 100] one; the mark without a value and the one outside are left out.
    expect(clusterMarks(marks, 0, 100, 2)).toEqual([
      { x: 5, y: 15, count: 2 },
      { x: 55, y: 30, count: 1 },
    ]);
    // Zoomed in (a narrower window), each mark stands alone.
    expect(clusterMarks(marks, 0, 20, 40).map((c) => c.count)).toEqual([1, 1]);
    expect(clusterRadius(1)).toBe(4);
    expect(clusterRadius(1024)).toBe(8);
  });
});

describe('sweep evaluations', () => {
  it('read as an upper bound until the sweep completes', () => {
    expect(evaluationCount(12, 33, 'RUNNING')).toBe('12 of up to 33');
    expect(evaluationCount(31, 31, 'COMPLETED')).toBe('31 / 31');
    expect(evaluationCount(918, 1200, 'CANCELLED')).toBe('918 done (of up to 1,200 planned)');
  });
});
