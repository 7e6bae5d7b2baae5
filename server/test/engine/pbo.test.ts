import { describe, expect, it } from 'vitest';
import { DAYS_PER_YEAR, mulberry32 } from '../../engine/index.ts';
import {
  PBO_PARTS,
  createBlockStatistics,
  enumeratePboSplits,
  equalBlocks,
  joinPboSplits,
  mean,
  probabilityOfBacktestOverfitting,
  recordDailyReturns,
  sampleStd,
  sharpeFromSums,
  sharpeOfDays,
  type BlockStatistics,
  type PboResult,
} from '../../engine/validation/index.ts';

function ok(result: PboResult | { errors: string[] }): PboResult {
  if ('errors' in result) throw new Error(result.errors.join('; '));
  return result;
}

function bounds(days: number, blocks: number): Int32Array {
  const b = equalBlocks(days, blocks);
  if ('errors' in b) throw new Error(b.errors.join('; '));
  return b;
}

/** Statistics of configurations given as daily returns, cut into `blocks` equal blocks. */
function statsOf(returns: readonly (readonly number[])[], blocks: number): BlockStatistics {
  const stats = createBlockStatistics(returns.length, blocks);
  returns.forEach((r, c) => recordDailyReturns(stats, c, r, bounds(r.length, blocks)));
  return stats;
}

const annual = Math.sqrt(DAYS_PER_YEAR);

describe('block statistics', () => {
  it('equal blocks differ by at most one day; an empty block is refused', () => {
    expect(Array.from(bounds(10, 4))).toEqual([0, 2, 5, 7, 10]);
    expect(Array.from(bounds(365, 16)).slice(0, 3)).toEqual([0, 22, 45]);
    expect(equalBlocks(3, 4)).toEqual({ errors: ['4 blocks need at least 4 days, got 3'] });
  });

  it('records count, Σr and Σr² per block, leaving undefined (NaN) days out; recording again overwrites', () => {
    const stats = createBlockStatistics(2, 2);
    recordDailyReturns(stats, 1, [0.01, NaN, -0.02, 0.03], bounds(4, 2));
    // Block-major: block b of configuration c at b·2 + c.
    expect(Array.from(stats.count)).toEqual([0, 1, 0, 2]);
    expect(stats.sum[1]).toBe(0.01);
    expect(stats.sum[3]).toBeCloseTo(0.01, 15);
    expect(stats.sumOfSquares[3]).toBeCloseTo(0.0004 + 0.0009, 15);
    recordDailyReturns(stats, 1, [0, 0, 0, 0], bounds(4, 2));
    expect(Array.from(stats.count)).toEqual([0, 2, 0, 2]);
    expect(() => recordDailyReturns(stats, 2, [0, 0, 0, 0], bounds(4, 2))).toThrow(/outside/);
    expect(() => recordDailyReturns(stats, 0, [0, 0, 0], bounds(4, 2))).toThrow(/cut all 3 returns/);
  });

  it('the Sharpe ratio from sums equals mean / sample std; undefined reads as 0', () => {
    const r = [0.01, -0.02, 0.03, 0.005];
    const s = r.reduce((a, b) => a + b, 0), q = r.reduce((a, b) => a + b * b, 0);
    expect(sharpeFromSums(4, s, q)).toBeCloseTo(mean(r) / sampleStd(r, mean(r)), 13);
    expect(sharpeFromSums(1, 0.01, 0.0001)).toBe(0);
    expect(sharpeFromSums(5, 0, 0)).toBe(0); // no trades
    expect(sharpeFromSums(3, 0.03, 0.0003)).toBe(0); // constant returns: variance is rounding noise
    // The fixed-day-count form PBO uses when every configuration has the same days gives the same ratio.
    expect(sharpeOfDays(4)(s, q)).toBeCloseTo(sharpeFromSums(4, s, q), 14);
    expect(sharpeOfDays(1)(0.01, 0.0001)).toBe(0);
    expect(sharpeOfDays(5)(0, 0)).toBe(0);
    expect(sharpeOfDays(3)(0.03, 0.0003)).toBe(0);
  });
});

