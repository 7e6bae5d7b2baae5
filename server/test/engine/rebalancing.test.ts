import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_SETTINGS, candleSeries, runBacktest, settingsOnSymbols, type BacktestConfig, type FillRecord } from '../../engine/index.ts';
import { HOUR, T0, bars, cfg, dataOf, lookupWith, scripted } from './helpers.ts';

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
    const result = run({ rebalanceEveryBars: 4, rebalanceWeights: [{ symbol: 'A', weight: 0.7 }, { symbol: 'B', weight: 0.3 }] });
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
    expect(() => run({ rebalanceEveryBars: 2, rebalanceWeights: [{ symbol: 'A', weight: 0.7 }, { symbol: 'B', weight: 0.5 }] })).toThrow(/sum to at most 1/);
    expect(() => run({ rebalanceEveryBars: 2, marketType: 'FUTURES', leverage: 2 })).toThrow(/rebalancing is for spot runs/);
    expect(() => run({ rebalanceEveryBars: 2, rebalanceWeights: [{ symbol: 'C', weight: 0.5 }] })).toThrow(/rebalanceWeights\[0\]\.symbol C is not among the run's symbols/);
    expect(() => run({ rebalanceSchedule: 'WEEKLY', rebalanceEveryBars: 2 })).toThrow(/rebalanceEveryBars is for rebalanceSchedule BARS/);
  });

  it('given weights 60 % A and 40 % B: resized at bars 2 and 4, as computed by hand', () => {
    // Bar 2 (A 100, B 100, equity 1,000): targets A 600, B 400 from 500 each: sell 1 B (cash 100), buy 1 A (cash 0): A 6, B 4.
    // Bar 4 (A 120, B 80): A worth 720, B 320, equity 1,040; targets A 624, B 416: sell 96 / 120 = 0.8 A, buy 96 / 80 = 1.2 B: A 5.2, B 5.2.
    // Bar 5 closes at A 108, B 96: 5.2 × 108 + 5.2 × 96 = 561.6 + 499.2 = 1,060.8.
    const result = run({ rebalanceEveryBars: 2, rebalanceWeights: [{ symbol: 'A', weight: 0.6 }, { symbol: 'B', weight: 0.4 }] });
    const byTime = (a: FillRecord, b: FillRecord) => a.timeMs - b.timeMs || (a.side === 'SELL' ? -1 : 1);
    const rebalances = result.fills.filter((f) => f.reason === 'REBALANCE').sort(byTime);
    expect(rebalances.map((f) => [f.timeMs, f.symbol, f.side, f.price])).toEqual([
      [T0 + 2 * HOUR, 'B', 'SELL', 100],
      [T0 + 2 * HOUR, 'A', 'BUY', 100],
      [T0 + 4 * HOUR, 'A', 'SELL', 120],
      [T0 + 4 * HOUR, 'B', 'BUY', 80],
    ]);
    expect(rebalances.map((f) => f.quantity)).toEqual([1, 1, 0.8, 1.2].map((q) => expect.closeTo(q, 9)));
    expect(result.metrics.finalEquity).toBeCloseTo(1060.8, 9);
    const bySymbol = Object.fromEntries(result.trades.map((t) => [t.symbol, t]));
    expect(bySymbol.A.profitLoss).toBeCloseTo(0.8 * 20 + 5.2 * 8, 9); // 16 realised at bar 4, 41.6 at the close
    expect(bySymbol.B.profitLoss).toBeCloseTo(5.2 * 96 - (4 * 100 + 1.2 * 80), 9); // 3.2
  });

  it('closes a position whose symbol is not listed (weight 0), exit reason REBALANCE', () => {
    // Bar 2: B (not listed) sells all 5 at 100 (cash 500), then A buys 500 / 100 = 5 more: 10 A, worth 1,080 at the end.
    const result = run({ rebalanceEveryBars: 2, rebalanceWeights: [{ symbol: 'A', weight: 1 }] });
    const b = result.trades.find((t) => t.symbol === 'B')!;
    expect([b.exitReason, b.exitTimeMs, b.exitPrice, b.quantity]).toEqual(['REBALANCE', T0 + 2 * HOUR, 100, 5]);
    expect(result.fills.filter((f) => f.reason === 'REBALANCE').map((f) => [f.symbol, f.side, f.quantity])).toEqual(
      expect.arrayContaining([
        ['B', 'SELL', 5],
        ['A', 'BUY', expect.closeTo(5, 9)],
      ]),
    );
    expect(result.metrics.finalEquity).toBeCloseTo(1080, 9);
  });
});

