import { describe, expect, it } from 'vitest';
import { neighbourSupport } from '../../engine/optimizer/neighbours.ts';

const r = (fast: number, slow: number, score: number) => ({ params: { fast, slow, stop: 2 }, score });

describe('neighbour support of a recommended combination', () => {
  const axes = { fast: [10, 5, 15], slow: [20, 30, 40] };
  const results = [r(5, 20, 1), r(5, 30, 4), r(5, 40, 0), r(10, 20, 3), r(10, 30, 9), r(10, 40, 5), r(15, 20, 0), r(15, 30, 2), r(15, 40, 1)];

  it('counts the one-step neighbours along each swept axis and how many beat the baseline', () => {
    const { neighbours, supporting, confidence } = neighbourSupport({ fast: 10, slow: 30, stop: 2 }, results, axes, 2.5);
    // Neighbours of (10, 30): (5, 30)=4, (15, 30)=2, (10, 20)=3, (10, 40)=5; above 2.5: 4, 3, 5.
    expect(neighbours.map((n) => n.score).sort()).toEqual([2, 3, 4, 5]);
    expect(supporting).toBe(3);
    expect(confidence).toBeCloseTo(4 / 6, 12);
  });

  it('gives corners fewer neighbours, never counts diagonal or two-step moves, and is 1/2 with none', () => {
    expect(neighbourSupport({ fast: 5, slow: 20, stop: 2 }, results, axes, 0).neighbours.map((n) => n.score).sort()).toEqual([3, 4]);
    expect(neighbourSupport({ fast: 10, slow: 30, stop: 3 }, results, axes, 0).neighbours).toEqual([]);
    expect(neighbourSupport({ fast: 10, slow: 30, stop: 3 }, results, axes, 0).confidence).toBe(0.5);
  });
});