describe('probabilityOfBacktestOverfitting', () => {
  it('two configurations over two blocks, by hand: each in-sample winner is the out-of-sample loser', () => {
    // Config 0: block 0 = [1, 3] (mean 2, sd √2, SR √2), block 1 = [−1, 1] (SR 0).
    // Config 1: block 0 = [0, 2] (SR 1/√2),               block 1 = [2, 4] (SR 3/√2).
    // Split IS = {0}: config 0 wins (√2 > 1/√2) and ranks 1 of 2 out of sample (0 < 3/√2): ω = 1/3, λ = ln ½.
    // Split IS = {1}: config 1 wins (3/√2) and ranks 1 of 2 out of sample (1/√2 < √2): λ = ln ½.
    const r = ok(probabilityOfBacktestOverfitting(statsOf([[1, 3, -1, 1], [0, 2, 2, 4]], 2)));
    expect(r.splits).toBe(2);
    expect(r.probabilityOfOverfitting).toBe(1);
    for (const l of r.logits) expect(l).toBeCloseTo(Math.log(0.5), 14);
    expect(Array.from(r.chosen)).toEqual([0, 1]);
    expect(r.inSampleSharpe[0]).toBeCloseTo(Math.SQRT2 * annual, 12);
    expect(r.outOfSampleSharpe[0]).toBe(0);
    expect(r.inSampleSharpe[1]).toBeCloseTo((3 / Math.SQRT2) * annual, 12);
    expect(r.outOfSampleSharpe[1]).toBeCloseTo(Math.SQRT1_2 * annual, 12);
    expect(r.probabilityOfLoss).toBe(0); // 0 is not a loss
    // Two points (√2, 0) and (3/√2, 1/√2), annualised: slope 1, intercept −√2·√365, R² 1.
    expect(r.degradation.slope).toBeCloseTo(1, 12);
    expect(r.degradation.intercept).toBeCloseTo(-Math.SQRT2 * annual, 10);
    expect(r.degradation.rSquared).toBeCloseTo(1, 12);
  });

  it('a configuration best in every block is chosen in every split and ranks first: λ = ln(N / 1) for N = 3, PBO 0', () => {
    // Six splits of four blocks (C(4, 2)); config 2 has the highest Sharpe everywhere, so ω = 3/4 and λ = ln 3.
    const days = (base: number) => [base, base + 0.02, base - 0.01, base + 0.01];
    const returns = [0, 1, 2].map((c) => [...days(0.001 * c), ...days(0.001 * c), ...days(0.001 * c), ...days(0.001 * c)]);
    const r = ok(probabilityOfBacktestOverfitting(statsOf(returns, 4)));
    expect(r.splits).toBe(6);
    expect(r.probabilityOfOverfitting).toBe(0);
    expect(Array.from(r.chosen)).toEqual([2, 2, 2, 2, 2, 2]);
    for (const l of r.logits) expect(l).toBeCloseTo(Math.log(3), 14);
    expect(r.logitPercentiles.p50).toBeCloseTo(Math.log(3), 14);
  });

  it('ties: identical configurations choose the lowest index and sit at the mid-rank (λ = 0, counted as overfit); no-trade rows read as Sharpe 0', () => {
    const same = [0.01, -0.005, 0.02, -0.01, 0.004, 0.003];
    const tied = ok(probabilityOfBacktestOverfitting(statsOf([same, same, same], 2)));
    expect(Array.from(tied.chosen)).toEqual([0, 0]);
    expect(Array.from(tied.logits)).toEqual([0, 0]); // mid-rank 2 of 3: ω = 2/4
    expect(tied.probabilityOfOverfitting).toBe(1);

    // Config 0 never trades (SR 0 everywhere); config 1 loses in both blocks; config 2 wins in block 0, loses in block 1.
    const flat = [0, 0, 0, 0, 0, 0];
    const loser = [-0.01, -0.02, -0.005, -0.01, -0.03, -0.02];
    const fickle = [0.02, 0.01, 0.03, -0.02, -0.01, -0.015];
    const r = ok(probabilityOfBacktestOverfitting(statsOf([flat, loser, fickle], 2)));
    // IS {0}: fickle wins; OOS it is negative: below flat (0), above loser? loser's block-1 SR = −0.02/0.01 = −2,
    // fickle's = −0.015/0.005 = −3 → rank 1, ω = 1/4. IS {1}: flat (0) beats both negatives; OOS flat 0 is below
    // fickle's positive block 0 and above loser: rank 2, ω = 2/4, λ = 0.
    expect(Array.from(r.chosen)).toEqual([2, 0]);
    expect(r.logits[0]).toBeCloseTo(Math.log(1 / 3), 14);
    expect(r.logits[1]).toBe(0);
    expect(r.probabilityOfOverfitting).toBe(1);
    expect(r.probabilityOfLoss).toBe(0.5);
  });

  it('equals a direct implementation (every split as a bit mask, two-pass Sharpe on the raw returns) on random data, with and without undefined days', () => {
    const rng = mulberry32(7);
    for (const [n, s, days, ruined] of [
      [7, 6, 60, false],
      [12, 8, 97, false],
      [5, 10, 50, false],
      [9, 8, 80, true],
      [6, 16, 64, true],
    ] as const) {
      const returns = edgyReturns(rng, n, days, ruined);
      const blockBounds = bounds(days, s);
      const r = ok(probabilityOfBacktestOverfitting(statsOf(returns, s)));
      const expected = directPbo(returns, blockBounds);
      expect(r.splits).toBe(expected.logits.length);
      expect(r.probabilityOfOverfitting).toBe(expected.pbo);
      expect(Array.from(r.logits).sort((a, b) => a - b)).toEqual([...expected.logits].sort((a, b) => a - b));
      expect(r.probabilityOfLoss).toBe(expected.loss);
      const sortedIs = Array.from(r.inSampleSharpe).sort((a, b) => a - b);
      [...expected.inSample].sort((a, b) => a - b).forEach((v, k) => expect(sortedIs[k]).toBeCloseTo(v * annual, 9));
    }
  });

  it('its two parts, enumerated apart (as on two threads) and joined, give the whole result bit for bit', () => {
    const rng = mulberry32(5);
    for (const [n, s, days, ruined] of [
      [3, 2, 20, false],
      [4, 4, 40, false],
      [7, 6, 60, true],
      [11, 16, 200, false],
      [6, 16, 64, true],
    ] as const) {
      const returns = edgyReturns(rng, n, days, ruined);
      const stats = statsOf(returns, s);
      const whole = ok(probabilityOfBacktestOverfitting(stats));
      const parts = PBO_PARTS.map((part) => enumeratePboSplits(stats, {}, part));
      expect(parts[0].logits.length + parts[1].logits.length).toBe(whole.splits);
      // With two blocks, block 1 is never in sample beside block 0.
      if (s === 2) expect(parts[0].logits.length).toBe(0);
      expect(joinPboSplits(stats, parts)).toEqual(whole);
    }
  });

  it('noise gives PBO near ½; a persistent edge among noise gives PBO near 0 (seeded, S = 16)', () => {
    const rng = mulberry32(11);
    const days = 320;
    const noise = Array.from({ length: 40 }, () => Array.from({ length: days }, () => 0.01 * rng.normal()));
    const overfit = ok(probabilityOfBacktestOverfitting(statsOf(noise, 16)));
    expect(overfit.splits).toBe(12_870);
    expect(overfit.probabilityOfOverfitting).toBeGreaterThan(0.35);
    expect(overfit.probabilityOfOverfitting).toBeLessThan(0.75);
    expect(overfit.degradation.meanOutOfSampleSharpe).toBeLessThan(overfit.degradation.meanInSampleSharpe);

    const edge = noise.map((r, c) => (c === 5 ? r.map((x) => x + 0.004) : r)); // daily SR ≈ 0.4 (≈ 7.6 a year)
    const real = ok(probabilityOfBacktestOverfitting(statsOf(edge, 16)));
    expect(real.probabilityOfOverfitting).toBeLessThan(0.05);
    expect(real.probabilityOfLoss).toBeLessThan(0.05);
  });

  it('refuses odd or too many blocks, fewer than two configurations and malformed statistics', () => {
    expect(probabilityOfBacktestOverfitting(createBlockStatistics(3, 5))).toEqual({ errors: ['blocks must be an even integer in [2, 20], got 5'] });
    expect(probabilityOfBacktestOverfitting(createBlockStatistics(1, 4))).toEqual({ errors: ['PBO compares configurations: needs at least 2, got 1'] });
    const bad = createBlockStatistics(2, 2);
    bad.sum[0] = NaN;
    expect(probabilityOfBacktestOverfitting(bad)).toEqual({ errors: ['sum holds a value that is not a finite number'] });
    expect(probabilityOfBacktestOverfitting({ ...createBlockStatistics(2, 2), count: new Float64Array(3) })).toEqual({
      errors: ['count holds 3 values, expected configurations × blocks = 4'],
    });
  });
});

