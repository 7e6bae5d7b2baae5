import { describe, expect, it } from 'vitest';
import { barsPerSecond, EMPTY_EQUITY, etaMs, foldEquity, foldProgress, type ProgressEvent } from '../src/features/backtests/live-run.ts';

const event = (over: Partial<ProgressEvent>): ProgressEvent => ({
  backtestId: '1', status: 'RUNNING', progress: 0, barsProcessed: 0, totalBars: 1000, currentEquity: 1000, tradesSoFar: 0, message: null, ...over,
});
const point = (t: number, equity = 100) => ({ timestamp: new Date(t).toISOString(), equity, drawdown: 0, openPositions: 0 });

describe('live run folding', () => {
  it('accumulates progress, ignores late events, keeps a terminal state, restarts for another run', () => {
    let state = foldProgress(null, event({ status: 'PENDING' }), 0);
    state = foldProgress(state, event({ barsProcessed: 100, progress: 0.1 }), 1000);
    state = foldProgress(state, event({ barsProcessed: 50, progress: 0.05 }), 1500);
    expect(state).toMatchObject({ barsProcessed: 100, updates: 3 });
    state = foldProgress(state, event({ barsProcessed: 600, progress: 0.6 }), 2000);
    // 500 bars in one second, 400 left.
    expect(barsPerSecond(state)).toBe(500);
    expect(etaMs(state)).toBe(800);
    state = foldProgress(state, event({ status: 'COMPLETED', barsProcessed: 1000, progress: 1 }), 2500);
    expect(foldProgress(state, event({ barsProcessed: 700 }), 3000)).toBe(state);
    expect(etaMs(state)).toBeNull();
    expect(foldProgress(state, event({ backtestId: '2' }), 3000)).toMatchObject({ backtestId: '2', updates: 1 });
  });

  it('appends equity batches, replaces the tail when a retry restarts the curve, and takes the stored curve at the end', () => {
    let state = foldEquity(EMPTY_EQUITY, { backtestId: '1', done: false, points: [] });
    expect(state.liveBatches).toBe(0);
    state = foldEquity(state, { backtestId: '1', done: false, points: [point(1), point(2)] });
    state = foldEquity(state, { backtestId: '1', done: false, points: [point(3)] });
    expect(state.points.map((p) => p.timeMs)).toEqual([1, 2, 3]);
    expect(state.liveBatches).toBe(2);
    state = foldEquity(state, { backtestId: '1', done: false, points: [point(2, 99)] });
    expect(state.points.map((p) => [p.timeMs, p.equity])).toEqual([[1, 100], [2, 99]]);
    state = foldEquity(state, { backtestId: '1', done: true, points: [point(1), point(5), point(9)] });
    expect(state).toMatchObject({ done: true, liveBatches: 3 });
    expect(state.points).toHaveLength(3);
  });
});
