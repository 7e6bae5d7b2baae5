import { describe, expect, it } from 'vitest';
import { monteCarlo, percentile, runBacktest, generateCandles, tradeReturnsPct, type MonteCarloResult } from '../../engine/index.ts';
import { HOUR, T0, bars, cfg, dataOf, lookupWith, scripted } from './helpers.ts';

function ok(result: MonteCarloResult | { errors: string[] }): MonteCarloResult {
  if ('errors' in result) throw new Error(result.errors.join('; '));
  return result;
}

describe('percentile (type 7)', () => {
  it('interpolates between order statistics', () => {
    const xs = [1, 2, 3, 4, 10];
    // h = 4p: p25 → x[1] = 2; p5 → 1 + 0.2·(2 − 1); p95 → 4 + 0.8·(10 − 4).
    expect(percentile(xs, 0.25)).toBe(2);
    expect(percentile(xs, 0.05)).toBeCloseTo(1.2, 12);
    expect(percentile(xs, 0.95)).toBeCloseTo(8.8, 12);
    expect(percentile([7], 0.5)).toBe(7);
  });
});

describe('monteCarlo', () => {
  it('bootstrap of +10 % / −10 %: the four equally likely two-trade paths, enumerated by hand', () => {
    // (+10, +10): +21 %, drawdown 0, streak 0      (+10, −10): −1 %, drawdown 10 % (from 1.1 to 0.99), streak 1
    // (−10, +10): −1 %, drawdown 10 %, streak 1     (−10, −10): −19 %, drawdown 19 %, streak 2
    const r = ok(monteCarlo([10, -10], { iterations: 20_000, seed: 1, method: 'BOOTSTRAP', drawdownLevelPct: 15 }));
    // The 5th, 50th and 95th percentiles fall well inside the 25 % / 50 % / 25 % blocks.
    expect(r.finalReturnPct.p5).toBeCloseTo(-19, 9);
    expect(r.finalReturnPct.p50).toBeCloseTo(-1, 9);
    expect(r.finalReturnPct.p95).toBeCloseTo(21, 9);
    expect(r.maxDrawdownPct.p5).toBe(0);
    expect(r.maxDrawdownPct.p50).toBeCloseTo(10, 9);
    expect(r.maxDrawdownPct.p95).toBeCloseTo(19, 9);
    expect([r.longestLosingStreak.p5, r.longestLosingStreak.p50, r.longestLosingStreak.p95, r.longestLosingStreak.max]).toEqual([0, 1, 2, 2]);
    // Three of four paths lose; one of four draws down more than 15 %. 20,000 draws: σ ≈ 0.003.
    expect(Math.abs(r.probabilityOfLoss - 0.75)).toBeLessThan(0.015);
    expect(Math.abs(r.probabilityOfDrawdownBeyond - 0.25)).toBeLessThan(0.015);
    expect(r).toMatchObject({ method: 'BOOTSTRAP', iterations: 20_000, trades: 2, seed: 1, drawdownLevelPct: 15 });
  });

  it('shuffle keeps the final return (a product does not depend on order) and moves only the path', () => {
    // 1.1 × 0.9 × 1.05 = 1.0395 on every path; the worst order, −10 first then +5 +10 or +10 +5 −10, draws down 10 %.
    const r = ok(monteCarlo([10, -10, 5], { iterations: 600, seed: 3, method: 'SHUFFLE', drawdownLevelPct: 5 }));
    for (const p of Object.values(r.finalReturnPct)) expect(p).toBeCloseTo(3.95, 9);
    expect(r.probabilityOfLoss).toBe(0);
    expect(r.maxDrawdownPct.p95).toBeCloseTo(10, 9);
    expect(r.probabilityOfDrawdownBeyond).toBe(1); // every order draws down 10 % at some point
    expect(r.longestLosingStreak.max).toBe(1);
  });

  it('is reproducible from the seed, and a ruinous trade ends the path at −100 %', () => {
    const returns = Array.from({ length: 200 }, (_, k) => Math.sin(k * 1.3) * 4 + 0.3);
    const a = ok(monteCarlo(returns, { iterations: 500, seed: 42, method: 'BOOTSTRAP', drawdownLevelPct: 20 }));
    expect(ok(monteCarlo(returns, { iterations: 500, seed: 42, method: 'BOOTSTRAP', drawdownLevelPct: 20 }))).toEqual(a);
    expect(ok(monteCarlo(returns, { iterations: 500, seed: 43, method: 'BOOTSTRAP', drawdownLevelPct: 20 })).finalReturnPct).not.toEqual(a.finalReturnPct);
    const ruin = ok(monteCarlo([-150], { iterations: 3, seed: 1, method: 'BOOTSTRAP', drawdownLevelPct: 50 }));
    expect(ruin.finalReturnPct.p50).toBe(-100);
    expect(ruin.maxDrawdownPct.p50).toBe(100);
  });

  it('refuses bad input with one message per problem', () => {
    expect(monteCarlo([], { iterations: 0, seed: 1.5, method: 'JACKKNIFE' as 'SHUFFLE', drawdownLevelPct: 0 })).toEqual({
      errors: [
        'no trades: Monte Carlo needs at least one trade return',
        'iterations must be an integer >= 1, got 0',
        'seed must be an integer, got 1.5',
        'method must be BOOTSTRAP or SHUFFLE, got JACKKNIFE',
        'drawdownLevelPct must be in (0, 100], got 0',
      ],
    });
    expect(monteCarlo([1, Number.NaN], { iterations: 1, seed: 1, method: 'SHUFFLE', drawdownLevelPct: 10 })).toEqual({ errors: ['trade return #1 is NaN, not a finite number'] });
  });
});

