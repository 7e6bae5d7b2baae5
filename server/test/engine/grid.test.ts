import { describe, expect, it } from 'vitest';
import { expandGrid, paramsKey } from '../../engine/optimizer/grid.ts';
import { getStrategy, resolveStrategyParams } from '../../engine/index.ts';

const spec = getStrategy('ema_cross')!;
const base = (resolveStrategyParams('ema_cross', {}) as { params: Record<string, number | boolean> }).params;

describe('parameter grid', () => {
  it('is the Cartesian product over the base, last parameter fastest, skipping constraint violations', () => {
    const grid = expandGrid(spec, { fast: [10, 30], slow: { min: 20, max: 40, step: 10 } }, base, 100);
    if ('errors' in grid) throw new Error(grid.errors.join());
    // fast 30 with slow 20 or 30 breaks fast < slow: 6 - 2 = 4 combinations.
    expect(grid.skippedByConstraint).toBe(2);
    expect(grid.combinations.map((p) => [p.fast, p.slow])).toEqual([
      [10, 20],
      [10, 30],
      [10, 40],
      [30, 40],
    ]);
    expect(grid.combinations[0]).toEqual({ ...base, fast: 10, slow: 20 });
  });

  it('steps without float drift and removes duplicate values', () => {
    const grid = expandGrid(spec, { stopLossPct: { min: 0.1, max: 0.5, step: 0.1 }, fast: [5, 5] }, base, 100);
    if ('errors' in grid) throw new Error(grid.errors.join());
    expect(grid.combinations.map((p) => p.stopLossPct)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
  });

  it('refuses unknown parameters, bad values, malformed ranges and oversized grids with one message each', () => {
    const bad = expandGrid(spec, { nope: [1], fast: [2.5], slow: { min: 50, max: 10, step: 1 }, atrPeriod: 'x' }, base, 100);
    expect('errors' in bad && bad.errors).toEqual([
      expect.stringMatching(/unknown parameter "nope"/),
      'parameterRanges: fast must be an integer, got 2.5',
      'parameterRanges.slow: max must be >= min',
      'parameterRanges.atrPeriod: give a list of values or { min, max, step }',
    ]);
    const big = expandGrid(spec, { fast: { min: 2, max: 101, step: 1 }, slow: { min: 102, max: 201, step: 1 } }, base, 5000);
    expect('errors' in big && big.errors[0]).toMatch(/10000 combinations, more than maxCombinations \(5000\)/);
    expect('errors' in expandGrid(spec, {}, base, 10)).toBe(true);
  });

  it('keys parameter sets canonically', () => {
    expect(paramsKey({ b: 1, a: true })).toBe(paramsKey({ a: true, b: 1 }));
  });
});