/**
 * Daily returns of n configurations: some have a small persistent edge so the logits spread; with `ruined`,
 * configuration 1 has undefined (NaN) days from day 30 on, so blocks no longer hold the same number of days for all.
 */
function edgyReturns(rng: ReturnType<typeof mulberry32>, n: number, days: number, ruined: boolean): number[][] {
  return Array.from({ length: n }, (_, c) => Array.from({ length: days }, (_, d) => (ruined && c === 1 && d >= 30 ? NaN : 0.01 * rng.normal() + (c % 3 === 0 ? 0.002 : 0))));
}

/** CSCV straight from the paper: every split as a mask, Sharpe ratios from the raw returns. */
function directPbo(returns: readonly (readonly number[])[], blockBounds: Int32Array): { pbo: number; logits: number[]; loss: number; inSample: number[] } {
  const s = blockBounds.length - 1, n = returns.length;
  const sharpe = (r: readonly number[], mask: number, inSet: boolean): number => {
    const xs: number[] = [];
    for (let b = 0; b < s; b++) if (((mask >> b) & 1) === (inSet ? 1 : 0)) for (let d = blockBounds[b]; d < blockBounds[b + 1]; d++) if (!Number.isNaN(r[d])) xs.push(r[d]);
    if (xs.length < 2) return 0;
    const m = mean(xs);
    const sd = sampleStd(xs, m);
    return sd > 0 ? m / sd : 0;
  };
  const logits: number[] = [], inSample: number[] = [];
  let losses = 0;
  for (let mask = 0; mask < 1 << s; mask++) {
    let bits = 0;
    for (let b = 0; b < s; b++) bits += (mask >> b) & 1;
    if (bits !== s / 2) continue;
    const is = returns.map((r) => sharpe(r, mask, true));
    const oos = returns.map((r) => sharpe(r, mask, false));
    const best = is.indexOf(Math.max(...is));
    const rank = oos.filter((x) => x < oos[best]).length + (oos.filter((x) => x === oos[best]).length + 1) / 2;
    const omega = rank / (n + 1);
    logits.push(Math.log(omega / (1 - omega)));
    inSample.push(is[best]);
    if (oos[best] < 0) losses++;
  }
  return { pbo: logits.filter((l) => l <= 0).length / logits.length, logits, loss: losses / logits.length, inSample };
}