describe('tradeReturnsPct', () => {
  it('divides each trade’s P/L by the equity at the close before its entry (hand-checked)', () => {
    const flat = (p: number): [number, number, number, number] => [p, p, p, p];
    // LONG signal at bar 1 fills at bar 2's open (100); EXIT at 3 fills at 4 (110). LONG again at 5 → 6 (110), EXIT 7 → 8 (99).
    const series = bars('A', [flat(100), flat(100), flat(100), flat(105), flat(110), flat(110), flat(110), flat(100), flat(99), flat(99)]);
    const r = runBacktest(dataOf(series), cfg({ initialCapital: 1000, feeRate: 0, sizing: { mode: 'FIXED_QUOTE', value: 500 }, legs: [{ strategy: 'scripted', params: {}, symbols: ['A'] }] }), {
      strategies: lookupWith(scripted({ A: { 1: { dir: 'LONG' }, 3: { dir: 'EXIT' }, 5: { dir: 'LONG' }, 7: { dir: 'EXIT' } } })),
    });
    expect(r.trades).toHaveLength(2);
    expect(r.trades[0].profitLoss).toBeCloseTo(50, 9);
    expect(r.trades[1].profitLoss).toBeCloseTo(-50, 9);
    const returns = tradeReturnsPct(r.trades, r.equity, 1000);
    // First: 5 units × (110 − 100) = 50 on 1000 before entry → 5 %. Second: 500/110 units × (99 − 110) = −50 on 1050 → −4.7619 %.
    expect(returns[0]).toBeCloseTo(5, 12);
    expect(returns[1]).toBeCloseTo((-50 / 1050) * 100, 12);
    expect(r.trades[0].entryTimeMs).toBe(T0 + 2 * HOUR);
  });

  it('feeds Monte Carlo from a real run', () => {
    const candles = generateCandles({ bars: 5000, seed: 3, symbol: 'SYN' });
    const r = runBacktest(dataOf(candles), cfg({ initialCapital: 10_000, sizing: { mode: 'PERCENT_EQUITY', value: 20 }, legs: [{ strategy: 'ema_cross', params: { stopLossPct: 1, riskReward: 2 }, symbols: ['SYN'] }] }));
    const returns = tradeReturnsPct(r.trades, r.equity, 10_000);
    expect(returns.length).toBe(r.trades.length);
    // Compounding the returns in their real order reproduces the run's return closely (entries marked at the previous close).
    const compounded = (returns.reduce((g, x) => g * (1 + x / 100), 1) - 1) * 100;
    expect(Math.abs(compounded - r.metrics.roi)).toBeLessThan(0.5);
    const mc = ok(monteCarlo(returns, { iterations: 2000, seed: 7, method: 'SHUFFLE', drawdownLevelPct: 10 }));
    expect(mc.finalReturnPct.p50).toBeCloseTo(compounded, 9);
  });
});
