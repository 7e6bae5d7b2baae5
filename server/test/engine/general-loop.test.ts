import { describe, expect, it } from 'vitest';
import { concatSeries, createBacktest, generateCandles, getStrategyModule, sliceSeries, type BacktestConfig, type CandleSeries, type StrategyModule } from '../../engine/index.ts';
import { buildTimeline } from '../../engine/simulator/timeline.ts';
import { cfg, dataOf } from './helpers.ts';

// The general loop (bar-loop.ts) asks a slot for a decision only from the candle its strategy's nextDecision
// names on, and the union timeline of symbols with the same open times is built without a merge. These tests
// pin both shortcuts to the plain behaviour: every bar asked, and the k-way merge.

const pairs = [1, 2, 3, 4].map((k) => generateCandles({ bars: 3000, seed: 40 + k, symbol: `P${k}`, regimeBars: 150 }));
/** P4 without its first 400 and last 300 candles, and without 50 candles in the middle: a timeline with holes. */
const holed = concatSeries(sliceSeries(pairs[3], { start: 400, end: 1500 }), sliceSeries(pairs[3], { start: 1550, end: 2700 }));

/** The same strategy without nextDecision: every bar after warm-up is asked. */
function perBar(strategy: string): StrategyModule {
  const module = getStrategyModule(strategy)!;
  return {
    ...module,
    spec: { ...module.spec, name: `${strategy}_per_bar` },
    prepare(ctx) {
      const p = module.prepare(ctx);
      return { warmup: p.warmup, decide: (i, out) => p.decide(i, out), indicatorsAt: (i) => p.indicatorsAt(i) };
    },
  };
}

describe('the general loop’s decisions', () => {
  const markets: Record<string, CandleSeries[]> = {
    'four pairs with the same open times': pairs,
    'three pairs and one with holes': [...pairs.slice(0, 3), holed],
  };
  const variants: Partial<BacktestConfig>[] = [
    { maxOpenPositions: 2, sizing: { mode: 'EQUAL_SPLIT', value: 1 } },
    { maxOpenPositions: 3, sizing: { mode: 'PERCENT_EQUITY', value: 30 }, oppositeSignal: 'CLOSE', entryRanking: 'VOLATILITY' },
    { maxOpenPositions: 4, allowShort: false, trailingStopPct: 1.5, maxDrawdownStopPct: 20 },
    { maxOpenPositions: 2, entryOrderType: 'LIMIT', entryOffset: 0.2, orderValidBars: 3 },
  ];
  const cases = Object.keys(markets).flatMap((market) => variants.map((v): [string, Partial<BacktestConfig>] => [market, v]));

  it.each(cases)('ask only where a signal may come and give the per-bar result exactly, whole and in slices (%s, %j)', (market, overrides) => {
    const series = markets[market];
    const symbols = series.map((s) => s.symbol);
    const plain = [perBar('ema_cross'), perBar('macd_cross')];
    const run = (names: [string, string], slice: number) => {
      const config = cfg({
        legs: [
          { strategy: names[0], params: { fast: 8, slow: 30, stopLossPct: 1.5, riskReward: 2 }, symbols },
          { strategy: names[1], params: { fast: 12, slow: 26, signal: 9 }, symbols: symbols.slice(1, 3) },
        ],
        ...overrides,
      });
      const r = createBacktest(dataOf(...series), config, { strategies: (n) => plain.find((m) => m.spec.name === n) ?? getStrategyModule(n) });
      while (!r.step(slice));
      return r.result();
    };
    const expected = run(['ema_cross_per_bar', 'macd_cross_per_bar'], Infinity);
    expect(new Set(expected.trades.map((t) => t.symbol)).size).toBeGreaterThanOrEqual(3);
    expect(expected.trades.length).toBeGreaterThan(40);
    for (const slice of [Infinity, 1, 37]) {
      const got = run(['ema_cross', 'macd_cross'], slice);
      expect(got.trades).toEqual(expected.trades);
      expect(got.equity).toEqual(expected.equity);
      expect(got.metrics).toEqual(expected.metrics);
      expect(got.skippedEntries).toEqual(expected.skippedEntries);
      expect(got.skippedSignals).toEqual(expected.skippedSignals);
      expect(got.stoppedReason).toBe(expected.stoppedReason);
    }
  });
});

describe('the union timeline', () => {
  /** The k-way merge written plainly: every distinct open time, and each symbol's candle at it. */
  function merged(series: readonly CandleSeries[]) {
    const timeMs = [...new Set(series.flatMap((s) => [...s.openTime]))].sort((a, b) => a - b);
    return { timeMs, barOf: series.map((s) => timeMs.map((t) => s.openTime.indexOf(t))) };
  }
  const plain = (timeline: ReturnType<typeof buildTimeline>) => ({ timeMs: [...timeline.timeMs], barOf: timeline.barOf.map((b) => [...b]) });
  const short = pairs.map((s) => sliceSeries(s, { start: 0, end: 300 }));
  const shortHoled = sliceSeries(holed, { start: 0, end: 200 });

  const cases: Record<string, CandleSeries[]> = {
    'no symbol': [],
    'one symbol': short.slice(0, 1),
    'symbols with the same open times': short,
    'the same series twice': [short[0], short[0]],
    'symbols with different ranges and holes': [short[0], shortHoled],
    'the same length, shifted by a bar': [short[0], sliceSeries(pairs[1], { start: 1, end: 301 })],
  };
  it.each(Object.keys(cases))('is the plain merge for %s', (name) => {
    expect(plain(buildTimeline(cases[name]))).toEqual(merged(cases[name]));
  });
});
