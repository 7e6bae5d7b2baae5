import { describe, expect, it } from 'vitest';
import { runBacktest, type BacktestConfig, type CandleSeries } from '../../engine/index.ts';
import { HOUR, T0, bars, cfg, dataOf, lookupWith, scripted, type Script } from './helpers.ts';

type Row = [number, number, number, number];
const flat = (p: number): Row => [p, p, p, p];

function run(series: CandleSeries[], script: Script, overrides: Partial<BacktestConfig> = {}) {
  const symbols = series.map((s) => s.symbol);
  const module = scripted(script);
  return runBacktest(dataOf(...series), cfg({ legs: [{ strategy: 'scripted', params: {}, symbols }], ...overrides }), { strategies: lookupWith(module) });
}

describe('fills and fees', () => {
  // bar:          0            1 (LONG)           2 (fill @102)      3 (EXIT)            4 (fill @106)  5
  const rows: Row[] = [[100, 101, 99, 100], [100, 102, 99, 101], [102, 104, 101, 103], [103, 105, 102, 104], [106, 107, 105, 106], flat(106)];

  it('enters at the next open after the signal bar and charges fees on both notionals', () => {
    const r = run([bars('A', rows)], { A: { 1: { dir: 'LONG' }, 3: { dir: 'EXIT' } } }, { sizing: { mode: 'FIXED_QUOTE', value: 102 } });
    expect(r.trades).toHaveLength(1);
    const t = r.trades[0];
    // qty = 102 / 102 = 1; entry fee 0.102, exit fee 0.106; P/L = (106 − 102) − 0.208 = 3.792
    expect(t).toMatchObject({ direction: 'LONG', entryBar: 2, exitBar: 4, entryPrice: 102, exitPrice: 106, quantity: 1, exitReason: 'SIGNAL' });
    expect(t.entryTimeMs).toBe(T0 + 2 * HOUR);
    expect(t.exitTimeMs).toBe(T0 + 4 * HOUR); // filled at bar 4's open
    expect(t.fees).toBeCloseTo(0.208, 12);
    expect(t.profitLoss).toBeCloseTo(3.792, 12);
    expect(t.profitLossPct).toBeCloseTo((3.792 / 102) * 100, 12);
    expect(t.signalIndicators).toEqual({ bar: 1 });
    // cash after entry 1000 − 102.102 = 897.898; equity marks the unit at each close.
    const eq = Array.from(r.equity.equity);
    const expected = [1000, 1000, 897.898 + 103, 897.898 + 104, 1003.792, 1003.792];
    eq.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 9));
    expect(Array.from(r.equity.cash)[2]).toBeCloseTo(897.898, 9);
    expect(Array.from(r.equity.openPositions)).toEqual([0, 0, 1, 1, 0, 0]);
    expect(r.metrics.finalEquity).toBeCloseTo(1003.792, 9);
    expect(r.metrics.feesPaid).toBeCloseTo(0.208, 12);
  });

  it('moves market fills against the trader by slippageBps and rounds quantity down to quantityStep', () => {
    const r = run([bars('A', [flat(100), flat(100), [100, 101, 99, 100], [105, 111, 104, 110], [110, 110, 109, 110], flat(110)])], { A: { 1: { dir: 'LONG' }, 3: { dir: 'EXIT' } } }, {
      initialCapital: 10_000,
      slippageBps: 10,
      quantityStep: 1,
      sizing: { mode: 'FIXED_QUOTE', value: 1000 },
    });
    const t = r.trades[0];
    // buy at 100 × 1.001 = 100.1; 1000 / 100.1 = 9.99 → 9 units; sell at 110 × 0.999 = 109.89
    expect(t.entryPrice).toBeCloseTo(100.1, 12);
    expect(t.quantity).toBe(9);
    expect(t.exitPrice).toBeCloseTo(109.89, 12);
    // P/L = 9 × 9.79 − 9 × 100.1 × 0.001 − 9 × 109.89 × 0.001 = 88.11 − 0.9009 − 0.98901 = 86.22009
    expect(t.profitLoss).toBeCloseTo(86.22009, 9);
  });

  it('shorts: borrowed units, 1× collateral, equity marked as collateral + unrealised P/L', () => {
    const rows: Row[] = [flat(100), flat(100), [100, 101, 97, 98], [98, 99, 94, 96], [95, 96, 94, 95], flat(95)];
    const r = run([bars('A', rows)], { A: { 1: { dir: 'SHORT' }, 3: { dir: 'EXIT' } } }, { sizing: { mode: 'FIXED_QUOTE', value: 100 } });
    const t = r.trades[0];
    expect(t).toMatchObject({ direction: 'SHORT', entryPrice: 100, exitPrice: 95, quantity: 1 });
    // P/L = 100 − 95 − 0.1 − 0.095 = 4.805
    expect(t.profitLoss).toBeCloseTo(4.805, 12);
    // cash 1000 − 100 − 0.1 = 899.9 (proceeds held + own collateral); equity at bar 2 close 98 = 899.9 + (200 − 98)
    expect(r.equity.cash[2]).toBeCloseTo(899.9, 12);
    expect(r.equity.equity[2]).toBeCloseTo(1001.9, 12);
    expect(r.equity.equity[5]).toBeCloseTo(1004.805, 12);
  });

  it('does not short when allowShort is off', () => {
    const r = run([bars('A', [flat(100), flat(100), flat(100), flat(100)])], { A: { 1: { dir: 'SHORT' } } }, { allowShort: false });
    expect(r.trades).toHaveLength(0);
  });
});

