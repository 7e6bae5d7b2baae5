import { describe, expect, it } from 'vitest';
import { heatmap, robustness, sensitivity, type ParameterAxis } from '../../engine/optimizer/index.ts';

// A 3 × 3 grid of (fast, slow) with a fixed third parameter, scores hand-picked.
const axes: ParameterAxis[] = [
  { name: 'fast', values: [5, 10, 15] },
  { name: 'slow', values: [20, 30, 40] },
];
const r = (fast: number, slow: number, score: number | null) => ({ params: { fast, slow, stop: 2 }, score });
const rows = [r(5, 20, 1), r(5, 30, 4), r(5, 40, 0), r(10, 20, 3), r(10, 30, 9), r(10, 40, 5), r(15, 20, 0), r(15, 30, 2), r(15, 40, null)];

describe('robustness of the best row', () => {
  it('neighbour score statistics and plateau ratio (hand-computed)', () => {
    const x = robustness({ params: { fast: 10, slow: 30, stop: 2 }, score: 9 }, rows, axes, 2.5);
    // Neighbours of (10, 30): 4, 2, 3, 5 → mean 3.5, sample σ² = (0.25 + 2.25 + 0.25 + 2.25) / 3.
    expect(x).toMatchObject({ neighbours: 4, neighbourMean: 3.5, neighbourMin: 2, neighbourMax: 5, supporting: 3, onEdge: false });
    expect(x.neighbourStd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(x.plateauRatio).toBeCloseTo(3.5 / 9, 12);
    expect(x.confidence).toBeCloseTo(4 / 6, 12);
    expect(x.edges).toEqual([
      { name: 'fast', atMin: false, atMax: false },
      { name: 'slow', atMin: false, atMax: false },
    ]);
  });

  it('flags a best row on the edge of a range; null scores are not neighbours', () => {
    const x = robustness({ params: { fast: 15, slow: 30, stop: 2 }, score: 2 }, rows, axes, 0);
    expect(x.edges).toEqual([
      { name: 'fast', atMin: false, atMax: true },
      { name: 'slow', atMin: false, atMax: false },
    ]);
    expect(x.onEdge).toBe(true);
    // (15, 40) has no score: neighbours are (10, 30) = 9 and (15, 20) = 0.
    expect(x.neighbours).toBe(2);
    expect(x.neighbourMean).toBe(4.5);
  });
});

describe('heatmap and sensitivity', () => {
  const threeParams = [...rows.map((row) => ({ params: { ...row.params, stop: 1 }, value: row.score })), ...rows.map((row) => ({ params: row.params, value: row.score === null ? null : row.score * 2 }))];

  it('aggregates over the other parameters: MAX, MEAN, MIN per (x, y) cell', () => {
    const max = heatmap(threeParams, 'fast', 'slow', 'MAX');
    if ('errors' in max) throw new Error(max.errors.join());
    expect(max.xValues).toEqual([5, 10, 15]);
    expect(max.yValues).toEqual([20, 30, 40]);
    expect(max.cells).toEqual([
      [2, 6, 0],
      [8, 18, 4],
      [0, 10, null],
    ]);
    expect(max.counts[2]).toEqual([2, 2, 0]);
    const mean = heatmap(threeParams, 'fast', 'slow', 'MEAN');
    const min = heatmap(threeParams, 'fast', 'slow', 'MIN');
    if ('errors' in mean || 'errors' in min) throw new Error();
    expect(mean.cells[1]).toEqual([6, 13.5, 3]);
    expect(min.cells[1]).toEqual([4, 9, 2]);
    expect(heatmap(threeParams, 'fast', 'fast', 'MAX')).toEqual({ errors: ['paramX and paramY must differ, both are fast'] });
    expect(heatmap(threeParams, 'fast', 'colour', 'MAX')).toEqual({ errors: ['rows have no parameter "colour"'] });
  });

  it('sensitivity: score statistics per value of one parameter', () => {
    const s = sensitivity(rows.map((row) => ({ params: row.params, value: row.score })), 'fast');
    expect(s.map((p) => [p.value, p.count, p.mean, p.min, p.max])).toEqual([
      [5, 3, 5 / 3, 0, 4],
      [10, 3, 17 / 3, 3, 9],
      [15, 2, 1, 0, 2],
    ]);
    expect(s[2].std).toBeCloseTo(Math.SQRT2, 12);
  });
});