describe('calendar rebalancing', () => {
  const DAY = 86_400_000;
  // Daily candles Friday 5 January 2024 to Wednesday 17 January, Monday the 15th missing (both pairs).
  const january = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17].map((d) => Date.UTC(2024, 0, d));
  const daily = (symbol: string, days: number[], prices: number[]) =>
    candleSeries(symbol, DAY, { openTime: days, open: prices, high: prices, low: prices, close: prices, volume: prices.map(() => 1) });
  /** A (these prices) and B (100 throughout) bought at the second candle's open, rebalanced on the schedule. */
  const runOn = (days: number[], a: number[], schedule: BacktestConfig['rebalanceSchedule']) =>
    runBacktest(
      dataOf(daily('A', days, a), daily('B', days, a.map(() => 100))),
      cfg({ legs: [{ strategy: 'scripted', params: {}, symbols: ['A', 'B'] }], maxOpenPositions: 2, feeRate: 0, sizing: { mode: 'EQUAL_SPLIT', value: 100 }, rebalanceSchedule: schedule }),
      { strategies: lookupWith(module) },
    );
  const weekly = (schedule: BacktestConfig['rebalanceSchedule']) => runOn(january, [100, 100, 110, 120, 150, 150, 150, 150, 150, 150, 150, 150], schedule);
  const rebalanceDays = (result: ReturnType<typeof runBacktest>) =>
    [...new Set(result.fills.filter((f) => f.reason === 'REBALANCE').map((f) => new Date(f.timeMs).toISOString().slice(0, 10)))].sort();

  it('WEEKLY rebalances at the first bar of each week that opens in it: Monday the 8th, then Tuesday the 16th (no Monday candle)', () => {
    // 5 A and 5 B bought at Saturday's open at 100. Sunday (A 110) is not a rebalancing bar.
    // Monday 8th (A 120): worth 600 + 500 = 1,100, 550 each: sell 50 / 120 A, buy 0.5 B → A 55/12, B 5.5.
    // Tuesday 9th to Sunday 14th: A at 150 is out of weight but the week has rebalanced already.
    // Tuesday 16th: A worth 687.5, B 550, equity 1,237.5, 618.75 each: sell 68.75 / 150 A, buy 0.6875 B → A 4.125, B 6.1875.
    const result = weekly('WEEKLY');
    const rebalances = result.fills.filter((f) => f.reason === 'REBALANCE');
    expect(rebalanceDays(result)).toEqual(['2024-01-08', '2024-01-16']);
    const quantity = (day: number, symbol: string) => rebalances.find((f) => f.timeMs === Date.UTC(2024, 0, day) && f.symbol === symbol)!.quantity;
    expect(quantity(8, 'A')).toBeCloseTo(50 / 120, 9);
    expect(quantity(8, 'B')).toBeCloseTo(0.5, 9);
    expect(quantity(16, 'A')).toBeCloseTo(68.75 / 150, 9);
    expect(quantity(16, 'B')).toBeCloseTo(0.6875, 9);
    expect(result.metrics.finalEquity).toBeCloseTo(4.125 * 150 + 6.1875 * 100, 9);
  });

  it('DAILY rebalances at every new day where a position is off its weight; MONTHLY at the first bar of February only', () => {
    // Sunday 7th (A 110), Monday 8th (A 120), Tuesday 9th (A 150); afterwards the prices stay and the weights hold.
    expect(rebalanceDays(weekly('DAILY'))).toEqual(['2024-01-07', '2024-01-08', '2024-01-09']);
    expect(rebalanceDays(weekly('MONTHLY'))).toEqual([]);
    // 29 January to 3 February, A moving every day: only 1 February opens a new month.
    const turnOfMonth = [Date.UTC(2024, 0, 29), Date.UTC(2024, 0, 30), Date.UTC(2024, 0, 31), Date.UTC(2024, 1, 1), Date.UTC(2024, 1, 2), Date.UTC(2024, 1, 3)];
    expect(rebalanceDays(runOn(turnOfMonth, [100, 100, 110, 120, 130, 140], 'MONTHLY'))).toEqual(['2024-02-01']);
  });
});

describe('target weights carried to other symbols (a recommendation moving a configuration to another market)', () => {
  const settings = { ...DEFAULT_RUN_SETTINGS, initialCapital: 1000, rebalanceSchedule: 'WEEKLY' as const, rebalanceWeights: [{ symbol: 'A', weight: 0.4 }] };
  it('follow the symbols by position, and keep only the symbols still traded when the count changes', () => {
    expect(settingsOnSymbols(settings, ['A'], ['B']).rebalanceWeights).toEqual([{ symbol: 'B', weight: 0.4 }]);
    expect(settingsOnSymbols(settings, ['A'], ['A'])).toEqual(settings);
    expect(settingsOnSymbols({ ...settings, rebalanceWeights: [{ symbol: 'A', weight: 0.4 }, { symbol: 'C', weight: 0.2 }] }, ['A', 'C'], ['A']).rebalanceWeights).toEqual([{ symbol: 'A', weight: 0.4 }]);
    expect(settingsOnSymbols({ ...settings, rebalanceWeights: [] }, ['A'], ['B']).rebalanceWeights).toEqual([]);
  });
});