describe('stop-loss and take-profit', () => {
  const entry: Row[] = [flat(100), flat(100), [100, 101, 99, 100]];
  const long = { A: { 1: { dir: 'LONG', stop: 95, target: 105 } } } as const;

  it('fills the stop when both levels lie inside one bar (conservative)', () => {
    const r = run([bars('A', [...entry, [100, 106, 94, 100], flat(100)])], long);
    const t = r.trades[0];
    expect(t).toMatchObject({ exitReason: 'STOP_LOSS', exitPrice: 95, exitBar: 3, stopLoss: 95, takeProfit: 105 });
    expect(t.exitTimeMs).toBe(T0 + 4 * HOUR); // inside a bar → stamped at its close
    expect(t.profitLoss).toBeCloseTo(-5 - 0.1 - 0.095, 12);
  });

  it('fills the target at its level when only the target is touched', () => {
    const r = run([bars('A', [...entry, [100, 106, 96, 104], flat(100)])], long);
    expect(r.trades[0]).toMatchObject({ exitReason: 'TAKE_PROFIT', exitPrice: 105 });
    expect(r.trades[0].profitLoss).toBeCloseTo(5 - 0.1 - 0.105, 12);
  });

  it('fills at the open when the bar gaps through a level', () => {
    const down = run([bars('A', [...entry, [90, 92, 88, 91], flat(91)])], long);
    expect(down.trades[0]).toMatchObject({ exitReason: 'STOP_LOSS', exitPrice: 90 });
    expect(down.trades[0].exitTimeMs).toBe(T0 + 3 * HOUR); // at the open
    expect(down.trades[0].profitLoss).toBeCloseTo(-10 - 0.1 - 0.09, 12);
    const up = run([bars('A', [...entry, [108, 109, 107, 108], flat(108)])], long);
    expect(up.trades[0]).toMatchObject({ exitReason: 'TAKE_PROFIT', exitPrice: 108 });
    const slipped = run([bars('A', [...entry, [90, 92, 88, 91], flat(91)])], long, { slippageBps: 100 });
    expect(slipped.trades[0].exitPrice).toBeCloseTo(90 * 0.99, 12); // stops are market orders
  });

  it('checks levels from the entry bar on', () => {
    const r = run([bars('A', [flat(100), flat(100), [100, 101, 94, 96], flat(96)])], long);
    expect(r.trades[0]).toMatchObject({ entryBar: 2, exitBar: 2, exitReason: 'STOP_LOSS', exitPrice: 95 });
  });

  it('mirrors the rules for shorts', () => {
    const short = { A: { 1: { dir: 'SHORT', stop: 105, target: 95 } } } as const;
    const both = run([bars('A', [...entry, [100, 106, 94, 100], flat(100)])], short);
    expect(both.trades[0]).toMatchObject({ exitReason: 'STOP_LOSS', exitPrice: 105 });
    expect(both.trades[0].profitLoss).toBeCloseTo(-5 - 0.1 - 0.105, 12);
    const gap = run([bars('A', [...entry, [92, 93, 91, 92], flat(92)])], short);
    expect(gap.trades[0]).toMatchObject({ exitReason: 'TAKE_PROFIT', exitPrice: 92 });
  });

  it('skips an entry whose stop is already crossed at the fill', () => {
    const r = run([bars('A', [flat(100), flat(100), [94, 95, 93, 94], flat(94)])], long);
    expect(r.trades).toHaveLength(0);
    expect(r.skippedEntries.STOP_BEYOND_FILL).toBe(1);
  });

  it('trails the stop behind the best price of the bars before', () => {
    // entry 100 at bar 2's open; bar 2 high 110 moves the reference after bar 2; bar 3: trail 110 × 0.9 = 99, low 98 → 99.
    const r = run([bars('A', [flat(100), flat(100), [100, 110, 99.5, 108], [108, 109, 98, 100], flat(100)])], { A: { 1: { dir: 'LONG' } } }, { trailingStopPct: 10 });
    expect(r.trades[0]).toMatchObject({ exitReason: 'TRAILING_STOP', exitBar: 3 });
    expect(r.trades[0].exitPrice).toBeCloseTo(99, 12);
  });

  it('closes what is left at the last close, flagged END_OF_DATA', () => {
    const r = run([bars('A', [flat(100), flat(100), flat(100), [100, 103, 99, 102]])], { A: { 1: { dir: 'LONG' } } });
    expect(r.trades[0]).toMatchObject({ exitReason: 'END_OF_DATA', exitPrice: 102, exitBar: 3 });
    expect(r.trades[0].exitTimeMs).toBe(T0 + 4 * HOUR);
    expect(r.metrics.finalEquity).toBeCloseTo(1000 + r.trades[0].profitLoss, 12);
  });
});

