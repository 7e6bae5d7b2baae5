/**
 * Scaling out (partial targets in R, the stop to break-even after the first) and pyramiding (adds at the
 * open, the average entry, the levels that follow it), each rule on a hand-computed case. Every case also
 * runs through the lean sweep path, which must report the same metrics.
 */
import { describe, expect, it } from 'vitest';
import { evaluateMetrics, runBacktest, type BacktestConfig, type CandleSeries } from '../../engine/index.ts';
import { HOUR, T0, bars, cfg, dataOf, lookupWith, scripted, type Script } from './helpers.ts';

type Row = [number, number, number, number];
const flat = (p: number): Row => [p, p, p, p];

function run(series: CandleSeries, script: Script, overrides: Partial<BacktestConfig>) {
  const config = cfg({ legs: [{ strategy: 'scripted', params: {}, symbols: [series.symbol] }], sizing: { mode: 'FIXED_QUOTE', value: 100 }, ...overrides });
  const options = { strategies: lookupWith(scripted(script)) };
  const result = runBacktest(dataOf(series), config, options);
  expect(evaluateMetrics(dataOf(series), config, options).metrics).toEqual(result.metrics);
  return result;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('scaling out', () => {
  // LONG 1 unit at 100 (100 quote), stop 95 → R = 5: the partial targets at 1R = 105 (50 %) and 2R = 110 (25 %).
  const script: Script = { A: { 0: { dir: 'LONG', stop: 95, target: 120 } } };
  const targets = { scaleOutTargets: [{ levelR: 1, fraction: 0.5 }, { levelR: 2, fraction: 0.25 }] };

  it('closes each fraction at its level, moves the stop to break-even, and the trade is the sum of its fills', () => {
    const series = bars('A', [flat(100), [100, 106, 99, 104], [104, 111, 103, 110], [108, 109, 99, 100], flat(100)]);
    const r = run(series, script, { ...targets, breakEvenAfterFirstTarget: true });
    expect(r.trades).toHaveLength(1);
    const t = r.trades[0];
    // 0.5 @ 105 (bar 1), 0.25 @ 110 (bar 2), the last 0.25 stopped at break-even 100 (bar 3: low 99).
    // Fees 0.1 + 0.0525 + 0.0275 + 0.025 = 0.205; P/L 0.5 × 5 + 0.25 × 10 + 0.25 × 0 − 0.205 = 4.795.
    expect(t.exitReason).toBe('STOP_LOSS');
    expect(t.stopLoss).toBe(100);
    expect(t.quantity).toBe(1);
    expect(t.entryPrice).toBe(100);
    expect(t.exitPrice).toBeCloseTo(105, 12);
    expect(t.fees).toBeCloseTo(0.205, 12);
    expect(t.profitLoss).toBeCloseTo(4.795, 12);
    expect(r.fills.map((f) => [f.side, f.reason, f.quantity, f.price, f.timeMs])).toEqual([
      ['BUY', 'ENTRY_MARKET', 1, 100, T0 + HOUR],
      ['SELL', 'TAKE_PROFIT_1', 0.5, 105, T0 + 2 * HOUR],
      ['SELL', 'TAKE_PROFIT_2', 0.25, 110, T0 + 3 * HOUR],
      ['SELL', 'STOP_LOSS', 0.25, 100, T0 + 4 * HOUR],
    ]);
    expect(r.fills.map((f) => f.fee)).toEqual([0.1, 0.5 * 105 * 0.001, 0.25 * 110 * 0.001, 0.25 * 100 * 0.001]);
    expect(sum(r.fills.map((f) => f.fee))).toBeCloseTo(t.fees, 12);
    expect(r.equity.equity.at(-1)).toBeCloseTo(1000 + 4.795, 9);
  });

  it('without break-even the stop stays at 95; the rest exits at the take-profit', () => {
    const series = bars('A', [flat(100), [100, 106, 99, 104], [104, 111, 103, 110], [108, 109, 99, 100], [100, 121, 100, 120], flat(120)]);
    const r = run(series, script, targets);
    const t = r.trades[0];
    // 0.5 × 5 + 0.25 × 10 + 0.25 × 20 = 10 gross; fees 0.1 + 0.0525 + 0.0275 + 0.25 × 120 × 0.001 = 0.21.
    expect(t).toMatchObject({ exitReason: 'TAKE_PROFIT', stopLoss: 95, quantity: 1 });
    expect(t.profitLoss).toBeCloseTo(10 - 0.21, 12);
    expect(r.fills.map((f) => f.reason)).toEqual(['ENTRY_MARKET', 'TAKE_PROFIT_1', 'TAKE_PROFIT_2', 'TAKE_PROFIT']);
  });

  it('a bar touching the stop and a partial target takes the stop for the whole position (counted as ambiguous)', () => {
    const series = bars('A', [flat(100), [100, 106, 94, 100], flat(100)]);
    const r = run(series, script, targets);
    expect(r.trades[0]).toMatchObject({ exitReason: 'STOP_LOSS', exitPrice: 95, quantity: 1 });
    expect(r.fills.map((f) => f.reason)).toEqual(['ENTRY_MARKET', 'STOP_LOSS']);
    expect(r.execution.ambiguousExits).toBe(1);
  });

  it('a gap beyond a partial target fills it at the better open, stamped at the open', () => {
    const series = bars('A', [flat(100), flat(100), [107, 108, 106, 107], flat(107)]);
    const r = run(series, script, targets);
    expect(r.fills[1]).toMatchObject({ reason: 'TAKE_PROFIT_1', price: 107, quantity: 0.5, timeMs: T0 + 2 * HOUR });
    // The rest closes at the end of data: 0.5 × 7 + 0.5 × 7 − fees (0.1 + 0.0535 + 0.0535).
    expect(r.trades[0].profitLoss).toBeCloseTo(7 - 0.207, 12);
  });

  it('takes a list of any length: four targets fill nearest first in one bar, and the rest trails on to the end of data', () => {
    // R = 5: targets at 1R = 105 (20 %), 1.5R = 107.5 (20 %), 2R = 110 (20 %), 3R = 115 (10 %); bar 1 reaches 111, so the
    // first three fill there; bar 2 reaches 116 and fills the fourth; 30 % is left to the end of data at 112.
    const series = bars('A', [flat(100), [100, 111, 99, 110], [110, 116, 109, 112], flat(112)]);
    const four = [{ levelR: 1, fraction: 0.2 }, { levelR: 1.5, fraction: 0.2 }, { levelR: 2, fraction: 0.2 }, { levelR: 3, fraction: 0.1 }];
    const r = run(series, script, { scaleOutTargets: four, feeRate: 0 });
    expect(r.fills.map((f) => [f.reason, f.quantity, f.price, f.timeMs])).toEqual([
      ['ENTRY_MARKET', 1, 100, T0 + HOUR],
      ['TAKE_PROFIT_1', 0.2, 105, T0 + 2 * HOUR],
      ['TAKE_PROFIT_2', 0.2, 107.5, T0 + 2 * HOUR],
      ['TAKE_PROFIT_3', 0.2, 110, T0 + 2 * HOUR],
      ['TAKE_PROFIT_4', 0.1, 115, T0 + 3 * HOUR],
      ['END_OF_DATA', expect.closeTo(0.3, 12), 112, T0 + 4 * HOUR],
    ]);
    // P/L 0.2 × 5 + 0.2 × 7.5 + 0.2 × 10 + 0.1 × 15 + 0.3 × 12 = 1 + 1.5 + 2 + 1.5 + 3.6 = 9.6.
    expect(r.trades[0]).toMatchObject({ exitReason: 'END_OF_DATA', quantity: 1 });
    expect(r.trades[0].profitLoss).toBeCloseTo(9.6, 12);
  });

  it('partial targets that add up to 100 % close the trade at the last one, a take-profit', () => {
    const series = bars('A', [flat(100), [100, 111, 99, 110], flat(110)]);
    const r = run(series, script, { scaleOutTargets: [{ levelR: 1, fraction: 0.5 }, { levelR: 2, fraction: 0.5 }] });
    expect(r.trades[0]).toMatchObject({ exitReason: 'TAKE_PROFIT', quantity: 1 });
    expect(r.trades[0].exitPrice).toBeCloseTo(107.5, 12);
    expect(r.fills.map((f) => [f.reason, f.quantity, f.price])).toEqual([
      ['ENTRY_MARKET', 1, 100],
      ['TAKE_PROFIT_1', 0.5, 105],
      ['TAKE_PROFIT_2', 0.5, 110],
    ]);
  });

  it('needs a stop to measure R by: without one, the partial targets do nothing', () => {
    const series = bars('A', [flat(100), [100, 111, 99, 110], flat(110)]);
    const r = run(series, { A: { 0: { dir: 'LONG' } } }, targets);
    expect(r.fills.map((f) => f.reason)).toEqual(['ENTRY_MARKET', 'END_OF_DATA']);
  });

  it('a SHORT measures R upwards and takes its targets below the entry', () => {
    const series = bars('A', [flat(100), [100, 101, 94, 95], flat(95)]);
    const r = run(series, { A: { 0: { dir: 'SHORT', stop: 105 } } }, targets);
    expect(r.fills.map((f) => [f.side, f.reason, f.quantity, f.price])).toEqual([
      ['SELL', 'ENTRY_MARKET', 1, 100],
      ['BUY', 'TAKE_PROFIT_1', 0.5, 95],
      ['BUY', 'END_OF_DATA', 0.5, 95],
    ]);
    expect(r.trades[0].profitLoss).toBeCloseTo(5 - (0.1 + 0.0475 + 0.0475), 12);
  });
});

describe('pyramiding', () => {
  // LONG at 100 (1 unit), stop 90 and target 130 (ratios 0.9 and 1.3 of the entry); a second LONG signal adds 100 quote at 110.
  const script: Script = { A: { 0: { dir: 'LONG', stop: 90, target: 130 }, 1: { dir: 'LONG', stop: 99 }, 2: { dir: 'LONG', stop: 99 } } };
  const series = bars('A', [flat(100), flat(100), [110, 110, 110, 110], [110, 110, 94, 95], flat(95)]);

  it('adds on a repeated signal, tracks the average entry, and moves the stop with it', () => {
    const r = run(series, script, { pyramidingMaxAdds: 1 });
    expect(r.trades).toHaveLength(1);
    const t = r.trades[0];
    // Q = 1 + 100/110; average = 200 / Q = 104.7619…; stop 0.9 × average = 94.2857… (bar 3's low 94 reaches it).
    const q = 1 + 100 / 110;
    const average = 200 / q;
    expect(t.quantity).toBeCloseTo(q, 12);
    expect(t.entryPrice).toBeCloseTo(average, 10);
    expect(t.exitReason).toBe('STOP_LOSS');
    expect(t.exitPrice).toBeCloseTo(0.9 * average, 10);
    expect(t.takeProfit).toBeCloseTo(1.3 * average, 10);
    // Gross Q × (0.9 × average − average) = −0.1 × 200 = −20; fees 0.1 + 0.1 + 180 × 0.001.
    expect(t.profitLoss).toBeCloseTo(-20 - 0.38, 9);
    // The third LONG signal (bar 2) is past pyramidingMaxAdds and ignored.
    expect(r.fills.map((f) => [f.side, f.reason, f.timeMs])).toEqual([
      ['BUY', 'ENTRY_MARKET', T0 + HOUR],
      ['BUY', 'ADD_MARKET', T0 + 2 * HOUR],
      ['SELL', 'STOP_LOSS', T0 + 4 * HOUR],
    ]);
    expect(r.fills[1].quantity).toBeCloseTo(100 / 110, 12);
    expect(sum(r.fills.slice(0, 2).map((f) => f.quantity))).toBeCloseTo(t.quantity, 12);
    expect(r.equity.equity.at(-1)).toBeCloseTo(1000 - 20.38, 9);
  });

  it('with two adds allowed the third signal adds too; with none (the default) repeated signals are ignored', () => {
    expect(run(series, script, { pyramidingMaxAdds: 2 }).fills.filter((f) => f.reason === 'ADD_MARKET')).toHaveLength(2);
    const plain = run(series, script, {});
    expect(plain.fills.map((f) => f.reason)).toEqual(['ENTRY_MARKET', 'END_OF_DATA']);
    expect(plain.trades[0]).toMatchObject({ entryPrice: 100, quantity: 1, stopLoss: 90 });
  });

  it('an add whose recomputed stop the open has already crossed is skipped (STOP_BEYOND_FILL)', () => {
    // Stop 99 (ratio 0.99). Adding 100 quote at the open 97 would make the average 200 / (1 + 100/97) = 98.48 and
    // the stop 97.49, above the open: skipped. Then the old stop (99), gapped through, fills at the open.
    const gap = bars('A', [flat(100), flat(100), [97, 97, 97, 97], flat(97)]);
    const r = run(gap, { A: { 0: { dir: 'LONG', stop: 99 }, 1: { dir: 'LONG' } } }, { pyramidingMaxAdds: 1 });
    expect(r.skippedEntries).toEqual({ STOP_BEYOND_FILL: 1 });
    expect(r.fills.map((f) => [f.reason, f.price])).toEqual([
      ['ENTRY_MARKET', 100],
      ['STOP_LOSS', 97],
    ]);
  });
});

describe('scaling out and pyramiding on futures', () => {
  it('a partial exit returns its share of the margin and its P/L; an add raises the margin and moves the liquidation price', () => {
    // 100 of margin at 10× → 1,000 notional, 10 units at 100, no fees. Stop 95 → R = 5; 50 % at 1R = 105.
    const series = bars('A', [flat(100), [100, 105, 100, 104], flat(104)]);
    const futures = { marketType: 'FUTURES' as const, leverage: 10, feeRate: 0, scaleOutTargets: [{ levelR: 1, fraction: 0.5 }] };
    const r = run(series, { A: { 0: { dir: 'LONG', stop: 95 } } }, futures);
    expect(r.fills.map((f) => [f.reason, f.quantity, f.price])).toEqual([
      ['ENTRY_MARKET', 10, 100],
      ['TAKE_PROFIT_1', 5, 105],
      ['END_OF_DATA', 5, 104],
    ]);
    // 5 × 5 + 5 × 4 = 45; equity after bar 1: cash 900 + 75 (half the margin, 50, + 25), the rest marked 50 + 5 × 4.
    expect(r.trades[0].profitLoss).toBeCloseTo(45, 9);
    expect(r.equity.equity[1]).toBeCloseTo(1045, 9);
    expect(r.equity.equity.at(-1)).toBeCloseTo(1045, 9);

    // An add of 100 margin at 110 (9.09 units): the margin is 200 and the average 200 × 10 / (10 + 1000/110).
    const rising = bars('A', [flat(100), flat(100), flat(110), flat(110)]);
    const added = run(rising, { A: { 0: { dir: 'LONG' }, 1: { dir: 'LONG' } } }, { marketType: 'FUTURES', leverage: 10, feeRate: 0, pyramidingMaxAdds: 1 });
    const q = 10 + 1000 / 110;
    expect(added.trades[0].quantity).toBeCloseTo(q, 9);
    expect(added.trades[0].entryPrice).toBeCloseTo(2000 / q, 9);
    // Closed at 110 with no fees: 10 × 10 from the first fill, 0 from the add.
    expect(added.trades[0].profitLoss).toBeCloseTo(100, 9);
  });
});
