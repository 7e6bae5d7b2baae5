import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../engine/index.ts';
import {
  EULER_MASCHERONI,
  deflatedSharpe,
  deflatedSharpeRatio,
  expectedMaximumSharpe,
  kurtosis,
  mean,
  normalCdf,
  normalQuantile,
  probabilisticSharpeRatio,
  sampleStd,
  sampleVariance,
  skewness,
  type DeflatedSharpeResult,
} from '../../engine/validation/index.ts';

function ok(result: DeflatedSharpeResult | { errors: string[] }): DeflatedSharpeResult {
  if ('errors' in result) throw new Error(result.errors.join('; '));
  return result;
}

describe('Deflated Sharpe Ratio', () => {
  it("reproduces the paper's numerical example (Bailey & López de Prado 2014): SR0 ≈ 0.1132, DSR ≈ 0.9004", () => {
    // N = 100 trials whose annualised Sharpe ratios vary with V = 1/2; the best has an annualised SR of 2.5
    // over T = 1,250 daily returns (5 years of 250 days), skewness −3, kurtosis 10. Per day:
    //   SR = 2.5 / √250 = 0.158114, V = 0.5 / 250 = 0.002
    //   SR0 = √0.002 · ((1 − γ)·Φ⁻¹(0.99) + γ·Φ⁻¹(1 − 1/(100e))) = 0.044721 · 2.530603 = 0.113172 (1.79 a year)
    //   z = (0.158114 − 0.113172)·√1249 / √(1 + 3·0.158114 + 9/4·0.158114²) = 1.588305 / 1.237175 = 1.283816
    //   DSR = Φ(1.283816) = 0.900397
    const r = deflatedSharpeRatio({ sharpe: 2.5 / Math.sqrt(250), observations: 1250, skewness: -3, kurtosis: 10, trials: 100, trialSharpeVariance: 0.5 / 250 });
    expect(r.expectedMaximumSharpe).toBeCloseTo(0.113172001865132, 12);
    expect(r.expectedMaximumSharpe * Math.sqrt(250)).toBeCloseTo(1.789406466273206, 11);
    expect(r.deflatedSharpeRatio).toBeCloseTo(0.900396834449391, 12);
    expect(Number(r.deflatedSharpeRatio!.toFixed(4))).toBe(0.9004); // the paper's figure
  });

  it('the expected maximum is the Euler–Mascheroni blend of two normal quantiles, and 0 for a single trial', () => {
    const z = (1 - EULER_MASCHERONI) * normalQuantile(1 - 1 / 10) + EULER_MASCHERONI * normalQuantile(1 - 1 / (10 * Math.E));
    expect(expectedMaximumSharpe(10, 4)).toBeCloseTo(2 * z, 14);
    // Φ⁻¹(0.9) = 1.281552, Φ⁻¹(1 − 1/(10e)) = Φ⁻¹(0.963212) = 1.789242: 0.422784 · 1.281552 + 0.577216 · 1.789242.
    expect(z).toBeCloseTo(1.574598, 6); // E[max of 10 standard normals] is 1.5388: the approximation is close
    expect(expectedMaximumSharpe(1, 4)).toBe(0);
    expect(expectedMaximumSharpe(10, 4, 0.5)).toBeCloseTo(0.5 + 2 * z, 14);
  });

  it('PSR with normal moments is Φ(SR·√(T − 1) / √(1 + SR²/2)); skewness and fat tails lower it', () => {
    // SR 0.1 a day over 101 days against 0: z = 0.1 · 10 / √1.005.
    const normal = probabilisticSharpeRatio({ sharpe: 0.1, benchmark: 0, observations: 101, skewness: 0, kurtosis: 3 })!;
    expect(normal).toBeCloseTo(normalCdf(1 / Math.sqrt(1.005)), 15);
    expect(normal).toBeCloseTo(0.841, 3);
    const skewed = probabilisticSharpeRatio({ sharpe: 0.1, benchmark: 0, observations: 101, skewness: -2, kurtosis: 12 })!;
    expect(skewed).toBeLessThan(normal);
    expect(probabilisticSharpeRatio({ sharpe: 0.1, benchmark: 0.1, observations: 101, skewness: 0, kurtosis: 3 })).toBe(0.5);
    expect(probabilisticSharpeRatio({ sharpe: 0.1, benchmark: 0, observations: 1, skewness: 0, kurtosis: 3 })).toBeNull();
    // 1 − γ3·SR + (γ4 − 1)/4·SR² ≤ 0 cannot be a variance.
    expect(probabilisticSharpeRatio({ sharpe: 1, benchmark: 0, observations: 50, skewness: 3, kurtosis: 1 })).toBeNull();
  });

  it('from returns: per-day SR and moments from the returns, the trials brought from annualised to per-day units', () => {
    const rng = mulberry32(3);
    const returns = Array.from({ length: 400 }, () => 0.002 + 0.01 * rng.normal());
    const trialsAnnual = [0.5, 1.2, -0.3, 2.1, 0.9, 1.5];
    const r = ok(deflatedSharpe({ returns: [...returns, NaN], trialSharpeRatios: trialsAnnual, trials: 50 }));
    const m = mean(returns);
    expect(r.sharpe).toBeCloseTo(m / sampleStd(returns, m), 15);
    expect(r.observations).toBe(400);
    expect(r.skewness).toBe(skewness(returns));
    expect(r.kurtosis).toBe(kurtosis(returns));
    expect(r.trials).toBe(50);
    expect(r.trialSharpeVariance).toBeCloseTo(sampleVariance(trialsAnnual) / 365, 15);
    expect(r).toEqual(deflatedSharpeRatio({ sharpe: r.sharpe, observations: 400, skewness: r.skewness, kurtosis: r.kurtosis, trials: 50, trialSharpeVariance: r.trialSharpeVariance }));
    expect(deflatedSharpe({ returns: [0, 0, 0, 0], trialSharpeRatios: [1, 2] })).toEqual({ errors: ['the returns have no variance: the Sharpe ratio is undefined'] });
    expect(deflatedSharpe({ returns: [0.1, 0.2], trialSharpeRatios: [1], trials: 0 })).toEqual({
      errors: [
        'the Deflated Sharpe Ratio needs at least 3 returns, got 2',
        "the variance of the trials' Sharpe ratios needs at least 2 of them, got 1",
        'trials must be an integer >= the 1 Sharpe ratios given, got 0',
      ],
    });
  });

  it('the best of many noise strategies is deflated below significance; a genuine edge stays significant (seeded)', () => {
    const rng = mulberry32(5);
    const days = 365;
    const trials = Array.from({ length: 200 }, () => Array.from({ length: days }, () => 0.01 * rng.normal()));
    const annualSharpe = (r: number[]) => (mean(r) / sampleStd(r, mean(r))) * Math.sqrt(365);
    const sharpes = trials.map(annualSharpe);
    const best = trials[sharpes.indexOf(Math.max(...sharpes))];
    const noise = ok(deflatedSharpe({ returns: best, trialSharpeRatios: sharpes }));
    const undeflated = probabilisticSharpeRatio({ sharpe: noise.sharpe, benchmark: 0, observations: days, skewness: noise.skewness, kurtosis: noise.kurtosis })!;
    expect(undeflated).toBeGreaterThan(0.95); // taken alone the winner looks significant
    expect(noise.deflatedSharpeRatio).toBeLessThan(0.95);

    const edge = trials[0].map((x) => x + 0.003); // daily SR ≈ 0.3
    const real = ok(deflatedSharpe({ returns: edge, trialSharpeRatios: [...sharpes.slice(1), annualSharpe(edge)] }));
    expect(real.deflatedSharpeRatio).toBeGreaterThan(0.95);
  });
});
