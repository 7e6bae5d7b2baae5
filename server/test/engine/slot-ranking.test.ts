import { describe, expect, it } from 'vitest';
import { candleSeries, compileDocument, runBacktest, type EntryRanking, type SeriesNode } from '../../engine/index.ts';
import { recentVolatility } from '../../engine/simulator/slot-ranking.ts';
import { bars, cfg, dataOf, HOUR, lookupWith, scripted, T0 } from './helpers.ts';

/**
 * Three pairs signal LONG at the same close (bar 3) and compete for the free slots at bar 4's open.
 *   pair  confidence  quote volume at bar 3   closes 0..3 (volatility of log returns)
 *   A     0.5         100 × 50 = 5,000        flat: 0
 *   B     0.9         101 × 10 = 1,010        100, 101, 100, 101: ≈ 0.0115
 *   C     0.7         108.9 × 30 = 3,267      100, 110, 99, 108.9: ≈ 0.1159
 */
const pair = (symbol: string, closes: number[], volumeAt3: number) =>
  candleSeries(symbol, HOUR, {
    openTime: closes.map((_, i) => T0 + i * HOUR),
    open: closes,
    high: closes,
    low: closes,
    close: closes,
    volume: closes.map((_, i) => (i === 3 ? volumeAt3 : 1)),
  });
const series = () => [
  pair('A', [100, 100, 100, 100, 100, 100], 50),
  pair('B', [100, 101, 100, 101, 101, 101], 10),
  pair('C', [100, 110, 99, 108.9, 108.9, 108.9], 30),
];
const module = scripted({ A: { 3: { dir: 'LONG', confidence: 0.5 } }, B: { 3: { dir: 'LONG', confidence: 0.9 } }, C: { 3: { dir: 'LONG', confidence: 0.7 } } });
const run = (entryRanking: EntryRanking, maxOpenPositions: number) =>
  runBacktest(dataOf(...series()), cfg({ legs: [{ strategy: 'scripted', params: {}, symbols: ['A', 'B', 'C'] }], entryRanking, maxOpenPositions, sizing: { mode: 'FIXED_QUOTE', value: 100 } }), { strategies: lookupWith(module) });

describe('entry ranking when signals exceed free slots', () => {
  it('computes the volatility key by hand', () => {
    const r = [Math.log(1.1), Math.log(0.9), Math.log(1.1)];
    const mean = (r[0] + r[1] + r[2]) / 3;
    const sd = Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / 2);
    expect(recentVolatility(Float64Array.from([100, 110, 99, 108.9]), 3)).toBeCloseTo(sd, 14);
    expect(sd).toBeCloseTo(0.11586, 4);
    expect(recentVolatility(Float64Array.from([100, 100, 100, 100]), 3)).toBe(0);
  });

  it.each([
    ['SIGNAL_STRENGTH', ['B'], ['B', 'C']],
    ['VOLUME', ['A'], ['A', 'C']],
    ['VOLATILITY', ['C'], ['B', 'C']],
  ] as const)('%s picks as declared and records the skipped signals with their reason', (ranking, oneSlot, twoSlots) => {
    const one = run(ranking, 1);
    expect(one.trades.map((t) => t.symbol)).toEqual(oneSlot);
    expect(one.skippedEntries).toEqual({ MAX_OPEN_POSITIONS: 2 });
    expect(one.skippedSignals.map((x) => [x.symbol, x.direction, x.reason, x.timeMs, x.signalTimeMs]).sort()).toEqual(
      ['A', 'B', 'C'].filter((p) => p !== oneSlot[0]).map((p) => [p, 'LONG', 'MAX_OPEN_POSITIONS', T0 + 4 * HOUR, T0 + 3 * HOUR]).sort(),
    );
    const two = run(ranking, 2);
    expect(two.trades.map((t) => t.symbol).sort()).toEqual(twoSlots);
    expect(two.skippedEntries).toEqual({ MAX_OPEN_POSITIONS: 1 });
  });

  it('lists each skipped signal with the rank value it lost by', () => {
    const byVolume = run('VOLUME', 1);
    expect(byVolume.skippedSignals.map((x) => [x.symbol, x.rankValue])).toEqual(
      expect.arrayContaining([
        ['B', 101 * 10],
        ['C', expect.closeTo(108.9 * 30, 9)],
      ]),
    );
    const byStrength = run('SIGNAL_STRENGTH', 1);
    expect(Object.fromEntries(byStrength.skippedSignals.map((x) => [x.symbol, x.rankValue]))).toEqual({ A: 0.5, C: 0.7 });
  });

  it('with room for all, ranking changes nothing', () => {
    const symbols = (ranking: EntryRanking) => run(ranking, 3).trades.map((t) => t.symbol).sort();
    expect(symbols('VOLUME')).toEqual(['A', 'B', 'C']);
    expect(symbols('VOLATILITY')).toEqual(symbols('SIGNAL_STRENGTH'));
  });
});

describe('entry ranking by a strategy-document series (STRATEGY_SERIES)', () => {
  // Always long; the rank series is the close (or its negative): A closes at 30, B at 10, C at 20 on every bar.
  const documentRankedBy = (rank: SeriesNode) =>
    compileDocument(
      { language: 1, name: 'ranked', rules: { entryLong: { compare: { op: 'gt', left: { candle: 'close' }, right: { constant: { value: 0 } } } }, rank } },
      'ranked',
    );
  const flat = (symbol: string, price: number) => bars(symbol, Array.from({ length: 5 }, () => [price, price, price, price] as const));
  const runRanked = (rank: SeriesNode) => {
    const module = documentRankedBy(rank);
    return runBacktest(
      dataOf(flat('A', 30), flat('B', 10), flat('C', 20)),
      cfg({ legs: [{ strategy: 'ranked', params: {}, symbols: ['A', 'B', 'C'] }], entryRanking: 'STRATEGY_SERIES', maxOpenPositions: 1 }),
      { strategies: lookupWith(module) },
    );
  };

  it('fills the entry whose series is highest and lists the others with their series value', () => {
    const byClose = runRanked({ candle: 'close' });
    expect(byClose.trades.map((t) => t.symbol)).toEqual(['A']);
    expect(byClose.skippedSignals.slice(0, 2).map((s) => [s.symbol, s.rankValue, s.reason])).toEqual([
      ['C', 20, 'MAX_OPEN_POSITIONS'],
      ['B', 10, 'MAX_OPEN_POSITIONS'],
    ]);
    const byNegativeClose = runRanked({ arithmetic: { op: 'sub', left: { constant: { value: 0 } }, right: { candle: 'close' } } });
    expect(byNegativeClose.trades.map((t) => t.symbol)).toEqual(['B']);
    expect(byNegativeClose.skippedSignals.slice(0, 2).map((s) => [s.symbol, s.rankValue])).toEqual([
      ['C', -20],
      ['A', -30],
    ]);
  });

  it('refuses a strategy without a rank series', () => {
    const unranked = compileDocument({ language: 1, name: 'plain', rules: { entryLong: { compare: { op: 'gt', left: { candle: 'close' }, right: { constant: { value: 0 } } } } } }, 'plain');
    expect(() =>
      runBacktest(dataOf(flat('A', 30)), cfg({ legs: [{ strategy: 'plain', params: {}, symbols: ['A'] }], entryRanking: 'STRATEGY_SERIES' }), { strategies: lookupWith(unranked) }),
    ).toThrow(/STRATEGY_SERIES needs strategies whose document declares rules.rank; plain has none/);
  });
});