describe('opposite signals', () => {
  const rows: Row[] = [flat(100), flat(100), flat(100), flat(110), flat(110), [110, 111, 104, 105]];
  const script = { A: { 1: { dir: 'LONG' }, 3: { dir: 'SHORT' } } } as const;

  it('REVERSE (the default): closes the long and opens a short at the same fill', () => {
    const r = run([bars('A', rows)], script);
    expect(r.trades).toHaveLength(2);
    expect(r.trades[0]).toMatchObject({ direction: 'LONG', exitReason: 'REVERSAL', exitPrice: 110, exitBar: 4 });
    const q = 100 / 110;
    expect(r.trades[1]).toMatchObject({ direction: 'SHORT', entryPrice: 110, entryBar: 4, exitReason: 'END_OF_DATA', exitPrice: 105 });
    expect(r.trades[1].quantity).toBeCloseTo(q, 12);
    expect(r.trades[1].profitLoss).toBeCloseTo(q * 5 - q * 110 * 0.001 - q * 105 * 0.001, 12);
    expect(run([bars('A', rows)], script, { oppositeSignal: 'REVERSE' }).trades).toEqual(r.trades);
  });

  it('REVERSE reverses a short into a long the same way', () => {
    const r = run([bars('A', rows)], { A: { 1: { dir: 'SHORT' }, 3: { dir: 'LONG' } } });
    expect(r.trades.map((t) => [t.direction, t.entryBar, t.exitBar, t.exitReason])).toEqual([
      ['SHORT', 2, 4, 'REVERSAL'],
      ['LONG', 4, 5, 'END_OF_DATA'],
    ]);
  });

  it('REVERSE without allowShort: a SHORT signal only closes the long', () => {
    const r = run([bars('A', rows)], script, { allowShort: false });
    expect(r.trades.map((t) => [t.direction, t.exitReason])).toEqual([['LONG', 'SIGNAL']]);
  });

  it('CLOSE only closes; the next signal opens again', () => {
    const r = run([bars('A', rows)], script, { oppositeSignal: 'CLOSE' });
    expect(r.trades.map((t) => [t.direction, t.exitBar, t.exitReason])).toEqual([['LONG', 4, 'SIGNAL']]);
    const again = run([bars('A', [...rows, flat(105), flat(105)])], { A: { 1: { dir: 'LONG' }, 3: { dir: 'SHORT' }, 5: { dir: 'SHORT' } } }, { oppositeSignal: 'CLOSE' });
    expect(again.trades.map((t) => [t.direction, t.entryBar, t.exitReason])).toEqual([
      ['LONG', 2, 'SIGNAL'],
      ['SHORT', 6, 'END_OF_DATA'],
    ]);
  });

  it('IGNORE keeps the position', () => {
    const r = run([bars('A', rows)], script, { oppositeSignal: 'IGNORE' });
    expect(r.trades.map((t) => [t.direction, t.exitReason])).toEqual([['LONG', 'END_OF_DATA']]);
  });
});

