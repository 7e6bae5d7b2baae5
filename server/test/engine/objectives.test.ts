import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKTEST_CONFIG, IndicatorCache, evaluateMetrics, generateCandles, getStrategy, resolveStrategyParams } from '../../engine/index.ts';
import {
  checkObjective,
  expandGrid,
  objectiveScore,
  paramsKey,
  percentileRanks,
  rankRows,
  scoreRows,
  type MetricValues,
} from '../../engine/optimizer/index.ts';

/** Metrics of a run with some trades; override what a case needs. */
function metrics(overrides: Partial<MetricValues>): MetricValues {
  return {
    totalTrades: 40, winningTrades: 20, losingTrades: 20, winRate: 50, totalProfitLoss: 0, roi: 0, finalEquity: 1000, cagr: 0,
    maxDrawdown: 10, maxDrawdownPercentage: 1, maxDrawdownDurationMs: 1, avgTradeDurationMs: 1, maxTradeDurationMs: 1,
    profitFactor: 1, expectancy: 0, bestTrade: 1, worstTrade: -1, avgWin: 1, avgLoss: -1, exposurePct: 50, feesPaid: 1,
    buyAndHoldReturn: 0, sharpeRatio: 0, sortinoRatio: 0, calmarRatio: 0, sqn: 0, tailRatio: 0,
    ...overrides,
  };
}

// S(x) = 0.5 + 0.5·tanh(x / scale); tanh(0.5) = 0.46211715726000974, so S = 0.7310585786300049 for roi 10 (scale 20) and sharpe 1 (scale 2).
const S_HALF = 0.7310585786300049;

describe('COMPOSITE', () => {
  it('weights comparable components and puts profitable rows first (hand-computed)', () => {
    // 1 (ROI > 0) + 0.4·0.5 + 0.3·S + 0.2·S + 0.1·(1.5 / 3) = 1.25 + 0.5·S
    expect(objectiveScore(metrics({ winRate: 50, roi: 10, sharpeRatio: 1, profitFactor: 1.5 }), 'COMPOSITE')).toBeCloseTo(1.25 + 0.5 * S_HALF, 12);
    // No trades: win rate, Sharpe and profit factor null → 0; ROI 0 → S = 0.5 and no profitability term.
    const none = metrics({ totalTrades: 0, winningTrades: 0, losingTrades: 0, winRate: null, roi: 0, sharpeRatio: null, profitFactor: null });
    expect(objectiveScore(none, 'COMPOSITE')).toBeCloseTo(0.15, 12);
    // Profit factor capped at 3; wins without a loss (profit factor undefined) count as the cap.
    const capped = objectiveScore(metrics({ roi: 10, sharpeRatio: 1, profitFactor: 7 }), 'COMPOSITE')!;
    const noLoss = objectiveScore(metrics({ roi: 10, sharpeRatio: 1, profitFactor: null, losingTrades: 0 }), 'COMPOSITE')!;
    expect(capped).toBeCloseTo(1.2 + 0.5 * S_HALF + 0.1, 12);
    expect(noLoss).toBeCloseTo(capped, 12);
  });

  it('ranks the issue’s case right: a 70 % win rate that lost money below a modest winner', () => {
    const loser = metrics({ winRate: 70, roi: -9.6, sharpeRatio: -6.3, profitFactor: 0.61 });
    const winner = metrics({ winRate: 35, roi: 10.2, sharpeRatio: 1.2, profitFactor: 1.1 });
    expect(objectiveScore(winner, 'COMPOSITE')!).toBeGreaterThan(objectiveScore(loser, 'COMPOSITE')!);
    // Any profitable row beats any unprofitable one, whatever its win rate.
    expect(objectiveScore(metrics({ winRate: 10, roi: 0.01, sharpeRatio: -1, profitFactor: 1.001 }), 'COMPOSITE')!).toBeGreaterThan(
      objectiveScore(metrics({ winRate: 99, roi: -0.01, sharpeRatio: 3, profitFactor: 3 }), 'COMPOSITE')!,
    );
  });

  it('on a year of synthetic 5m candles the top row made money and has enough trades, whenever one does', () => {
    const base = resolveStrategyParams('ema_cross', { stopLossPct: 2, riskReward: 2 });
    if ('errors' in base) throw new Error(base.errors.join());
    const grid = expandGrid(getStrategy('ema_cross')!, { fast: { min: 3, max: 51, step: 8 }, slow: { min: 20, max: 240, step: 20 } }, base.params, 1000);
    if ('errors' in grid) throw new Error(grid.errors.join());
    let profitableSeen = 0;
    for (const seed of [7, 1, 2]) {
      const candles = generateCandles({ bars: 105_120, seed, symbol: 'YEAR' });
      const data = new Map([['YEAR', candles]]);
      const cache = new IndicatorCache();
      const rows = grid.combinations.map((params) => ({
        key: paramsKey(params),
        metrics: evaluateMetrics(data, { ...DEFAULT_BACKTEST_CONFIG, initialCapital: 10_000, legs: [{ strategy: 'ema_cross', params, symbols: ['YEAR'] }] }, { cache }).metrics,
      }));
      const top = rankRows(rows, 'COMPOSITE')[0];
      if (rows.some((r) => r.metrics.roi > 0 && r.metrics.totalTrades >= 30)) {
        profitableSeen++;
        expect(top.row.metrics.roi, `seed ${seed}`).toBeGreaterThan(0);
        expect(top.row.metrics.totalTrades, `seed ${seed}`).toBeGreaterThanOrEqual(30);
      }
    }
    expect(profitableSeen).toBeGreaterThan(0);
  });
});

