import { describe, expect, it } from 'vitest';
import { runBacktest, type BacktestConfig } from '../../engine/index.ts';
import { bars, cfg, dataOf, lookupWith, scripted } from './helpers.ts';

/**
 * Two pairs bought at bar 1's open with EQUAL_SPLIT (1,000 cash, 2 slots, no fee): 5 A at 100, 5 B at 100.
 * Rebalancing every 2 bars resizes at the opens of bars 2 and 4:
 *   bar 2: A 100, B 100 → each worth 500 = ½ × 1,000: nothing to do;
 *   bar 4: A 120, B 80 → worth 600 and 400, equity 1,000, target 500 each:
 *          sell 100 / 120 = 0.8333 A (cash 100), then buy 100 / 80 = 1.25 B (cash 0);
 *   bar 5: A closes at 108, B at 96 (end of data): 4.1667 × 108 + 6.25 × 96 = 450 + 600 = 1,050.
 * Held without rebalancing: 5 × 108 + 5 × 96 = 1,020.
 */
const candles = (prices: number[]) => prices.map((p) => [p, p, p, p] as const);
const data = () => dataOf(bars('A', candles([100, 100, 100, 120, 120, 108])), bars('B', candles([100, 100, 100, 80, 80, 96])));
const module = scripted({ A: { 0: { dir: 'LONG' } }, B: { 0: { dir: 'LONG' } } });
const run = (overrides: Partial<BacktestConfig>) =>
  runBacktest(
    data(),
    cfg({ legs: [{ strategy: 'scripted', params: {}, symbols: ['A', 'B'] }], maxOpenPositions: 2, feeRate: 0, sizing: { mode: 'EQUAL_SPLIT', value: 100 }, ...overrides }),
    { strategies: lookupWith(module) },
  );

describe('periodic rebalancing to target weights', () => {
  it('resizes to equal weight at every n-th open, sales first, and matches the hand computation', () => {
    const result = run({ rebalanceEveryBars: 2 });
    expect(result.metrics.finalEquity).toBeCloseTo(1050, 9);
    expect(run({ rebalanceEveryBars: null }).metrics.finalEquity).toBeCloseTo(1020, 9);
    const rebalances = result.fills.filter((f) => f.reason === 'REBALANCE');
    expect(rebalances.map((f) => [f.symbol, f.side, f.price])).toEqual([
      ['A', 'SELL', 120],
      ['B', 'BUY', 80],
    ]);
    expect(rebalances[0].quantity).toBeCloseTo(100 / 120, 9);
    expect(rebalances[1].quantity).toBeCloseTo(1.25, 9);
    const bySymbol = Object.fromEntries(result.trades.map((t) => [t.symbol, t]));
    expect(bySymbol.A.profitLoss).toBeCloseTo((100 / 120) * 20 + (5 - 100 / 120) * 8, 9); // 16.67 + 33.33
    expect(bySymbol.B.profitLoss).toBeCloseTo(0, 9); // 6.25 at an average of 96, closed at 96
    expect(bySymbol.B.entryPrice).toBeCloseTo(96, 9);
  });

  it('given weights: 70 % A and 30 % B at bar 4', () => {
    // Equity 1,000 at bar 4's open: A to 700 (buy 100 / 120), B to 300 (sell 100 / 80 first, funding the buy).
    const result = run({ rebalanceEveryBars: 4, rebalanceWeights: { A: 0.7, B: 0.3 } });
    // Fills are listed by trade; the whole purchase could only be paid because the sale came first.
    const rebalances = result.fills.filter((f) => f.reason === 'REBALANCE');
    expect(rebalances.map((f) => [f.symbol, f.side])).toEqual([
      ['A', 'BUY'],
      ['B', 'SELL'],
    ]);
    expect(rebalances[0].quantity).toBeCloseTo(100 / 120, 9);
    expect(rebalances[1].quantity).toBeCloseTo(1.25, 9);
    expect(result.metrics.finalEquity).toBeCloseTo((700 / 120) * 108 + (300 / 80) * 96, 9);
  });

  it('pays the taker fee and slippage on its fills, and refuses bad weights', () => {
    const result = run({ rebalanceEveryBars: 2, feeRate: 0.001, slippageBps: 10 });
    const [sale] = result.fills.filter((f) => f.reason === 'REBALANCE');
    expect(sale.price).toBeCloseTo(120 * (1 - 0.001), 12);
    expect(sale.fee).toBeCloseTo(sale.quantity * sale.price * 0.001, 12);
    expect(() => run({ rebalanceEveryBars: 2, rebalanceWeights: { A: 0.7, B: 0.5 } })).toThrow(/sum to at most 1/);
    expect(() => run({ rebalanceEveryBars: 2, marketType: 'FUTURES', leverage: 2 })).toThrow(/rebalancing is for spot runs/);
  });
});