describe('position sizing', () => {
  const rows: Row[] = [flat(30), flat(30), flat(30), flat(30)];
  const long = { A: { 1: { dir: 'LONG', stop: 25 } } } as const;

  it('rounds down to quantityStep and skips below minNotional', () => {
    const r = run([bars('A', rows)], long, { quantityStep: 0.1 });
    expect(r.trades[0].quantity).toBe(3.3); // 100 / 30 = 3.33 → 3.3 (notional 99)
    const skipped = run([bars('A', rows)], long, { quantityStep: 0.1, minNotional: 100 });
    expect(skipped.trades).toHaveLength(0);
    expect(skipped.skippedEntries.BELOW_MIN_NOTIONAL).toBe(1);
    expect(run([bars('A', rows)], long, { quantityStep: 0.00001 }).trades[0].quantity).toBe(3.33333);
  });

  it('percent of equity and risk percent given the stop distance', () => {
    const pct = run([bars('A', rows)], long, { sizing: { mode: 'PERCENT_EQUITY', value: 15 } });
    expect(pct.trades[0].quantity).toBeCloseTo(150 / 30, 12); // 15 % of 1000 = 150 notional
    const risk = run([bars('A', rows)], long, { sizing: { mode: 'RISK_PERCENT', value: 1 } });
    expect(risk.trades[0].quantity).toBeCloseTo(10 / 5, 12); // risk 1 % = 10, stop 5 away → 2 units
    const noStop = run([bars('A', rows)], { A: { 1: { dir: 'LONG' } } }, { sizing: { mode: 'RISK_PERCENT', value: 1 } });
    expect(noStop.trades).toHaveLength(0);
    expect(noStop.skippedEntries.NO_STOP_FOR_RISK_SIZING).toBe(1);
  });

  it('never spends cash the account does not have: shrinks to what cash pays, fee included', () => {
    const r = run([bars('A', rows)], long, { initialCapital: 60, sizing: { mode: 'FIXED_QUOTE', value: 100 } });
    const t = r.trades[0];
    expect(t.quantity * 30 * 1.001).toBeLessThanOrEqual(60);
    expect(t.quantity * 30 * 1.001).toBeGreaterThan(60 - 1e-9);
    expect(r.entriesShrunkToCash).toBe(1);
    for (const c of r.equity.cash) expect(c).toBeGreaterThanOrEqual(0);
  });
});