describe('single-metric objectives', () => {
  it('score the metric itself; PROFIT_FACTOR is capped at 100 and a run without a loss scores the cap', () => {
    const m = metrics({ sharpeRatio: 1.5, sortinoRatio: 2.5, calmarRatio: 0.7, roi: 12, sqn: 1.9, expectancy: 3.25, profitFactor: 1.8 });
    expect(['SHARPE', 'SORTINO', 'CALMAR', 'ROI', 'SQN', 'EXPECTANCY', 'PROFIT_FACTOR'].map((o) => objectiveScore(m, o as 'ROI'))).toEqual([1.5, 2.5, 0.7, 12, 1.9, 3.25, 1.8]);
    expect(objectiveScore(metrics({ profitFactor: 250 }), 'PROFIT_FACTOR')).toBe(100);
    expect(objectiveScore(metrics({ profitFactor: null, losingTrades: 0, winningTrades: 3 }), 'PROFIT_FACTOR')).toBe(100);
    expect(objectiveScore(metrics({ profitFactor: null, losingTrades: 0, winningTrades: 0 }), 'PROFIT_FACTOR')).toBeNull();
    expect(objectiveScore(metrics({ sharpeRatio: null }), 'SHARPE')).toBeNull();
  });
});

describe('custom objectives', () => {
  it('SCALE: Σ weight × the fixed mapping', () => {
    const m = metrics({ sharpeRatio: 1, maxDrawdownPercentage: 20 });
    // 1·S(1) − 0.5·(20 / 100)
    expect(objectiveScore(m, { weights: { sharpeRatio: 1, maxDrawdownPercentage: -0.5 }, normalise: 'SCALE' })).toBeCloseTo(S_HALF - 0.1, 12);
  });

  it('RANK: percentile ranks with ties at their mean rank and nulls at the bottom', () => {
    expect(percentileRanks([3, null, 1, 3, 2])).toEqual([(2.5 / 3), 0, 0, 2.5 / 3, 1 / 3]);
    expect(percentileRanks([5])).toEqual([1]);
    const rows = [metrics({ sqn: 1, feesPaid: 10 }), metrics({ sqn: 3, feesPaid: 30 }), metrics({ sqn: 2, feesPaid: 20 })];
    // sqn ranks 0, 1, 0.5; feesPaid ranks 0, 1, 0.5 with weight −1.
    expect(scoreRows(rows, { weights: { sqn: 2, feesPaid: -1 }, normalise: 'RANK' })).toEqual([0, 1, 0.5]);
  });

  it('are checked: unknown metrics, bad weights, SCALE without a scale, unknown names', () => {
    expect(checkObjective('COMPOSITE')).toEqual([]);
    expect(checkObjective('BEST' as 'ROI')[0]).toMatch(/unknown objective BEST/);
    expect(checkObjective({ weights: { colour: 1, roi: Number.NaN, feesPaid: 1 } as never, normalise: 'SCALE' })).toEqual([
      'unknown metric "colour" in the objective\'s weights',
      'weight of roi must be a finite number, got NaN',
      expect.stringMatching(/^feesPaid has no fixed scale; use normalise RANK/),
    ]);
    expect(checkObjective({ weights: {}, normalise: 'RANK' })).toEqual(['a custom objective needs at least one weight']);
  });
});

describe('rankRows', () => {
  const row = (key: string, roi: number, totalTrades = 40) => ({ key, metrics: metrics({ roi, totalTrades }) });

  it('never ranks a row below minTrades above one that has them; ties by key; null scores last; a total order', () => {
    const rows = [row('d', 50, 5), row('b', 10), row('a', 10), row('c', 20), { key: 'e', metrics: metrics({ sharpeRatio: null }) }];
    expect(rankRows(rows, 'ROI').map((r) => r.row.key)).toEqual(['c', 'a', 'b', 'e', 'd']);
    expect(rankRows(rows, 'SHARPE').map((r) => r.row.key)).toEqual(['a', 'b', 'c', 'e', 'd']);
    expect(rankRows(rows, 'ROI', { minTrades: 1 }).map((r) => [r.row.key, r.rank, r.eligible])).toEqual([
      ['d', 1, true], ['c', 2, true], ['a', 3, true], ['b', 4, true], ['e', 5, true],
    ]);
    // Same order whatever the input order.
    expect(rankRows([...rows].reverse(), 'ROI').map((r) => r.row.key)).toEqual(['c', 'a', 'b', 'e', 'd']);
    // With no row above minTrades the best is still the best of what there is.
    expect(rankRows([row('x', 1, 3), row('y', 2, 3)], 'ROI')[0]).toMatchObject({ rank: 1, eligible: false, row: { key: 'y' } });
  });
});
