import { describe, expect, it } from 'vitest';
import { calibrationSlope, mulberry32, pairedSharpeTest } from '../../engine/index.ts';

describe('paired Sharpe-ratio test', () => {
  const rng = mulberry32(99);
  const base = Array.from({ length: 365 }, () => 0.0005 + 0.01 * rng.normal());

  it('does not reward scaling: half the position, the same Sharpe ratio, no significance', () => {
    const half = base.map((r) => r / 2);
    const result = pairedSharpeTest(half, base, { iterations: 999, seed: 1 });
    if ('errors' in result) throw new Error(result.errors.join('; '));
    expect(result.sharpeDifference).toBeCloseTo(0, 12);
    expect(result.pValue).toBeGreaterThan(0.4);
  });

  it('finds a genuinely better risk-adjusted series, and not a worse one', () => {
    const noise = mulberry32(5);
    const better = base.map((r) => 0.6 * r + 0.0015 + 0.002 * noise.normal());
    const result = pairedSharpeTest(better, base, { iterations: 999, seed: 2 });
    if ('errors' in result) throw new Error(result.errors.join('; '));
    expect(result.candidateSharpe).toBeGreaterThan(result.baselineSharpe);
    expect(result.pValue).toBeLessThan(0.05);
    const reversed = pairedSharpeTest(base, better, { iterations: 999, seed: 2 });
    if ('errors' in reversed) throw new Error(reversed.errors.join('; '));
    expect(reversed.pValue).toBeGreaterThan(0.9);
  });

  it('hand-computed statistic on a small case, and refuses series of other lengths', () => {
    // a = [1, 2, 3]: mean 2, sample sd 1 → SR 2; b = [1, 1, 4]: mean 2, sd √3 → SR 2/√3.
    const result = pairedSharpeTest([1, 2, 3], [1, 1, 4], { iterations: 10, seed: 1 });
    if ('errors' in result) throw new Error(result.errors.join('; '));
    expect(result.sharpeDifference).toBeCloseTo(2 - 2 / Math.sqrt(3), 12);
    expect(result.days).toBe(3);
    expect(pairedSharpeTest([1, 2], [1, 2, 3], { iterations: 10, seed: 1 })).toEqual({ errors: ['the two return series must cover the same dates: 2 against 3 days'] });
  });
});

describe('calibration slope', () => {
  it('trusts as predicted without outcomes, and shrinks an overconfident record toward ½ (hand-computed)', () => {
    expect(calibrationSlope([])).toBe(1);
    // Four forecasts of 0.9 (x = 0.4), one came true: Σxy = 0.4·0.5 − 3·0.4·0.5 = −0.4; Σx² = 0.64; prior 4·0.0625 = 0.25.
    const forecasts = [true, false, false, false].map((hit) => ({ predicted: 0.9, hit }));
    expect(calibrationSlope(forecasts)).toBeCloseTo(Math.max(0, (-0.4 + 0.25) / (0.64 + 0.25)), 12);
    // Forecasts of 0.8 that came true 4 times in 5: Σxy = 0.3·(4·0.5 − 0.5) = 0.45, Σx² = 5·0.09 = 0.45.
    const good = [true, true, true, true, false].map((hit) => ({ predicted: 0.8, hit }));
    expect(calibrationSlope(good)).toBeCloseTo(Math.min(1, (0.45 + 0.25) / (0.45 + 0.25)), 12);
  });
});
