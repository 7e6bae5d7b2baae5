import { describe, expect, it } from 'vitest';
import { getStrategy, mulberry32, resolveStrategyParams, type StrategyParams } from '../../engine/index.ts';
import { createSearch, expandGrid, paramsKey, type ParameterSearch, type SearchOptions, type SearchResult } from '../../engine/optimizer/index.ts';

const spec = getStrategy('ema_cross')!;
const base = (resolveStrategyParams('ema_cross', { stopLossPct: 2, riskReward: 2 }) as { params: StrategyParams }).params;
// The sweep issue's grid: 25 × 45 = 1,125 combinations, 61 break fast < slow.
const ranges = { fast: { min: 3, max: 51, step: 2 }, slow: { min: 20, max: 240, step: 5 } };

function search(options: SearchOptions): ParameterSearch {
  const s = createSearch(spec, ranges, base, options);
  if ('errors' in s) throw new Error(s.errors.join('; '));
  return s;
}

/** A landscape with one broad peak near fast 41, slow 150, ripples that make its exact top a grid point nearby, and a few-trade trap at fast 3, slow 240. */
function score(p: StrategyParams): SearchResult {
  const f = Number(p.fast), s = Number(p.slow);
  const value = 1 - ((f - 41) / 48) ** 2 - ((s - 150) / 220) ** 2 + 0.01 * Math.sin(f * 1.7) * Math.cos(s * 0.3);
  return { params: p, score: f === 3 && s === 240 ? 5 : value, eligible: !(f === 3 && s === 240) };
}

/** Asks in batches of `batch` and tells the scores (shuffled with `order`) until done; returns everything asked. */
function drive(s: ParameterSearch, batch: number, order?: number): StrategyParams[] {
  const asked: StrategyParams[] = [];
  const rng = order === undefined ? null : mulberry32(order);
  while (!s.done) {
    const got = s.ask(batch);
    expect(got.length, 'a search that is not done and has nothing pending must ask').toBeGreaterThan(0);
    asked.push(...got);
    const results = got.map(score);
    if (rng !== null) results.sort(() => rng.next() - 0.5);
    s.tell(results);
  }
  return asked;
}

const keys = (ps: readonly StrategyParams[]): string[] => ps.map(paramsKey);

/** The grid's best by brute force (the trap scores higher but has too few trades). */
const GRID_BEST = { fast: 41, slow: 145 };

describe('GRID search', () => {
  it('asks every valid combination once, in the grid’s order', () => {
    const s = search({ method: 'GRID' });
    expect(s.plannedEvaluations).toBe(1064);
    const grid = expandGrid(spec, ranges, base, 10_000);
    if ('errors' in grid) throw new Error();
    expect(keys(drive(s, 100))).toEqual(keys(grid.combinations));
    expect(s.best()!.params).toMatchObject(GRID_BEST);
    expect(s.best()!.eligible).toBe(true);
  });
});

describe('RANDOM search', () => {
  it('same seed, same rows, however they are asked; distinct valid rows within the budget', () => {
    const a = keys(drive(search({ method: 'RANDOM', budget: 200, seed: 42 }), 7));
    const b = keys(drive(search({ method: 'RANDOM', budget: 200, seed: 42 }), 200, 3));
    const c = keys(drive(search({ method: 'RANDOM', budget: 200, seed: 43 }), 50));
    expect(a).toHaveLength(200);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(new Set(a).size).toBe(200);
    for (const k of a) expect(JSON.parse(k).fast < JSON.parse(k).slow).toBe(true);
  });

  it('a budget above the grid gives every valid combination once', () => {
    const all = drive(search({ method: 'RANDOM', budget: 5000, seed: 1 }), 300);
    expect(all).toHaveLength(1064);
    expect(new Set(keys(all)).size).toBe(1064);
  });
});

describe('ADAPTIVE search', () => {
  it('finds the peak with under 30 % of the evaluations, for every seed, ignoring the few-trade trap', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const s = search({ method: 'ADAPTIVE', budget: 319, seed });
      const asked = drive(s, 64);
      expect(asked.length).toBeLessThanOrEqual(319);
      expect(s.best()!.params, `seed ${seed}`).toMatchObject(GRID_BEST);
    }
  });

  it('same seed, same rows, whatever the batch sizes and the order results arrive in', () => {
    const a = keys(drive(search({ method: 'ADAPTIVE', budget: 150, seed: 9 }), 1000));
    const b = keys(drive(search({ method: 'ADAPTIVE', budget: 150, seed: 9 }), 5, 77));
    expect(a).toHaveLength(150);
    expect(b.slice().sort()).toEqual(a.slice().sort());
    expect(new Set(a).size).toBe(150);
    expect(keys(drive(search({ method: 'ADAPTIVE', budget: 150, seed: 10 }), 1000))).not.toEqual(a);
  });

  it('waits for a generation’s results before the next, and resumes from stored results to the same rows', () => {
    const s = search({ method: 'ADAPTIVE', budget: 120, seed: 5 });
    const first = s.ask(1000);
    expect(first.length).toBeGreaterThan(0);
    expect(s.ask(1000)).toEqual([]); // the first generation is out, nothing told yet
    expect(s.done).toBe(false);
    s.tell(first.slice(0, 3).map(score));
    expect(s.ask(1000)).toEqual([]);
    s.tell(first.slice(3).map(score));
    const stored = new Map<string, SearchResult>();
    for (const p of first) stored.set(paramsKey(p), score(p));
    const next = s.ask(1000);
    expect(next.length).toBeGreaterThan(0);
    for (const p of next) stored.set(paramsKey(p), score(p));
    s.tell(next.map(score));
    const full = [...first, ...next, ...drive(s, 1000)];

    // A restarted process: same search, stored rows told at once, only the rest evaluated.
    const resumed = search({ method: 'ADAPTIVE', budget: 120, seed: 5 });
    const replayed: StrategyParams[] = [];
    let evaluated = 0;
    while (!resumed.done) {
      const got = resumed.ask(1000);
      replayed.push(...got);
      resumed.tell(
        got.map((p) => {
          const known = stored.get(paramsKey(p));
          if (known !== undefined) return known;
          evaluated++;
          return score(p);
        }),
      );
    }
    expect(keys(replayed)).toEqual(keys(full));
    expect(evaluated).toBe(full.length - first.length - next.length);
    expect(resumed.best()).toEqual(s.best());
  });
});

describe('search input', () => {
  it('is refused with one message per problem', () => {
    expect(createSearch(spec, ranges, base, { method: 'RANDOM' } as SearchOptions)).toEqual({
      errors: ['budget must be an integer >= 1 for RANDOM, got undefined', 'seed must be an integer for RANDOM, got undefined'],
    });
    expect(createSearch(spec, { nope: [1] }, base, { method: 'BAYES' as 'GRID' })).toEqual({
      errors: ['method must be one of GRID, RANDOM, ADAPTIVE, got BAYES', expect.stringMatching(/unknown parameter "nope"/)],
    });
    expect(createSearch(spec, ranges, base, { method: 'GRID', maxCombinations: 1000 })).toEqual({ errors: [expect.stringMatching(/1125 combinations, more than maxCombinations \(1000\)/)] });
  });

  it('refuses results for sets it did not ask, or twice', () => {
    const s = search({ method: 'RANDOM', budget: 3, seed: 1 });
    const [p] = s.ask(1);
    expect(() => s.tell([{ params: { ...p, fast: 999 }, score: 1 }])).toThrow(/never asked/);
    s.tell([score(p)]);
    expect(() => s.tell([score(p)])).toThrow(/already told/);
  });
});
