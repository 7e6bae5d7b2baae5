import { describe, expect, it } from 'vitest';
import { probabilityOfOutperforming } from '../../engine/optimizer/index.ts';

describe('probability of outperforming', () => {
  it('is near 1 for clearly better trades, near 0 for clearly worse, near ½ for the same, and repeats with its seed', () => {
    const good = Array.from({ length: 40 }, (_, k) => (k % 4 === 0 ? -1 : 2));
    const bad = Array.from({ length: 40 }, (_, k) => (k % 4 === 0 ? 1 : -2));
    expect(probabilityOfOutperforming(good, bad, { iterations: 2_000, seed: 1 })).toBeGreaterThan(0.99);
    expect(probabilityOfOutperforming(bad, good, { iterations: 2_000, seed: 1 })).toBeLessThan(0.01);
    const same = probabilityOfOutperforming(good, good, { iterations: 4_000, seed: 2 });
    expect(same).toBeGreaterThan(0.4);
    expect(same).toBeLessThan(0.6);
    expect(probabilityOfOutperforming(good, bad, { iterations: 500, seed: 9 })).toBe(probabilityOfOutperforming(good, bad, { iterations: 500, seed: 9 }));
  });

  it('compares with a side that never traded as flat, and counts ties as halves', () => {
    // One trade of exactly 0 against none: every draw ties.
    expect(probabilityOfOutperforming([0], [], { iterations: 100, seed: 3 })).toBe(0.5);
    expect(probabilityOfOutperforming([5], [], { iterations: 100, seed: 3 })).toBe(1);
  });
});
