import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../engine/index.ts';
import { defaultBlockLength, pairedTest, type PairedTestOptions, type PairedTestResult } from '../../engine/validation/index.ts';

function p(candidate: readonly number[], baseline: readonly number[], options: PairedTestOptions): PairedTestResult {
  const r = pairedTest(candidate, baseline, options);
  if ('errors' in r) throw new Error(r.errors.join('; '));
  return r;
}

/** Binomial standard deviation of a count of `n` trials at probability `q`. */
const sd = (n: number, q: number) => Math.sqrt(n * q * (1 - q));

describe('pairedTest', () => {
  it('i.i.d. bootstrap (block length 1) of d = 1, −1, 3, 1, enumerated by hand', () => {
    // d̄ = 1; centred values 0, −2, 2, 0, each draw −2 / 0 / 2 with probability ¼ / ½ / ¼, the sum of two fair
    // ±1 coins. A resampled mean of 4 draws reaches 1 when its sum reaches 4, i.e. 8 fair coins show at least
    // 6 heads: (28 + 8 + 1) / 256 = 0.14453. p = (1 + hits) / (B + 1) with B = 20,000: σ ≈ 0.0025.
    const r = p([2, 0, 4, 2], [1, 1, 1, 1], { iterations: 20_000, seed: 1, blockLength: 1 });
    expect(r.meanDifference).toBe(1);
    expect(Math.abs(r.pValue - 37 / 256)).toBeLessThan(4 * Math.sqrt((0.1445 * 0.8555) / 20_000));
    expect(r).toMatchObject({ days: 4, method: 'STATIONARY_BOOTSTRAP', blockLength: 1, iterations: 20_000, seed: 1 });
  });

  it('sign flip of d = 1, 3 per day, enumerated by hand: only + + reaches the observed total, p ≈ ¼', () => {
    // Totals of the four equally likely flips: 4, −2, 2, −4; observed 4.
    const r = p([1, 3], [0, 0], { iterations: 20_000, seed: 2, method: 'SIGN_FLIP', blockLength: 1 });
    expect(Math.abs(r.pValue - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / 20_000));
    // One block of both days: the flips are +4 and −4, p ≈ ½.
    const oneBlock = p([1, 3], [0, 0], { iterations: 20_000, seed: 2, method: 'SIGN_FLIP', blockLength: 2 });
    expect(Math.abs(oneBlock.pValue - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / 20_000));
  });

  it('identical settings give p = 1; a planted edge gives a small p, its absence a large one', () => {
    const same = [0.01, -0.02, 0.005, 0.0, 0.03];
    expect(p(same, same, { iterations: 200, seed: 3 }).pValue).toBe(1);
    expect(p(same, same, { iterations: 200, seed: 3, method: 'SIGN_FLIP' }).pValue).toBe(1);

    const rng = mulberry32(4);
    const days = 250;
    const baseline = Array.from({ length: days }, () => 0.02 * rng.normal());
    const noise = () => 0.01 * rng.normal();
    const edge = baseline.map((b) => b + 0.003 + noise()); // +0.3 % a day over the baseline, tracking error 1 %
    const worse = baseline.map((b) => b - 0.003 + noise());
    for (const method of ['STATIONARY_BOOTSTRAP', 'SIGN_FLIP'] as const) {
      expect(p(edge, baseline, { iterations: 999, seed: 5, method }).pValue).toBeLessThan(0.01);
      expect(p(worse, baseline, { iterations: 999, seed: 5, method }).pValue).toBeGreaterThan(0.99);
    }
  });

  it('is reproducible from the seed and leaves out days where either return is undefined', () => {
    const a = [0.01, NaN, 0.02, -0.01, 0.03, 0.0, 0.01];
    const b = [0.0, 0.01, NaN, 0.0, 0.01, 0.01, -0.01];
    const first = p(a, b, { iterations: 300, seed: 9 });
    expect(p(a, b, { iterations: 300, seed: 9 })).toEqual(first);
    expect(first.days).toBe(5);
    expect(first.meanDifference).toBeCloseTo((0.01 - 0.01 + 0.02 - 0.01 + 0.02) / 5, 15);
    expect(first.blockLength).toBe(defaultBlockLength(5));
    expect(defaultBlockLength(365)).toBe(8); // ⌈365^(1/3)⌉ = ⌈7.14⌉
    expect(defaultBlockLength(91)).toBe(5);
  });

  it('under no edge the p-values are uniform: the rejection rate at α = 0.05 over 400 seeded pairs is 5 % within 3σ, with or without serial correlation', () => {
    // Differences are zero-mean noise, i.i.d. or AR(1) with φ = 0.3 (positions held over days). 400 pairs:
    // the count below 0.05 is Binomial(400, 0.05) if the test is exact, 20 ± 4.4; quartiles of p near ¼, ½, ¾.
    for (const phi of [0, 0.3]) {
      for (const method of ['STATIONARY_BOOTSTRAP', 'SIGN_FLIP'] as const) {
        const pairs = 400;
        const pValues: number[] = [];
        for (let k = 0; k < pairs; k++) {
          const rng = mulberry32(1000 + k);
          let e = 0;
          const differences = Array.from({ length: 180 }, () => (e = phi * e + 0.01 * rng.normal()));
          pValues.push(p(differences, new Array(180).fill(0), { iterations: 499, seed: k, method }).pValue);
        }
        const rejected = pValues.filter((x) => x < 0.05).length;
        expect(Math.abs(rejected - pairs * 0.05), `${method}, φ = ${phi}: ${rejected} of ${pairs}`).toBeLessThan(3 * sd(pairs, 0.05));
        pValues.sort((x, y) => x - y);
        expect(Math.abs(pValues[100] - 0.25)).toBeLessThan(0.07);
        expect(Math.abs(pValues[200] - 0.5)).toBeLessThan(0.07);
        expect(Math.abs(pValues[300] - 0.75)).toBeLessThan(0.07);
      }
    }
  });

  it('refuses mismatched dates, too few days and bad options with one message per problem', () => {
    expect(pairedTest([0.1, 0.2], [0.1], { iterations: 10, seed: 1 })).toEqual({ errors: ['the two return series must cover the same dates: 2 against 1 days'] });
    expect(pairedTest([0.1, NaN], [0.1, 0.2], { iterations: 0, seed: 1.5 })).toEqual({
      errors: ['iterations must be an integer >= 1, got 0', 'seed must be an integer, got 1.5'],
    });
    expect(pairedTest([0.1, NaN], [0.1, 0.2], { iterations: 10, seed: 1 })).toEqual({ errors: ['the test needs at least 2 days with both returns, got 1'] });
    expect(pairedTest([0.1, Infinity], [0.1, 0.2], { iterations: 10, seed: 1 })).toEqual({ errors: ['day 1: a return is not a finite number'] });
    expect(pairedTest([0.1, 0.2], [0.1, 0.2], { iterations: 10, seed: 1, blockLength: 0 })).toEqual({ errors: ['blockLength must be an integer >= 1, got 0'] });
  });
});