describe('portfolio', () => {
  const rows: Row[] = [flat(100), flat(100), flat(100), flat(100)];
  const script = {
    A: { 1: { dir: 'LONG', confidence: 0.5 } },
    B: { 1: { dir: 'LONG', confidence: 0.9 } },
    C: { 1: { dir: 'LONG', confidence: 0.9 } },
  } as const;
  const series = () => [bars('C', rows), bars('A', rows), bars('B', rows)];

  it('takes simultaneous entries by confidence, then symbol, up to maxOpenPositions', () => {
    const r = run(series(), script, { maxOpenPositions: 2 });
    expect(r.trades.map((t) => t.symbol)).toEqual(['B', 'C']);
    expect(r.skippedEntries.MAX_OPEN_POSITIONS).toBe(1);
    expect(Math.max(...r.equity.openPositions)).toBe(2);
    expect(run(series(), script, { maxOpenPositions: 1 }).trades.map((t) => t.symbol)).toEqual(['B']);
  });

  it('shares one cash balance: the first in order gets the cash', () => {
    const r = run(series(), script, { initialCapital: 150 });
    expect(r.trades.map((t) => t.symbol)).toEqual(['B', 'C']);
    expect(r.trades[0].quantity).toBe(1);
    expect(r.trades[1].quantity).toBeCloseTo((150 - 100.1) / (100 * 1.001), 9);
    expect(r.skippedEntries.INSUFFICIENT_CASH).toBe(1); // A, last in order, finds no cash left
  });

  it('simulates on the union timeline of symbols with different ranges', () => {
    const a = bars('A', [flat(100), flat(100), flat(100), flat(102)]); // bars t0..t3
    const b = bars('B', [flat(50), flat(50), flat(50), flat(55)], 2); // bars t2..t5
    const r = run([a, b], { A: { 1: { dir: 'LONG' } }, B: { 1: { dir: 'LONG' } } });
    expect(Array.from(r.equity.timeMs)).toEqual([0, 1, 2, 3, 4, 5].map((i) => T0 + i * HOUR));
    const byBar = Object.fromEntries(r.trades.map((t) => [t.symbol, t]));
    // A closes at its own last candle (t3), B enters at its bar 2 (t4) and closes at its last (t5).
    expect(byBar.A).toMatchObject({ entryTimeMs: T0 + 2 * HOUR, exitTimeMs: T0 + 4 * HOUR, exitPrice: 102, exitReason: 'END_OF_DATA' });
    expect(byBar.B).toMatchObject({ entryBar: 2, entryTimeMs: T0 + 4 * HOUR, exitBar: 3, exitPrice: 55 });
  });

  it('several legs share the capital; a symbol held by one leg is busy for the others', () => {
    const module = scripted({ A: { 1: { dir: 'LONG' } } });
    const config = cfg({
      legs: [
        { strategy: 'scripted', params: {}, symbols: ['A'] },
        { strategy: 'scripted', params: {}, symbols: ['A'] },
      ],
    });
    const r = runBacktest(dataOf(bars('A', rows)), config, { strategies: lookupWith(module) });
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0].legIndex).toBe(0);
    expect(r.skippedEntries.SYMBOL_BUSY).toBe(1);
  });
});

describe('risk stop', () => {
  it('closes everything at the close and stops once drawdown exceeds maxDrawdownStopPct', () => {
    const rows: Row[] = [flat(100), flat(100), flat(100), [100, 100, 70, 70], flat(70), flat(70)];
    const r = run([bars('A', rows)], { A: { 1: { dir: 'LONG' } } }, { initialCapital: 2000, sizing: { mode: 'FIXED_QUOTE', value: 1000 }, maxDrawdownStopPct: 10 });
    // 10 units at 100 (fee 1). Bar 3 close 70: equity 999 + 700 = 1699, 15.05 % below the 2000 peak → close at 70.
    expect(r.trades[0]).toMatchObject({ exitReason: 'RISK_STOP', exitPrice: 70, exitBar: 3, quantity: 10 });
    expect(r.equity.equity.length).toBe(4); // the run stopped at bar 3
    expect(r.equity.equity[3]).toBeCloseTo(999 + 700 - 0.7, 9);
    expect(r.stoppedReason).toMatch(/drawdown 15\.05% exceeded maxDrawdownStopPct 10%/);
    expect(r.metrics.finalEquity).toBeCloseTo(1698.3, 9);
  });
});
