import { describe, expect, it } from 'vitest';
import {
  adjustPValues,
  brierScore,
  erfc,
  kurtosis,
  mean,
  normalCdf,
  normalQuantile,
  reliabilityCurve,
  sampleStd,
  sampleVariance,
  skewness,
  wilsonInterval,
} from '../../engine/validation/index.ts';

/** |actual − expected| within `relative` of |expected|. */
function expectRelative(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

describe('moments', () => {
  it('mean, sample std, skewness and (non-excess) kurtosis of 1, 2, 3, 4, 10 by hand', () => {
    // Mean 4; deviations −3 −2 −1 0 6. Σd² = 50 → sample variance 50/4 = 12.5, m2 = 50/5 = 10.
    // Σd³ = −27 − 8 − 1 + 216 = 180 → m3 = 36; Σd⁴ = 81 + 16 + 1 + 1296 = 1394 → m4 = 278.8.
    const xs = [1, 2, 3, 4, 10];
    expect(mean(xs)).toBe(4);
    expect(sampleStd(xs, 4)).toBeCloseTo(Math.sqrt(12.5), 14);
    expect(sampleVariance(xs)).toBeCloseTo(12.5, 13);
    expect(skewness(xs)).toBeCloseTo(36 / 10 ** 1.5, 14); // 1.1384…
    expect(kurtosis(xs)).toBeCloseTo(2.788, 14); // m4 / m2² = 278.8 / 100
  });

  it('a symmetric sample has skewness 0; two equal halves at ±1 have kurtosis 1; constants have neither', () => {
    expect(skewness([-2, -1, 0, 1, 2])).toBe(0);
    expect(kurtosis([-1, 1, -1, 1])).toBe(1); // m2 = 1, m4 = 1
    expect(kurtosis([-2, -1, 0, 1, 2])).toBeCloseTo(1.7, 14); // m2 = 2, m4 = 34/5
    expect(skewness([3, 3, 3])).toBeNull();
    expect(kurtosis([3])).toBeNull();
  });
});

describe('normal distribution', () => {
  // References: 30-digit values from mpmath (ncdf / its inverse), rounded to 17 significant digits.
  it('Φ matches reference values to ~1e-15 relative, deep tails included', () => {
    const cases: [number, number][] = [
      [-20, 2.7536241186062337e-89],
      [-10, 7.6198530241605261e-24],
      [-5, 2.8665157187919391e-7],
      [-1.96, 0.024997895148220436],
      [-1, 0.15865525393145705],
      [0, 0.5],
      [0.5, 0.6914624612740131],
      [1, 0.84134474606854295],
      [3, 0.99865010196836991],
    ];
    for (const [x, p] of cases) expectRelative(normalCdf(x), p, 2e-14);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
    expect(erfc(0)).toBe(1);
    expect(erfc(-30)).toBe(2);
  });

  it('Φ⁻¹ matches reference values to ~1e-15 and inverts Φ', () => {
    expectRelative(normalQuantile(0.975), 1.9599639845400539, 1e-15);
    expectRelative(normalQuantile(0.99), 2.3263478740408408, 1e-15);
    expectRelative(normalQuantile(0.05), -1.6448536269514729, 1e-15);
    expectRelative(normalQuantile(1e-10), -6.3613409024040557, 1e-15);
    expectRelative(normalQuantile(1e-300), -37.047096299361197, 1e-15);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
    for (const p of [1e-12, 0.001, 0.2, 0.5001, 0.8, 0.999]) expectRelative(normalCdf(normalQuantile(p)), p, 1e-13);
  });
});

describe('multiple-testing corrections', () => {
  // p = 0.01, 0.04, 0.03, 0.005 (k = 4); sorted 0.005 < 0.01 < 0.03 < 0.04.
  const p = [0.01, 0.04, 0.03, 0.005];

  it('Holm: running max of (k − rank + 1)·p in rank order, by hand', () => {
    // Ranks 1..4 scale by 4, 3, 2, 1: 0.02, 0.03, 0.06, 0.04 → running max 0.02, 0.03, 0.06, 0.06.
    const adjusted = adjustPValues(p, 'HOLM');
    [0.03, 0.06, 0.06, 0.02].forEach((v, i) => expect(adjusted[i]).toBeCloseTo(v, 15));
    // At α = 0.05 Holm rejects the two smallest (0.02, 0.03 < 0.05); Bonferroni (k·p) the same two, with larger values.
    expect(adjustPValues(p, 'BONFERRONI').map((x) => Number(x.toFixed(12)))).toEqual([0.04, 0.16, 0.12, 0.02]);
  });

  it('Benjamini–Hochberg: running min from the largest of k·p / rank, by hand', () => {
    // k·p/rank: 0.02, 0.02, 0.04, 0.04 → running min from the right keeps them.
    const adjusted = adjustPValues(p, 'BENJAMINI_HOCHBERG');
    [0.02, 0.04, 0.04, 0.02].forEach((v, i) => expect(adjusted[i]).toBeCloseTo(v, 15));
    // A step-up case: p = 0.04, 0.045 (k = 2): 2·0.04/1 = 0.08, 0.045 → both 0.045.
    expect(adjustPValues([0.04, 0.045], 'BENJAMINI_HOCHBERG')).toEqual([0.045, 0.045]);
  });

  it('Šidák: 1 − (1 − p)^k, accurate for tiny p; everything capped at 1', () => {
    expect(adjustPValues([0.01], 'SIDAK')[0]).toBeCloseTo(0.01, 15);
    expect(adjustPValues([0.01, 0.5, 0.5, 0.5], 'SIDAK')[0]).toBeCloseTo(1 - 0.99 ** 4, 15); // 0.03940399
    expectRelative(adjustPValues([1e-18, 0.5], 'SIDAK')[0], 2e-18, 1e-12);
    expect(adjustPValues([0.6, 0.7], 'HOLM')).toEqual([1, 1]);
    expect(adjustPValues([], 'HOLM')).toEqual([]);
    expect(() => adjustPValues([1.2])).toThrow(/\[0, 1\]/);
  });
});

describe('calibration', () => {
  it('Brier score by hand', () => {
    // (0.9 − 1)² + (0.2 − 0)² + (0.6 − 0)² + (0.5 − 1)² = 0.01 + 0.04 + 0.36 + 0.25 = 0.66 → /4.
    const forecasts = [
      { predicted: 0.9, hit: true },
      { predicted: 0.2, hit: false },
      { predicted: 0.6, hit: false },
      { predicted: 0.5, hit: true },
    ];
    expect(brierScore(forecasts)).toBeCloseTo(0.165, 15);
    expect(brierScore([])).toBeNull();
    expect(brierScore([{ predicted: 0.5, hit: true }])).toBe(0.25);
  });

  it('Wilson interval: 7 of 10 at 95 % by hand (mpmath reference), and its ends at 0 and n hits', () => {
    const seven = wilsonInterval(7, 10)!;
    expect(seven.lower).toBeCloseTo(0.396778147461145, 12);
    expect(seven.upper).toBeCloseTo(0.892208732593699, 12);
    // 0 of n: [0, z²/(n + z²)]; n of n: [n/(n + z²), 1].
    expect(wilsonInterval(0, 4)).toEqual({ lower: 0, upper: expect.closeTo(0.489890836454597, 12) });
    expect(wilsonInterval(4, 4)).toEqual({ lower: expect.closeTo(0.510109163545403, 12), upper: 1 });
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('reliability curve: equal-width bins with count, mean prediction, hit rate and interval', () => {
    const forecasts = [
      { predicted: 0.05, hit: false },
      { predicted: 0.15, hit: false },
      { predicted: 0.12, hit: true },
      { predicted: 0.7, hit: true },
      { predicted: 0.8, hit: true },
      { predicted: 1, hit: true }, // the last bin includes 1
    ];
    const curve = reliabilityCurve(forecasts, { bins: 4 });
    expect(curve.map((b) => [b.lower, b.upper, b.count])).toEqual([
      [0, 0.25, 3],
      [0.25, 0.5, 0],
      [0.5, 0.75, 1],
      [0.75, 1, 2],
    ]);
    expect(curve[0].meanPredicted).toBeCloseTo((0.05 + 0.15 + 0.12) / 3, 15);
    expect(curve[0].hitRate).toBeCloseTo(1 / 3, 15);
    expect(curve[0].interval).toEqual(wilsonInterval(1, 3));
    expect(curve[1]).toMatchObject({ meanPredicted: null, hitRate: null, interval: null });
    expect(curve[3]).toMatchObject({ meanPredicted: 0.9, hitRate: 1 });
    expect(reliabilityCurve([])).toHaveLength(10);
  });
});
