/**
 * A strategy document names the price of its limit and stop entries with any of its series (rules.entryPriceLong /
 * entryPriceShort): hand-computed cases for the price path, the fill, its expiry, the fallback to the run's
 * entryOffset and the skip when the series has no price. Every case also runs through the lean sweep path.
 */
import { describe, expect, it } from 'vitest';
import { LANGUAGE_VERSION, compileDocument, decisionsOf, evaluateMetrics, lookAheadCheck, runBacktest, type BacktestConfig, type SeriesNode, type StrategyDocument } from '../../engine/index.ts';
import { HOUR, T0, bars, cfg, dataOf, lookupWith } from './helpers.ts';

type Row = [number, number, number, number];
const flat = (p: number): Row => [p, p, p, p];
const constant = (value: number): SeriesNode => ({ constant: { value } });

/** The lowest low of the signal bar and the one before it: a price no setting can express. */
const LOWEST_LOW_OF_TWO: SeriesNode = { arithmetic: { op: 'min', left: { candle: 'low' }, right: { offset: { of: { candle: 'low' }, bars: { value: 1 } } } } };

/** Long when the close crosses above 101, short when it crosses below 90; entry prices from named series. */
function documentWith(entryPrices: { long?: SeriesNode; short?: SeriesNode }): StrategyDocument {
  return {
    language: LANGUAGE_VERSION,
    name: 'entry at a series',
    series: [{ name: 'support', series: LOWEST_LOW_OF_TWO }],
    rules: {
      entryLong: { crossesAbove: { left: { candle: 'close' }, right: constant(101) } },
      entryShort: { crossesBelow: { left: { candle: 'close' }, right: constant(90) } },
      ...(entryPrices.long ? { entryPriceLong: entryPrices.long } : {}),
      ...(entryPrices.short ? { entryPriceShort: entryPrices.short } : {}),
    },
  };
}

function run(rows: readonly Row[], document: StrategyDocument, overrides: Partial<BacktestConfig>) {
  const module = compileDocument(document, 'entry-price-doc');
  const series = bars('A', rows);
  const config = cfg({ legs: [{ strategy: 'entry-price-doc', params: {}, symbols: ['A'] }], allowShort: false, feeRate: 0, sizing: { mode: 'FIXED_QUOTE', value: 97 }, ...overrides });
  const options = { strategies: lookupWith(module) };
  const result = runBacktest(dataOf(series), config, options);
  const lean = evaluateMetrics(dataOf(series), config, options);
  expect(lean.metrics).toEqual(result.metrics);
  expect(lean.execution).toEqual(result.execution);
  expect(lean.skippedEntries).toEqual(result.skippedEntries);
  return result;
}

// Bar 1 closes at 102 (crossing 101): the signal. Its support is min(low 97, previous low 99) = 97, where the
// settings' offset (0 %) would have put the limit at the close, 102. Bar 2's low 98 stays above 97; bar 3's
// low 96 trades through it (its open 99 is above: no gap), so the buy fills at 97; bar 4 ends the data at 98.
const ROWS: Row[] = [[100, 101, 99, 100], [100, 103, 97, 102], [101, 102, 98, 99], [99, 100, 96, 97], [97, 98, 97, 98]];

