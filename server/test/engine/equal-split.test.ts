import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../engine/index.ts';
import { bars, cfg, dataOf, lookupWith, scripted } from './helpers.ts';

/**
 * EQUAL_SPLIT on 1,000 of capital, 4 slots, fee 0.1 %, flat candles except A's:
 *   bar 1 open: A enters alone: stake 1000 / 4 = 250 → qty 250 / (100 × 1.001) = 2.497502…, cash 750.
 *   bar 2 open: A exits first at 110: cash 750 + 2.497502 × 110 × 0.999 = 1024.4505…;
 *               then B (confidence 0.9) and C (0.5), the book empty again (4 free slots):
 *               B stakes 1024.4505 / 4 = 256.1126, C stakes (1024.4505 − 256.1126) / 3 = 256.1126.
 */
const flat = (price: number) => Array.from({ length: 4 }, () => [price, price, price, price] as const);
const series = () => [
  bars('A', [[100, 100, 100, 100], [100, 100, 100, 100], [110, 110, 110, 110], [110, 110, 110, 110]]),
  bars('B', flat(50)),
  bars('C', flat(20)),
];
const module = scripted({
  A: { 0: { dir: 'LONG' }, 1: { dir: 'EXIT' } },
  B: { 1: { dir: 'LONG', confidence: 0.9 } },
  C: { 1: { dir: 'LONG', confidence: 0.5 } },
});
const run = (maxOpenPositions: number) =>
  runBacktest(
    dataOf(...series()),
    cfg({ legs: [{ strategy: 'scripted', params: {}, symbols: ['A', 'B', 'C'] }], maxOpenPositions, feeRate: 0.001, sizing: { mode: 'EQUAL_SPLIT', value: 100 } }),
    { strategies: lookupWith(module) },
  );

describe('EQUAL_SPLIT sizing: free cash / free slots at entry', () => {
  it('matches the hand computation', () => {
    const result = run(4);
    const bySymbol = Object.fromEntries(result.trades.map((t) => [t.symbol, t]));
    expect(bySymbol.A.quantity).toBeCloseTo(250 / 100.1, 9);
    const cashAfterA = 750 + (250 / 100.1) * 110 * 0.999;
    expect(cashAfterA).toBeCloseTo(1024.450549, 5);
    expect(bySymbol.B.quantity * 50 * 1.001).toBeCloseTo(256.112637, 5);
    expect(bySymbol.C.quantity * 20 * 1.001).toBeCloseTo(cashAfterA / 4, 6);
    expect(result.entriesShrunkToCash).toBe(0);
  });

  it('with as many slots as entries, the entries take all the cash between them', () => {
    const result = run(2);
    const bySymbol = Object.fromEntries(result.trades.map((t) => [t.symbol, t]));
    expect(bySymbol.A.quantity * 100 * 1.001).toBeCloseTo(500, 6);
    const cashAfterA = 500 + bySymbol.A.quantity * 110 * 0.999;
    expect(bySymbol.B.quantity * 50 * 1.001).toBeCloseTo(cashAfterA / 2, 6);
    expect(bySymbol.C.quantity * 20 * 1.001).toBeCloseTo(cashAfterA / 2, 6);
    expect(result.skippedEntries).toEqual({});
  });
});