describe('entry prices from a document series', () => {
  it('a LIMIT entry rests at the series value of the signal bar and fills when price trades through it', () => {
    const r = run(ROWS, documentWith({ long: { ref: 'support' } }), { entryOrderType: 'LIMIT', orderValidBars: 2, makerFeeRate: 0.001 });
    expect(r.trades).toHaveLength(1);
    // 97 quote buys 1 unit at 97; maker fee 0.097; the end of data sells at 98: P/L 1 − 0.097 − 0.098 (taker = feeRate 0).
    expect(r.trades[0]).toMatchObject({ direction: 'LONG', entryBar: 3, entryPrice: 97, quantity: 1, exitReason: 'END_OF_DATA', exitPrice: 98 });
    expect(r.fills[0]).toMatchObject({ reason: 'ENTRY_LIMIT', price: 97, quantity: 1, timeMs: T0 + 3 * HOUR });
    expect(r.fills[0].fee).toBeCloseTo(0.097, 12);
    expect(r.trades[0].profitLoss).toBeCloseTo(1 - 0.097, 12);
  });

  it('is good for orderValidBars as any limit: one bar, and the order at 97 is cancelled with its price', () => {
    const r = run(ROWS, documentWith({ long: { ref: 'support' } }), { entryOrderType: 'LIMIT', orderValidBars: 1 });
    expect(r.trades).toHaveLength(0);
    expect(r.execution.cancelledOrders).toBe(1);
    expect(r.cancelledOrders[0]).toMatchObject({ direction: 'LONG', type: 'LIMIT', price: 97, placedTimeMs: T0 + HOUR, cancelledTimeMs: T0 + 2 * HOUR });
  });

  it('a STOP entry triggers at the series value: a buy stop at the signal high plus 1 fills when a later high reaches it', () => {
    // Bar 1's high 103 + 1 = 104; bar 2 (high 102) and bar 3 (high 100) never reach it; a bar 4 opening 103 and reaching 106 does.
    const rows: Row[] = [...ROWS.slice(0, 4), [103, 106, 102, 105], flat(105)];
    const document = documentWith({ long: { arithmetic: { op: 'add', left: { candle: 'high' }, right: constant(1) } } });
    const r = run(rows, document, { entryOrderType: 'STOP', orderValidBars: 3, sizing: { mode: 'FIXED_QUOTE', value: 104 } });
    expect(r.trades[0]).toMatchObject({ entryBar: 4, entryPrice: 104, quantity: 1 });
    expect(r.fills[0]).toMatchObject({ reason: 'ENTRY_STOP', price: 104 });
  });

  it('without entryPriceLong the run\'s entryOffset applies as before; a market run ignores the named price', () => {
    const offset = run(ROWS, documentWith({}), { entryOrderType: 'LIMIT', entryOffset: 3, orderValidBars: 2 });
    // 3 % below the signal close 102 = 98.94; bar 2's low 98 trades through it (open 101 above): filled at 98.94.
    expect(offset.trades[0].entryPrice).toBeCloseTo(98.94, 12);
    expect(offset.trades[0].entryBar).toBe(2);
    const market = run(ROWS, documentWith({ long: { ref: 'support' } }), {});
    expect(market.trades[0]).toMatchObject({ entryBar: 2, entryPrice: 101 });
  });

  it('a series without a price on the signal bar (below 0 here) skips the entry: NO_ENTRY_PRICE, no order', () => {
    const r = run(ROWS, documentWith({ long: { arithmetic: { op: 'sub', left: { candle: 'low' }, right: constant(200) } } }), { entryOrderType: 'LIMIT', orderValidBars: 5 });
    expect(r.trades).toHaveLength(0);
    expect(r.skippedEntries).toEqual({ NO_ENTRY_PRICE: 1 });
    expect(r.execution.cancelledOrders).toBe(0);
  });

  it('a reversal whose new entry has no price only closes: the long exits on the signal, the short is skipped', () => {
    // Long limit at close + 10 = 112 fills at bar 2's open 101 (a better price); bar 3 closes at 89 below 90: a short
    // signal whose price (low − 200) is below 0, so the long closes at bar 4's open (SIGNAL, not REVERSAL) and nothing opens.
    const rows: Row[] = [[100, 101, 99, 100], [100, 103, 97, 102], [101, 102, 98, 99], [99, 99, 88, 89], [89, 90, 88, 89], flat(89)];
    const document = documentWith({
      long: { arithmetic: { op: 'add', left: { candle: 'close' }, right: constant(10) } },
      short: { arithmetic: { op: 'sub', left: { candle: 'low' }, right: constant(200) } },
    });
    const r = run(rows, document, { entryOrderType: 'LIMIT', allowShort: true, oppositeSignal: 'REVERSE', sizing: { mode: 'FIXED_QUOTE', value: 101 } });
    expect(r.trades.map((t) => [t.direction, t.entryBar, t.entryPrice, t.exitReason, t.exitPrice])).toEqual([['LONG', 2, 101, 'SIGNAL', 89]]);
    expect(r.skippedEntries).toEqual({ NO_ENTRY_PRICE: 1 });
  });

  it('reads only the signal bar and earlier: the look-ahead check finds nothing', () => {
    const module = compileDocument(documentWith({ long: { ref: 'support' }, short: { offset: { of: { candle: 'high' }, bars: { value: 2 } } } }), 'entry-price-doc');
    const rows: Row[] = Array.from({ length: 120 }, (_, i) => { const c = 100 + 12 * Math.sin(i / 4); return [c, c + 1, c - 1, c]; });
    const report = lookAheadCheck(module, bars('A', rows), {});
    expect(report.findings).toEqual([]);
    // Both sides signal on this market, so both prices were compared at every cut.
    const directions = new Set(decisionsOf(module, bars('A', rows), {}).direction);
    expect(directions.has(1) && directions.has(-1)).toBe(true);
  });
});
